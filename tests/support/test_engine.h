// TestEngine: a real Engine in a sandbox directory, listening on 127.0.0.1 with UPnP,
// NAT-PMP, LSD and public DHT bootstrap off, plus waiting helpers for tests.
#pragma once

#include <shoal/engine/engine.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace shoal::test {

engine::Settings loopback_settings();

class TestEngine {
  public:
    // `before_start` runs once the engine exists and before it starts (to subscribe to it).
    TestEngine(const std::filesystem::path& profile,
               engine::Settings settings = loopback_settings(), bool restore = true,
               const std::function<void(engine::Engine&)>& before_start = {});
    ~TestEngine();

    engine::Engine& engine() { return *engine_; }
    // "127.0.0.1:port" once the session listens.
    std::string endpoint(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    int port() { return std::stoi(endpoint().substr(endpoint().rfind(':') + 1)); }

    // Adds and waits until the torrent is complete (its data checked): for seeds.
    Result<engine::TorrentId> add_complete(
        engine::AddRequest request, std::chrono::milliseconds timeout = std::chrono::seconds(60));
    Result<engine::TorrentId> add(engine::AddRequest request,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // Removes and waits for the engine's answer.
    Result<void> remove(const engine::TorrentId& id, engine::RemoveMode mode,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Waits until the torrent's latest snapshot satisfies `pred`.
    std::optional<engine::TorrentSnapshot> wait_for(
        const engine::TorrentId& id,
        const std::function<bool(const engine::TorrentSnapshot&)>& pred,
        std::chrono::milliseconds timeout = std::chrono::seconds(60));
    std::optional<engine::TorrentSnapshot> wait_complete(
        const engine::TorrentId& id, std::chrono::milliseconds timeout = std::chrono::seconds(60));
    bool wait_stats(const std::function<bool(const engine::SessionStats&)>& pred,
                    std::chrono::milliseconds timeout = std::chrono::seconds(30));
    std::optional<engine::EngineEvent> wait_event(
        engine::EngineEvent::Kind kind,
        std::chrono::milliseconds timeout = std::chrono::seconds(30));
    std::optional<engine::TorrentSnapshot> snapshot(const engine::TorrentId& id);
    std::vector<engine::EngineEvent> events();
    std::size_t torrent_count();
    void shutdown();

  private:
    std::unique_ptr<engine::Engine> engine_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::map<engine::TorrentId, engine::TorrentSnapshot> torrents_;
    engine::SessionStats stats_;
    std::vector<engine::EngineEvent> events_;
    std::vector<std::string> endpoints_;
    bool stopped_ = false;
};

bool is_complete(const engine::TorrentSnapshot& s);

}  // namespace shoal::test
