// WrittenPieces: the SHA-1 of each downloaded piece of one v1 torrent (and, for the ledger,
// the leaves of its files in the piece, check_leaves.h: the SHA-256 of each 16 KiB block of
// a file, counted from the file's start, wherever the files start in the piece), hashed
// from the blocks as libtorrent hands them to the disk, while they are in the CPU's cache. The
// piece's check then reads nothing back: libtorrent's own reads the piece from the page cache, a
// copy and a system call per block, on another thread. Blocks that come ahead of those before them
// (a seeder's disk reads finish in any order) are kept, within a byte budget shared by every
// torrent, until the gap fills. A piece with a block written twice, a block written before this
// session, a write that failed or a budget run out is not known here; its check goes to libtorrent,
// which reads it from disk. libtorrent also hashes blocks still on their way to the disk (its store
// buffer): a piece passing before its writes complete is nothing new to it (internal; libtorrent's
// network thread only).
#pragma once

#include "check_leaves.h"

#include <shoal/hashing/merkle.h>
#include <shoal/hashing/sha.h>

#include <libtorrent/file_storage.hpp>
#include <libtorrent/sha1_hash.hpp>
#include <libtorrent/units.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace shoal::engine {

// Bytes kept for all the torrents that share it: blocks that came out of order, and 64 KiB
// for each piece whose leaves are being assembled. A piece beyond it is checked (or its
// leaves read) from disk.
struct KeptBytes {
    explicit KeptBytes(std::size_t max_bytes) : max(max_bytes) {}
    const std::size_t max;
    std::size_t used = 0;
};

class WrittenPieces {
  public:
    // `files` outlives this (the torrent's); `leaves`: also the files' leaves.
    WrittenPieces(const lt::file_storage& files, bool leaves, std::shared_ptr<KeptBytes> kept);
    ~WrittenPieces();
    WrittenPieces(const WrittenPieces&) = delete;
    WrittenPieces& operator=(const WrittenPieces&) = delete;

    // A block of `piece` at byte `start` of it, about to be written.
    void add(lt::piece_index_t piece, int start, std::span<const char> block);
    // A write of the piece failed: its next check reads it from disk.
    void write_failed(lt::piece_index_t piece);

    struct Hashed {
        lt::sha1_hash sha1;
        std::optional<Leaves> leaves;  // with `leaves`
    };
    // The piece's hashes if each of its bytes was seen once since it was last taken or
    // cleared (a tail of padding counts as zeros). Forgets the piece either way.
    std::optional<Hashed> take(lt::piece_index_t piece);
    void clear(lt::piece_index_t piece);

  private:
    struct Piece;
    Piece& piece_for(lt::piece_index_t piece);
    // The piece's bytes from p.next on, in order.
    void hash_next(lt::piece_index_t index, Piece& p, std::span<const char> bytes);
    void add_leaves(lt::piece_index_t index, Piece& p, std::span<const char> bytes);
    void stage(Piece& p, std::size_t file, std::size_t leaf, std::span<const char> bytes,
               bool ends_leaf);
    void hash_staged(Piece& p);
    bool pad_to_end(lt::piece_index_t piece, int from) const;
    void drop(Piece& p);  // its kept blocks; it is known no more
    void recycle(std::unique_ptr<Piece> p);
    // With no piece in flight (between downloads, or done), the buffers go: thousands of
    // torrents downloaded in one session keep nothing.
    void release_if_idle();

    const lt::file_storage& files_;
    const bool leaves_;
    const std::shared_ptr<KeptBytes> kept_;
    // The hasher comes with the first leaf: a torrent that only seeds (of thousands) has none.
    std::unique_ptr<hashing::Hasher> sha256_;
    std::map<lt::piece_index_t, std::unique_ptr<Piece>> pieces_;
    std::vector<std::unique_ptr<Piece>> spare_;  // their hashers, for the next pieces
};

}  // namespace shoal::engine
