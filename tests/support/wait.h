// Waiting in tests for something that happens on another thread or in another process.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace shoal::test {

// Polls `pred` until it holds or `limit` has passed; the last answer decides.
inline bool eventually(const std::function<bool()>& pred,
                       std::chrono::milliseconds limit = std::chrono::seconds(30),
                       std::chrono::milliseconds step = std::chrono::milliseconds(200)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (pred()) return true;
        std::this_thread::sleep_for(step);
    }
    return pred();
}

}  // namespace shoal::test
