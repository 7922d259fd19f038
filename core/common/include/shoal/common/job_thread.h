// JobThread: one thread that runs the jobs posted to it, one at a time, in order. Shoal's
// background workers (the resume writer, the ledger's root jobs, the v1 roots hashed during
// downloads) are each one of these.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace shoal {

class JobThread {
  public:
    // What stop() does with the jobs still queued: drop them, or run them all first.
    enum class OnStop { drop, finish };

    // `on_start` runs first on the new thread (e.g. to lower its priority).
    explicit JobThread(OnStop on_stop, std::function<void()> on_start = {});
    ~JobThread();  // stop()
    JobThread(const JobThread&) = delete;
    JobThread& operator=(const JobThread&) = delete;

    // False (and the job is dropped) once stop() has begun.
    bool post(std::function<void()> job);
    // Jobs queued plus the one running.
    std::size_t pending() const;
    // Returns once nothing is queued or running, or once stopped.
    void wait_idle();
    // Waits for the running job (and, with OnStop::finish, every queued one); joins.
    void stop();

  private:
    void run(const std::function<void()>& on_start);

    const OnStop on_stop_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    bool busy_ = false;
    bool stop_ = false;
    std::thread thread_;  // last: started once the members above exist
};

}  // namespace shoal
