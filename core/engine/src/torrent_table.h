// TorrentTable: the engine thread's authoritative list of torrents, by id and by
// libtorrent handle (internal; engine thread only).
#pragma once

#include "transfer_counters.h"

#include <shoal/engine/torrent_snapshot.h>

#include <libtorrent/torrent_handle.hpp>

#include <functional>
#include <list>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace shoal::engine {

// What the engine keeps about a torrent beyond what libtorrent tracks.
struct TorrentExtras {
    double ratio_limit = -2;               // -2: the global setting, -1: none
    std::int64_t seeding_time_limit = -2;  // minutes
    int download_limit = 0;
    int upload_limit = 0;
    bool limit_reached = false;    // seeding limit hit; cleared on resume
    bool force_started = false;    // runs whatever the queue says
    std::int64_t total_size = -1;  // bytes of all files without padding; -1 until metadata
    bool torrent_file_saved = false;
    bool finish_pending = false;  // every piece passed; waiting for the last writes to land
    bool checking = false;        // libtorrent checks the data on disk (resume data or files)
    // One per flush_cache(), in order. A list: an empty std::deque allocates 576 bytes, and
    // every torrent has this.
    std::list<std::function<void()>> flush_waiters;
    std::vector<std::string> v1_roots;  // BEP 52 roots of a v1 torrent's files hashed as they
                                        // downloaded (hex by file index; "" where unknown)
    std::string tracker_message;
    TransferCounters counters;
};

struct TorrentEntry {
    TorrentId id;
    lt::torrent_handle handle;  // none while the torrent is parked
    TorrentSnapshot snapshot;
    TorrentExtras extras;
    // Parked: a paused torrent the engine lists from its saved state, kept out of libtorrent's
    // session until a command needs it there (EngineCore::with_live).
    bool parked() const { return parked_; }

  private:
    friend class TorrentTable;
    bool parked_ = false;
};

class TorrentTable {
  public:
    TorrentEntry* find(const TorrentId& id) {
        auto it = by_id_.find(id);
        return it == by_id_.end() ? nullptr : &it->second;
    }
    TorrentEntry* find(const lt::torrent_handle& h) {
        auto it = by_handle_.find(h);
        return it == by_handle_.end() ? nullptr : find(it->second);
    }
    // `h` may be invalid (a parked torrent); attach() gives it its handle later.
    TorrentEntry& insert(const TorrentId& id, const lt::torrent_handle& h) {
        auto& e = by_id_[id];
        e.id = id;
        attach(e, h);
        return e;
    }
    void attach(TorrentEntry& e, const lt::torrent_handle& h) {
        e.handle = h;
        e.parked_ = !h.is_valid();
        if (!e.parked_) by_handle_[h] = e.id;
    }
    void erase(const TorrentId& id) {
        auto it = by_id_.find(id);
        if (it == by_id_.end()) return;
        if (!it->second.parked()) by_handle_.erase(it->second.handle);
        by_id_.erase(it);
    }
    bool contains(const TorrentId& id) const { return by_id_.count(id) != 0; }
    std::size_t size() const { return by_id_.size(); }
    auto begin() { return by_id_.begin(); }
    auto end() { return by_id_.end(); }

  private:
    std::unordered_map<TorrentId, TorrentEntry> by_id_;
    // torrent_handle orders by owner, which stays valid after the torrent is gone.
    std::map<lt::torrent_handle, TorrentId> by_handle_;
};

}  // namespace shoal::engine
