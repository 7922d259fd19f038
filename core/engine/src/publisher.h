// Publisher: collects what changed on the engine thread and hands it to subscribers in
// batches (TorrentUpdate) and one by one (EngineEvent) (internal; engine thread only).
#pragma once

#include <shoal/engine/engine_event.h>
#include <shoal/engine/torrent_snapshot.h>

#include <functional>
#include <utility>
#include <vector>

namespace shoal::engine {

class Publisher {
  public:
    void add_update_listener(std::function<void(const TorrentUpdate&)> f) {
        update_listeners_.push_back(std::move(f));
    }
    void add_event_listener(std::function<void(const EngineEvent&)> f) {
        event_listeners_.push_back(std::move(f));
    }

    void added(TorrentSnapshot s) { pending_.added.push_back(std::move(s)); }
    void changed(TorrentSnapshot s, FieldSet fields) {
        pending_.changed.push_back({std::move(s), fields});
    }
    void removed(const TorrentId& id) {
        // A torrent added and removed within one batch is never announced.
        for (auto it = pending_.added.begin(); it != pending_.added.end(); ++it)
            if (it->id == id) {
                pending_.added.erase(it);
                return;
            }
        std::erase_if(pending_.changed,
                      [&](const ChangedTorrent& c) { return c.snapshot.id == id; });
        pending_.removed.push_back(id);
    }
    void stats(SessionStats s) { pending_.stats = std::move(s); }

    void event(EngineEvent e) {
        // Events come after the state they talk about.
        flush();
        for (const auto& f : event_listeners_)
            f(e);
    }

    void flush() {
        if (pending_.empty()) return;
        TorrentUpdate batch = std::exchange(pending_, {});
        for (const auto& f : update_listeners_)
            f(batch);
    }

  private:
    std::vector<std::function<void(const TorrentUpdate&)>> update_listeners_;
    std::vector<std::function<void(const EngineEvent&)>> event_listeners_;
    TorrentUpdate pending_;
};

}  // namespace shoal::engine
