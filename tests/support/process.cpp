#include "process.h"

#include <arpa/inet.h>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <regex>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace shoal::test {
namespace {

void read_into(int fd, std::mutex& m, std::string& buf) {
    char chunk[4096];
    for (;;) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        std::lock_guard lock(m);
        buf.append(chunk, static_cast<std::size_t>(n));
    }
    ::close(fd);
}

}  // namespace

std::string shoal_bin() {
    return SHOAL_BIN;
}

int free_tcp_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

Process::Process(std::vector<std::string> argv, std::filesystem::path cwd,
                 std::vector<std::string> extra_env) {
    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::setpgid(0, 0);
        // Tests run with SIGINT/SIGTERM unblocked and at their default actions.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::dup2(out_pipe[1], STDOUT_FILENO);
        ::dup2(err_pipe[1], STDERR_FILENO);
        int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
        for (const auto& kv : extra_env)
            ::putenv(const_cast<char*>(kv.c_str()));
        std::vector<char*> args;
        for (auto& a : argv)
            args.push_back(a.data());
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    out_reader_ = std::thread(read_into, out_pipe[0], std::ref(mutex_), std::ref(out_));
    err_reader_ = std::thread(read_into, err_pipe[0], std::ref(mutex_), std::ref(err_));
}

Process::~Process() {
    if (!exited_) {
        ::kill(-pid_, SIGKILL);
        reap(true);
    }
    if (out_reader_.joinable()) out_reader_.join();
    if (err_reader_.joinable()) err_reader_.join();
}

void Process::reap(bool block) {
    if (exited_) return;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
    if (r == pid_) {
        exited_ = true;
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        // Children it left behind go with it.
        ::kill(-pid_, SIGKILL);
    }
}

bool Process::running() {
    reap(false);
    return !exited_;
}

std::string Process::out() const {
    std::lock_guard lock(mutex_);
    return out_;
}

std::string Process::err() const {
    std::lock_guard lock(mutex_);
    return err_;
}

bool Process::wait_for(const std::function<bool(const std::string&, const std::string&)>& pred,
                       std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred(out(), err())) return true;
        if (!running()) return pred(out(), err());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

bool Process::wait_for_output(const std::string& needle, std::chrono::milliseconds timeout) {
    return wait_for(
        [&](const std::string& o, const std::string& e) {
            return o.find(needle) != std::string::npos || e.find(needle) != std::string::npos;
        },
        timeout);
}

void Process::signal(int sig) {
    if (!exited_) ::kill(pid_, sig);
}

ProcessResult Process::wait(std::chrono::milliseconds timeout) {
    ProcessResult r;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!exited_) {
        r.timed_out = true;
        ::kill(-pid_, SIGKILL);
        reap(true);
    }
    if (out_reader_.joinable()) out_reader_.join();
    if (err_reader_.joinable()) err_reader_.join();
    r.exit_code = status_;
    r.out = out();
    r.err = err();
    return r;
}

ProcessResult run(std::vector<std::string> argv, std::chrono::milliseconds timeout,
                  std::filesystem::path cwd) {
    Process p(std::move(argv), std::move(cwd));
    return p.wait(timeout);
}

std::string listen_endpoint_of(const std::string& err) {
    static const std::regex re("listening on (127\\.0\\.0\\.1:[0-9]+)");
    std::smatch m;
    return std::regex_search(err, m, re) ? m[1].str() : std::string();
}

}  // namespace shoal::test
