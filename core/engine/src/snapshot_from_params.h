// A parked torrent's TorrentSnapshot, from its saved state alone (internal): what the
// torrent's status would say once libtorrent had checked that state, paused.
#pragma once

#include "torrent_table.h"

#include <shoal/engine/torrent_snapshot.h>

#include <libtorrent/add_torrent_params.hpp>

#include <cstdint>

namespace shoal::engine {

// Bytes of every file but padding.
std::int64_t payload_size(const lt::torrent_info& ti);

TorrentSnapshot snapshot_from_params(const TorrentId& id, const lt::add_torrent_params& params,
                                     const TorrentExtras& extras);

}  // namespace shoal::engine
