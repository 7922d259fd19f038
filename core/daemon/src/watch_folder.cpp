#include "watch_folder.h"

#include <shoal/common/atomic_file.h>

#include <future>

namespace shoal::daemon {

WatchFolder::WatchFolder(engine::Engine& engine, std::filesystem::path dir,
                         std::function<void(const std::string&)> log,
                         std::chrono::milliseconds interval)
    : engine_(engine), dir_(std::move(dir)), log_(std::move(log)), interval_(interval) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    thread_ = std::thread([this] { run(); });
}

WatchFolder::~WatchFolder() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void WatchFolder::run() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        lock.unlock();
        scan();
        lock.lock();
        cv_.wait_for(lock, interval_, [&] { return stop_; });
    }
}

void WatchFolder::scan() {
    std::error_code ec;
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file(ec) && (ext == ".torrent" || ext == ".magnet"))
            found.push_back(entry.path());
    }
    for (const auto& file : found) {
        auto bytes = read_file(file, 64 << 20);
        engine::AddRequest request;
        if (!bytes) {
            continue;  // perhaps still being written: next round
        }
        if (file.extension() == ".magnet") {
            std::string uri = *bytes;
            while (!uri.empty() && (uri.back() == '\n' || uri.back() == '\r' || uri.back() == ' '))
                uri.pop_back();
            request.source = engine::MagnetSource{uri};
        } else {
            request.source = engine::MetainfoSource{std::move(*bytes), file.string()};
        }
        std::promise<Result<engine::TorrentId>> promise;
        auto future = promise.get_future();
        engine_.add(std::move(request),
                    [&promise](Result<engine::TorrentId> r) { promise.set_value(std::move(r)); });
        if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready) continue;
        auto result = future.get();
        auto renamed = file;
        renamed += result ? ".added" : ".invalid";
        std::filesystem::rename(file, renamed, ec);
        log_(result ? "watch folder: added " + file.filename().string()
                    : "watch folder: " + result.error().message + " (renamed to " +
                          renamed.filename().string() + ")");
    }
}

}  // namespace shoal::daemon
