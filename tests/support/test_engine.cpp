#include "test_engine.h"

#include <future>

namespace shoal::test {

engine::Settings loopback_settings() {
    engine::Settings s;
    s.listen_interfaces = "127.0.0.1";
    s.listen_port = 0;
    s.enable_upnp = false;
    s.enable_natpmp = false;
    s.enable_lsd = false;
    s.enable_dht = false;
    s.dht_bootstrap_nodes = "";
    s.dht_allow_local_nodes = true;
    s.allow_multiple_connections_per_ip = true;
    s.resume_save_interval = 5;
    return s;
}

bool is_complete(const engine::TorrentSnapshot& s) {
    return s.has_metadata &&
           (s.state == engine::TorrentState::seeding ||
            s.state == engine::TorrentState::finished) &&
           s.wanted_done >= s.wanted_size;
}

TestEngine::TestEngine(const std::filesystem::path& profile, engine::Settings settings,
                       bool restore, const std::function<void(engine::Engine&)>& before_start) {
    engine::EngineConfig config;
    config.profile_dir = profile;
    config.settings = std::move(settings);
    config.restore_torrents = restore;
    config.update_interval = std::chrono::milliseconds(200);
    engine_ = std::make_unique<engine::Engine>(config);
    engine_->on_update([this](const engine::TorrentUpdate& u) {
        std::lock_guard lock(mutex_);
        engine::apply_update(u, torrents_);
        if (u.stats) stats_ = *u.stats;
        cv_.notify_all();
    });
    engine_->on_event([this](const engine::EngineEvent& e) {
        std::lock_guard lock(mutex_);
        events_.push_back(e);
        if (e.kind == engine::EngineEvent::Kind::listen_succeeded) endpoints_.push_back(e.message);
        cv_.notify_all();
    });
    if (before_start) before_start(*engine_);
    engine_->start();
}

TestEngine::~TestEngine() {
    shutdown();
}

void TestEngine::shutdown() {
    if (stopped_) return;
    stopped_ = true;
    engine_->shutdown();
}

std::string TestEngine::endpoint(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return !endpoints_.empty(); });
    return endpoints_.empty() ? std::string() : endpoints_.front();
}

Result<engine::TorrentId> TestEngine::add(engine::AddRequest request,
                                          std::chrono::milliseconds timeout) {
    auto promise = std::make_shared<std::promise<Result<engine::TorrentId>>>();
    auto future = promise->get_future();
    engine_->add(std::move(request),
                 [promise](Result<engine::TorrentId> r) { promise->set_value(std::move(r)); });
    if (future.wait_for(timeout) != std::future_status::ready)
        return runtime_error("add timed out");
    return future.get();
}

Result<void> TestEngine::remove(const engine::TorrentId& id, engine::RemoveMode mode,
                                std::chrono::milliseconds timeout) {
    auto promise = std::make_shared<std::promise<Result<void>>>();
    auto future = promise->get_future();
    engine_->remove(id, mode, [promise](Result<void> r) { promise->set_value(std::move(r)); });
    if (future.wait_for(timeout) != std::future_status::ready)
        return runtime_error("remove timed out");
    return future.get();
}

Result<engine::TorrentId> TestEngine::add_complete(engine::AddRequest request,
                                                   std::chrono::milliseconds timeout) {
    auto id = add(std::move(request));
    if (!id) return id;
    if (!wait_complete(*id, timeout))
        return runtime_error("the torrent did not complete: its data did not check");
    return id;
}

std::optional<engine::TorrentSnapshot> TestEngine::wait_for(
    const engine::TorrentId& id, const std::function<bool(const engine::TorrentSnapshot&)>& pred,
    std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    std::optional<engine::TorrentSnapshot> found;
    cv_.wait_for(lock, timeout, [&] {
        auto it = torrents_.find(id);
        if (it != torrents_.end() && pred(it->second)) found = it->second;
        return found.has_value();
    });
    return found;
}

std::optional<engine::TorrentSnapshot> TestEngine::wait_complete(
    const engine::TorrentId& id, std::chrono::milliseconds timeout) {
    return wait_for(id, is_complete, timeout);
}

bool TestEngine::wait_stats(const std::function<bool(const engine::SessionStats&)>& pred,
                            std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return pred(stats_); });
}

std::optional<engine::EngineEvent> TestEngine::wait_event(engine::EngineEvent::Kind kind,
                                                          std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    std::optional<engine::EngineEvent> found;
    cv_.wait_for(lock, timeout, [&] {
        for (const auto& e : events_)
            if (e.kind == kind) found = e;
        return found.has_value();
    });
    return found;
}

std::optional<engine::TorrentSnapshot> TestEngine::snapshot(const engine::TorrentId& id) {
    std::lock_guard lock(mutex_);
    auto it = torrents_.find(id);
    if (it == torrents_.end()) return std::nullopt;
    return it->second;
}

std::vector<engine::EngineEvent> TestEngine::events() {
    std::lock_guard lock(mutex_);
    return events_;
}

std::size_t TestEngine::torrent_count() {
    std::lock_guard lock(mutex_);
    return torrents_.size();
}

}  // namespace shoal::test
