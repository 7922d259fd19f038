// CheckLeaves: the 16 KiB block hashes (BEP 52 leaves) that libtorrent's own piece check
// computes for a v1 torrent when asked, from the bytes it reads for the SHA-1 anyway,
// while they are in the CPU's cache. LiveRoots hashing the same bytes again from the page
// cache took twice the CPU of the SHA-1 check itself (perf on a 1 GiB download: 27 % of the
// leecher's samples in SHA-256, most of them waiting on memory, against 14 % in SHA-1).
//
// leaf_hashing_disk_io() wraps a disk I/O back end: the check of each downloaded piece of
// a torrent whose files all start on a piece boundary (one file, or files padded to pieces:
// BEP 52 leaves then line up with the piece's blocks) also fills that piece's leaves into
// the store, before libtorrent learns the piece's hash. A check of data already on disk
// (libtorrent marks it volatile) is left as it was. The store is filled on libtorrent's
// network thread and emptied on the engine thread (internal).
#pragma once

#include <shoal/hashing/sha.h>

#include <libtorrent/fwd.hpp>
#include <libtorrent/session_params.hpp>
#include <libtorrent/sha1_hash.hpp>
#include <libtorrent/units.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace shoal::engine {

using Leaves = std::vector<hashing::Sha256Digest>;

class CheckLeaves {
  public:
    void put(const lt::sha1_hash& torrent, lt::piece_index_t piece, Leaves leaves);
    // The leaves of a piece that passed its check, once; nullopt if none were computed.
    std::optional<Leaves> take(const lt::sha1_hash& torrent, lt::piece_index_t piece);
    void forget(const lt::sha1_hash& torrent);

  private:
    std::mutex mutex_;
    std::map<std::pair<lt::sha1_hash, lt::piece_index_t>, Leaves> pieces_;
};

// Whether a piece check can give the leaves of this torrent (v1-only, at most
// `max_size` bytes, every file with content starting on a piece boundary).
bool check_gives_leaves(const lt::file_storage& files, std::int64_t max_size);

lt::disk_io_constructor_type leaf_hashing_disk_io(lt::disk_io_constructor_type inner,
                                                  std::shared_ptr<CheckLeaves> leaves,
                                                  std::int64_t max_size);

}  // namespace shoal::engine
