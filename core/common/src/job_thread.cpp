#include <shoal/common/job_thread.h>

namespace shoal {

JobThread::JobThread(OnStop on_stop, std::function<void()> on_start)
    : on_stop_(on_stop), thread_([this, start = std::move(on_start)] { run(start); }) {}

JobThread::~JobThread() {
    stop();
}

bool JobThread::post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stop_) return false;
        jobs_.push_back(std::move(job));
    }
    cv_.notify_all();
    return true;
}

std::size_t JobThread::pending() const {
    std::lock_guard lock(mutex_);
    return jobs_.size() + (busy_ ? 1 : 0);
}

void JobThread::wait_idle() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return (jobs_.empty() && !busy_) || stop_; });
}

void JobThread::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        if (on_stop_ == OnStop::drop) jobs_.clear();
    }
    cv_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void JobThread::run(const std::function<void()>& on_start) {
    if (on_start) on_start();
    std::unique_lock lock(mutex_);
    for (;;) {
        cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopped, nothing left to run
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        busy_ = true;
        lock.unlock();
        job();
        lock.lock();
        busy_ = false;
        cv_.notify_all();
    }
}

}  // namespace shoal
