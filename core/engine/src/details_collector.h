// Gathering a torrent's files, trackers, peers and pieces for TorrentDetails (internal;
// engine thread: these are synchronous calls into libtorrent).
#pragma once

#include "torrent_table.h"

#include <shoal/engine/torrent_details.h>

#include <libtorrent/add_torrent_params.hpp>

namespace shoal::engine {

TorrentDetails collect_details(const TorrentEntry& entry, const DetailRequest& what);
// A parked torrent's details from its saved state: as libtorrent would show it paused.
TorrentDetails collect_parked_details(const TorrentEntry& entry,
                                      const lt::add_torrent_params& params,
                                      const DetailRequest& what);

}  // namespace shoal::engine
