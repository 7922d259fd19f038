// TorrentMirror: the engine's torrents and session figures as the APIs read them, kept up
// to date from the engine's deltas (thread-safe). Each update that changes something gets
// the next response id (`rid`), so that qBittorrent's sync/maindata can answer with what
// changed since the id a client last saw.
#pragma once

#include <shoal/engine/engine.h>

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace shoal::api {

class TorrentMirror {
  public:
    // Subscribes to `engine`: construct before engine.start().
    explicit TorrentMirror(engine::Engine& engine);

    std::vector<engine::TorrentSnapshot> torrents() const;
    std::optional<engine::TorrentSnapshot> find(const engine::TorrentId& id) const;
    // By a v1 hash, a v2 hash or a truncated v2 hash, in any case.
    std::optional<engine::TorrentSnapshot> find_hash(const std::string& hash) const;
    engine::SessionStats stats() const;
    std::uint64_t rid() const;

    struct Delta {
        std::uint64_t rid = 0;
        bool full = false;
        std::vector<engine::TorrentSnapshot> changed;  // all of them when full
        std::vector<engine::TorrentId> removed;
    };
    // What changed after `rid`; everything (full) for an id this mirror did not give.
    Delta since(std::uint64_t rid) const;

  private:
    void apply(const engine::TorrentUpdate& u);

    struct Row {
        engine::TorrentSnapshot snapshot;
        std::uint64_t changed_at = 0;
    };
    mutable std::mutex mutex_;
    std::map<engine::TorrentId, Row> rows_;
    std::deque<std::pair<std::uint64_t, engine::TorrentId>> removed_;  // the latest ones
    std::uint64_t oldest_removal_rid_ = 0;  // removals before this are forgotten
    engine::SessionStats stats_;
    std::uint64_t rid_ = 0;
};

}  // namespace shoal::api
