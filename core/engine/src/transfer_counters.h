// TransferCounters: a torrent's all-time payload totals, exact at any moment (internal).
// libtorrent's all_time_download/upload move only on its one-second tick, so a snapshot
// taken at completion, removal or shutdown misses up to a second of transfer; its
// per-run payload counters are exact but restart at zero when the torrent is paused.
// Adding what the per-run counters moved since they were last seen gives the exact
// total; it never falls below libtorrent's own.
#pragma once

#include <algorithm>
#include <cstdint>

namespace shoal::engine {

struct TransferCounters {
    std::int64_t downloaded = 0;  // all-time payload bytes
    std::int64_t uploaded = 0;

    // From resume data when the torrent is added.
    void start_from(std::int64_t all_time_down, std::int64_t all_time_up) {
        downloaded = all_time_down;
        uploaded = all_time_up;
        seen_down_ = seen_up_ = 0;
    }

    // One status: the per-run payload counters and libtorrent's all-time ones.
    void observe(std::int64_t run_down, std::int64_t run_up, std::int64_t all_time_down,
                 std::int64_t all_time_up) {
        downloaded = std::max(downloaded + moved(run_down, seen_down_), all_time_down);
        uploaded = std::max(uploaded + moved(run_up, seen_up_), all_time_up);
    }

  private:
    static std::int64_t moved(std::int64_t now, std::int64_t& seen) {
        const std::int64_t delta = now >= seen ? now - seen : now;  // restarted at zero
        seen = now;
        return delta;
    }
    std::int64_t seen_down_ = 0;
    std::int64_t seen_up_ = 0;
};

}  // namespace shoal::engine
