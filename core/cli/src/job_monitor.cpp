#include "job_monitor.h"

namespace shoal::cli {

JobMonitor::JobMonitor(engine::Engine& engine, std::function<void()> on_news)
    : on_news_(std::move(on_news)) {
    engine.on_update([this](const engine::TorrentUpdate& u) { apply(u); });
    engine.on_event([this](const engine::EngineEvent& e) {
        {
            std::lock_guard lock(mutex_);
            events_.push_back(e);
        }
        if (on_news_) on_news_();
    });
}

void JobMonitor::apply(const engine::TorrentUpdate& u) {
    {
        std::lock_guard lock(mutex_);
        engine::apply_update(u, torrents_);
        if (u.stats) stats_ = *u.stats;
    }
    if (on_news_) on_news_();
}

std::optional<engine::TorrentSnapshot> JobMonitor::snapshot(const engine::TorrentId& id) const {
    std::lock_guard lock(mutex_);
    auto it = torrents_.find(id);
    if (it == torrents_.end()) return std::nullopt;
    return it->second;
}

engine::SessionStats JobMonitor::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

std::vector<engine::EngineEvent> JobMonitor::take_events() {
    std::lock_guard lock(mutex_);
    std::vector<engine::EngineEvent> out(events_.begin(), events_.end());
    events_.clear();
    return out;
}

}  // namespace shoal::cli
