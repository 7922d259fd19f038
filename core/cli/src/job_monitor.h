// JobMonitor: the command line's view of the engine. Engine callbacks (on the engine
// thread) land here and wake the main loop, which reads the latest snapshots and pending
// events (internal).
#pragma once

#include <shoal/engine/engine.h>

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace shoal::cli {

class JobMonitor {
  public:
    // `on_news` runs (on the engine thread) after each update or event is taken in.
    JobMonitor(engine::Engine& engine, std::function<void()> on_news);

    std::optional<engine::TorrentSnapshot> snapshot(const engine::TorrentId& id) const;
    engine::SessionStats stats() const;
    std::vector<engine::EngineEvent> take_events();

  private:
    void apply(const engine::TorrentUpdate& update);

    mutable std::mutex mutex_;
    std::map<engine::TorrentId, engine::TorrentSnapshot> torrents_;
    engine::SessionStats stats_;
    std::deque<engine::EngineEvent> events_;
    std::function<void()> on_news_;
};

}  // namespace shoal::cli
