// Gathering a torrent's files, trackers, peers and pieces for TorrentDetails (internal;
// engine thread: these are synchronous calls into libtorrent).
#pragma once

#include "torrent_table.h"

#include <shoal/engine/torrent_details.h>

namespace shoal::engine {

TorrentDetails collect_details(const TorrentEntry& entry, const DetailRequest& what);

}  // namespace shoal::engine
