// JobThread: jobs run one at a time in the order posted; wait_idle() and pending() see the
// running job; stop() drops or finishes the queue as asked, and refuses later jobs.
#include <shoal/common/job_thread.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <thread>
#include <vector>

namespace shoal {
namespace {

TEST(JobThread, RunsJobsInOrderOnItsOwnThread) {
    JobThread jobs(JobThread::OnStop::drop);
    std::vector<int> order;
    std::thread::id ran_on;
    for (int i = 0; i < 100; ++i)
        ASSERT_TRUE(jobs.post([&order, &ran_on, i] {
            order.push_back(i);
            ran_on = std::this_thread::get_id();
        }));
    jobs.wait_idle();
    ASSERT_EQ(order.size(), 100u);
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
    EXPECT_NE(ran_on, std::this_thread::get_id());
    EXPECT_EQ(jobs.pending(), 0u);
}

TEST(JobThread, OnStartRunsOnTheThreadBeforeAnyJob) {
    std::thread::id started_on;
    std::thread::id job_on;
    JobThread jobs(JobThread::OnStop::drop, [&] { started_on = std::this_thread::get_id(); });
    jobs.post([&] { job_on = std::this_thread::get_id(); });
    jobs.wait_idle();
    EXPECT_EQ(started_on, job_on);
    EXPECT_NE(started_on, std::thread::id{});
}

// A job that holds the thread until the test lets it go.
struct Gate {
    std::promise<void> entered;
    std::promise<void> release;
    std::function<void()> job() {
        return [this] {
            entered.set_value();
            release.get_future().wait();
        };
    }
};

TEST(JobThread, PendingCountsTheRunningJob) {
    JobThread jobs(JobThread::OnStop::drop);
    Gate gate;
    auto entered = gate.entered.get_future();
    jobs.post(gate.job());
    jobs.post([] {});
    entered.wait();
    EXPECT_EQ(jobs.pending(), 2u);
    gate.release.set_value();
    jobs.wait_idle();
    EXPECT_EQ(jobs.pending(), 0u);
}

TEST(JobThread, StopDropsQueuedJobsWhenAskedTo) {
    JobThread jobs(JobThread::OnStop::drop);
    Gate gate;
    auto entered = gate.entered.get_future();
    std::atomic<int> ran{0};
    jobs.post(gate.job());
    for (int i = 0; i < 10; ++i)
        jobs.post([&] { ++ran; });
    entered.wait();
    std::thread releaser([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        gate.release.set_value();
    });
    jobs.stop();  // waits for the running job only
    releaser.join();
    EXPECT_EQ(ran, 0);
    EXPECT_FALSE(jobs.post([&] { ++ran; }));
    EXPECT_EQ(ran, 0);
}

TEST(JobThread, StopFinishesQueuedJobsWhenAskedTo) {
    std::atomic<int> ran{0};
    {
        JobThread jobs(JobThread::OnStop::finish);
        Gate gate;
        auto entered = gate.entered.get_future();
        jobs.post(gate.job());
        for (int i = 0; i < 10; ++i)
            jobs.post([&] { ++ran; });
        entered.wait();
        gate.release.set_value();
    }  // the destructor stops
    EXPECT_EQ(ran, 10);
}

TEST(JobThread, WaitIdleReturnsOnceStopped) {
    JobThread jobs(JobThread::OnStop::drop);
    jobs.stop();
    jobs.wait_idle();  // must not hang
    SUCCEED();
}

}  // namespace
}  // namespace shoal
