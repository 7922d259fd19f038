// Turning libtorrent's torrent_status into Shoal's TorrentSnapshot (internal).
#pragma once

#include "torrent_table.h"

#include <shoal/engine/torrent_snapshot.h>

#include <libtorrent/torrent_status.hpp>

namespace shoal::engine {

TorrentSnapshot snapshot_from_status(const TorrentId& id, const lt::torrent_status& st,
                                     const TorrentExtras& extras);

}  // namespace shoal::engine
