// How often libtorrent runs its tick (a timer behind much of its periodic work: bandwidth
// shares, timeouts, and part of what a new torrent does before its first peer talks to it):
// every 100 ms while the session has work, so a new magnet or download starts without
// waiting (a magnet with a known peer had its metadata after 0.62 s at libtorrent's default
// 500 ms, 0.22 s at 100 ms); every 500 ms, libtorrent's default, while every torrent in it
// is paused or seeding to nobody, so an idle daemon wakes 2 times a second for it instead
// of 10 (internal).
#pragma once

#include <cstdint>

namespace shoal::engine {

constexpr int kBusyTickMs = 100;
constexpr int kIdleTickMs = 500;

// The libtorrent counters SessionWork is read from.
constexpr const char* kDownloadingMetric = "ses.num_downloading_torrents";
constexpr const char* kCheckingMetric = "ses.num_checking_torrents";
constexpr const char* kPeersMetric = "peer.num_peers_connected";

// What the session is doing, from libtorrent's counters, and whether the engine has
// something under way in it (an add, a wake, a metadata probe, a command just given).
struct SessionWork {
    std::int64_t downloading = 0;  // torrents fetching pieces or metadata, or checking
    std::int64_t peers = 0;        // connected peers
    bool engine_busy = false;
};

constexpr int tick_interval_for(const SessionWork& w) {
    return w.engine_busy || w.downloading > 0 || w.peers > 0 ? kBusyTickMs : kIdleTickMs;
}

}  // namespace shoal::engine
