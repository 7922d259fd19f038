// CheckLeaves: the leaves (BEP 52: SHA-256 of each 16 KiB block of a file) in a v1 torrent's
// pieces, as the piece check computes them (leaf_hashing_disk_io.h): from the bytes it
// hashes with SHA-1 anyway, as they were written (written_pieces.h) or as libtorrent's
// check read them, still in the CPU's cache.
// LiveRoots hashing the same bytes once more from the page cache took twice the CPU of the
// SHA-1 check itself (perf on a 1 GiB download: 27 % of the leecher's samples in SHA-256,
// most of them waiting on memory, against 14 % in SHA-1).
//
// Filled on libtorrent's network thread, emptied on the engine thread (internal).
#pragma once

#include <shoal/hashing/piece_roots.h>

#include <libtorrent/fwd.hpp>
#include <libtorrent/sha1_hash.hpp>
#include <libtorrent/units.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace shoal::engine {

using Leaves = hashing::PieceLeaves;

class CheckLeaves {
  public:
    // The leaves of a piece whose check computed `sha1`; a later check replaces them.
    void put(const lt::sha1_hash& torrent, lt::piece_index_t piece, const lt::sha1_hash& sha1,
             Leaves leaves);
    // The leaves of a piece that passed, once: only if they were computed along with
    // `expected`, the piece's hash (not left from a check that failed).
    std::optional<Leaves> take(const lt::sha1_hash& torrent, lt::piece_index_t piece,
                               const lt::sha1_hash& expected);
    void forget(const lt::sha1_hash& torrent);

  private:
    struct Entry {
        lt::sha1_hash sha1;
        Leaves leaves;
    };
    std::mutex mutex_;
    std::map<std::pair<lt::sha1_hash, lt::piece_index_t>, Entry> pieces_;
};

// Whether libtorrent's piece check can give the leaves of this torrent: v1-only, at most
// `max_size` bytes, pieces of whole blocks, and every file with content starting on a piece
// boundary (one file, or files padded to pieces), so that the blocks of each piece, up to
// the end of the file in it, are that file's blocks.
bool check_gives_leaves(const lt::file_storage& files, std::int64_t max_size);

}  // namespace shoal::engine
