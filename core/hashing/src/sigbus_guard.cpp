#include "sigbus_guard.h"

#include <csetjmp>
#include <csignal>
#include <mutex>

namespace shoal::hashing {
namespace {

thread_local sigjmp_buf* volatile t_jump = nullptr;

std::mutex g_install_mutex;
struct sigaction g_previous {};  // the handler ours stood in front of

void on_sigbus(int sig, siginfo_t* info, void* context) {
    if (sigjmp_buf* jump = t_jump) siglongjmp(*jump, 1);
    // Not ours: hand the fault to whoever handled it before.
    if (g_previous.sa_flags & SA_SIGINFO) {
        g_previous.sa_sigaction(sig, info, context);
        return;
    }
    if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
        g_previous.sa_handler(sig);
        return;
    }
    // Default disposition: the faulting access runs again and ends the process.
    std::signal(SIGBUS, SIG_DFL);
}

// Libraries (libtorrent among them) install their own SIGBUS handler when they first need
// it, without passing on faults that are not theirs; so ours goes back in front whenever it
// was replaced, passing theirs the faults it does not take.
void ensure_installed() {
    std::lock_guard lock(g_install_mutex);
    struct sigaction current {};
    ::sigaction(SIGBUS, nullptr, &current);
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == &on_sigbus) return;
    struct sigaction ours {};
    ours.sa_sigaction = &on_sigbus;
    sigemptyset(&ours.sa_mask);
    ours.sa_flags = SA_SIGINFO;
    g_previous = current;
    ::sigaction(SIGBUS, &ours, nullptr);
}

}  // namespace

bool run_catching_sigbus(void (*fn)(void*), void* context) {
    ensure_installed();
    sigjmp_buf jump;
    sigjmp_buf* volatile outer = t_jump;
    if (sigsetjmp(jump, 1) != 0) {
        t_jump = outer;
        return false;
    }
    t_jump = &jump;
    fn(context);
    t_jump = outer;
    return true;
}

}  // namespace shoal::hashing
