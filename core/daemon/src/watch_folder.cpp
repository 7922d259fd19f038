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
    std::filesystem::directory_iterator it(dir_, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const auto ext = it->path().extension();
        std::error_code type_ec;
        if (it->is_regular_file(type_ec) && (ext == ".torrent" || ext == ".magnet"))
            found.push_back(it->path());
    }
    for (const auto& file : found) {
        {
            std::lock_guard lock(mutex_);
            if (stop_) return;
        }
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
        // Shared: the engine may answer after this scan gave up waiting.
        auto promise = std::make_shared<std::promise<Result<engine::TorrentId>>>();
        auto future = promise->get_future();
        engine_.add(std::move(request),
                    [promise](Result<engine::TorrentId> r) { promise->set_value(std::move(r)); });
        if (future.wait_for(std::chrono::seconds(120)) != std::future_status::ready) return;
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
