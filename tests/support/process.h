// Running the `shoal` binary and real peer clients from tests: with a time limit, with
// their output captured, in the background, and killed with any signal.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace shoal::test {

struct ProcessResult {
    int exit_code = -1;  // 128+N when killed by signal N
    std::string out;
    std::string err;
    bool timed_out = false;
};

class Process {
  public:
    // Starts `argv` (argv[0] found on PATH if it has no '/') in `cwd`, in its own
    // process group, with stdout and stderr captured.
    explicit Process(std::vector<std::string> argv, std::filesystem::path cwd = {},
                     std::vector<std::string> extra_env = {});
    ~Process();  // kills the whole group if still running
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    // Waits until `pred(stdout, stderr)` holds; false on timeout or exit.
    bool wait_for(const std::function<bool(const std::string&, const std::string&)>& pred,
                  std::chrono::milliseconds timeout);
    bool wait_for_output(const std::string& needle, std::chrono::milliseconds timeout);
    void signal(int sig);
    // Waits for exit; kills with SIGKILL after `timeout`.
    ProcessResult wait(std::chrono::milliseconds timeout);
    bool running();
    int pid() const { return pid_; }
    std::string out() const;
    std::string err() const;

  private:
    void reap(bool block);
    int pid_ = -1;
    int status_ = -1;
    bool exited_ = false;
    mutable std::mutex mutex_;
    std::string out_;
    std::string err_;
    std::thread out_reader_;
    std::thread err_reader_;
};

ProcessResult run(std::vector<std::string> argv,
                  std::chrono::milliseconds timeout = std::chrono::seconds(60),
                  std::filesystem::path cwd = {});

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_tcp_port();

// The `shoal` binary under test.
std::string shoal_bin();

// "listening on 127.0.0.1:PORT" from a shoal process's output, or "".
std::string listen_endpoint_of(const std::string& output);

}  // namespace shoal::test
