// A parked torrent's TorrentSnapshot, from its saved state alone (internal): what the
// torrent's status would say once libtorrent had checked that state, paused.
#pragma once

#include "torrent_table.h"

#include <shoal/engine/torrent_snapshot.h>

#include <libtorrent/add_torrent_params.hpp>

#include <cstdint>
#include <functional>

namespace shoal::engine {

// Bytes of every file but padding.
std::int64_t payload_size(const lt::torrent_info& ti);

// Calls `fn(file, piece, bytes)` for every piece each non-pad file has bytes in.
void for_each_file_piece(const lt::file_storage& fs,
                         const std::function<void(int file, int piece, std::int64_t bytes)>& fn);
// Whether the saved state has the piece (all of them in seed mode).
bool has_piece(const lt::add_torrent_params& params, int piece);

TorrentSnapshot snapshot_from_params(const TorrentId& id, const lt::add_torrent_params& params,
                                     const TorrentExtras& extras);

}  // namespace shoal::engine
