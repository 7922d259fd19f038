// leaf_hashing_disk_io(): a disk I/O back end of libtorrent, wrapped so that each downloaded
// piece of a v1 torrent is checked from its bytes as they were handed to the disk
// (written_pieces.h) instead of read back; that check also gives the leaves of the files in
// the piece (the SHA-256 of their 16 KiB blocks), put in a CheckLeaves before libtorrent
// learns the piece's SHA-1. A piece not seen whole here is checked by libtorrent; where the
// torrent's layout allows it (check_gives_leaves) it is asked for the same leaves: its check
// does so for v2 torrents anyway; a v1 torrent's is only given somewhere to write them. A
// check of data already on disk (adding, force recheck: libtorrent marks its reads
// volatile) pays for no SHA-256. Without a CheckLeaves (no ledger) there are no leaves.
// Every other call goes to the wrapped back end (internal).
#pragma once

#include "check_leaves.h"

#include <libtorrent/session_params.hpp>

#include <cstdint>
#include <memory>

namespace shoal::engine {

// `leaves` may be null.
lt::disk_io_constructor_type leaf_hashing_disk_io(lt::disk_io_constructor_type inner,
                                                  std::shared_ptr<CheckLeaves> leaves,
                                                  std::int64_t max_size);

}  // namespace shoal::engine
