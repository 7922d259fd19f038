// Turning libtorrent's torrent_status into Shoal's TorrentSnapshot (internal).
#pragma once

#include "torrent_table.h"

#include <shoal/engine/torrent_snapshot.h>

#include <libtorrent/torrent_status.hpp>

#include <cstdint>

namespace shoal::engine {

// The limits the engine keeps (TorrentExtras) as the snapshot shows them.
void copy_limits(const TorrentExtras& extras, TorrentSnapshot& s);
// Everything the snapshot shows from the engine's own records: size without padding,
// all-time totals and the ratio (from s.total_done), limits, the tracker's message.
void copy_extras(const TorrentExtras& extras, TorrentSnapshot& s);

// uploaded ÷ max(downloaded, done): 0 when nothing was downloaded or is there.
double share_ratio(std::int64_t uploaded_total, std::int64_t downloaded_total,
                   std::int64_t total_done);

TorrentSnapshot snapshot_from_status(const TorrentId& id, const lt::torrent_status& st,
                                     const TorrentExtras& extras);

}  // namespace shoal::engine
