// leaf_hashing_disk_io(): a disk I/O back end of libtorrent, wrapped so that the check of
// each downloaded piece of a torrent whose layout allows it (check_gives_leaves) also
// computes the SHA-256 of the piece's 16 KiB blocks and puts them in a CheckLeaves, before
// libtorrent learns the piece's SHA-1. libtorrent's check does so for v2 torrents anyway;
// a v1 torrent's check is only given somewhere to write them. It runs on libtorrent's
// hashing threads, at the transfer's priority: those blocks are being hashed right then.
// A check of data already on disk (adding, force recheck: libtorrent marks its reads
// volatile) pays for no SHA-256. Every other call goes to the wrapped back end (internal).
#pragma once

#include "check_leaves.h"

#include <libtorrent/session_params.hpp>

#include <cstdint>
#include <memory>

namespace shoal::engine {

lt::disk_io_constructor_type leaf_hashing_disk_io(lt::disk_io_constructor_type inner,
                                                  std::shared_ptr<CheckLeaves> leaves,
                                                  std::int64_t max_size);

}  // namespace shoal::engine
