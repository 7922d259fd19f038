// Taking in torrent status from libtorrent (internal; engine thread only).
#pragma once

#include "torrent_table.h"

#include <libtorrent/torrent_status.hpp>

namespace shoal::engine {

class EngineCore;

// One status of the torrent: counters, snapshot delta to the publisher, seeding limits.
void observe_status(EngineCore& core, TorrentEntry& e, const lt::torrent_status& st);
// Asks libtorrent for the status now (a synchronous call) and publishes it at once: for
// the moments whose figures are recorded (completion, removal, shutdown).
void refresh_status(EngineCore& core, TorrentEntry& e);

}  // namespace shoal::engine
