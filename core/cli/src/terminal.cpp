#include "terminal.h"

#include "exit_codes.h"

#include <csignal>
#include <cstdio>
#include <ctime>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace shoal::cli {

int fail(const Error& e) {
    std::fprintf(stderr, "shoal: %s\n", e.message.c_str());
    return exit_code_for(e);
}

bool stdout_is_terminal() {
    return ::isatty(STDOUT_FILENO) == 1;
}

int terminal_width() {
    struct winsize ws {};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) return ws.ws_col;
    return 80;
}

namespace {
// The main loop's wake-up: a signal like the stop signals, blocked everywhere and taken by
// the same sigtimedwait, so that news and Ctrl-C end the same wait. (Signals belong to the
// process: the thread to wake is the one that blocked them, at start-up.)
constexpr int kWakeSignal = SIGUSR1;
pthread_t main_thread;
bool main_thread_known = false;

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, kWakeSignal);
    return set;
}
}  // namespace

void block_stop_signals() {
    sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    main_thread = pthread_self();
    main_thread_known = true;
    // Writing to a closed pipe (`shoal get | head`) must not kill us before we save state.
    std::signal(SIGPIPE, SIG_IGN);
}

int wait_for_stop_signal(std::chrono::milliseconds timeout) {
    sigset_t set = stop_signals();
    struct timespec ts {};
    ts.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    ts.tv_nsec = static_cast<long>(timeout.count() % 1000) * 1000000L;
    int sig = ::sigtimedwait(&set, nullptr, &ts);
    return sig > 0 && sig != kWakeSignal ? sig : 0;
}

void wake_main_loop() {
    if (main_thread_known) pthread_kill(main_thread, kWakeSignal);
}

}  // namespace shoal::cli
