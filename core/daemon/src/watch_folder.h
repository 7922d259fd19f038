// WatchFolder: .torrent and .magnet files dropped into a folder are added, then renamed
// to NAME.added (or NAME.invalid, with the reason logged), so that each is taken once
// (internal).
#pragma once

#include <shoal/engine/engine.h>

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

namespace shoal::daemon {

class WatchFolder {
  public:
    WatchFolder(engine::Engine& engine, std::filesystem::path dir,
                std::function<void(const std::string&)> log,
                std::chrono::milliseconds interval = std::chrono::seconds(2));
    ~WatchFolder();

  private:
    void run();
    void scan();

    engine::Engine& engine_;
    std::filesystem::path dir_;
    std::function<void(const std::string&)> log_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace shoal::daemon
