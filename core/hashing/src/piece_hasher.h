// Hashing the pieces of a torrent layout on several threads: each worker reads whole
// pieces (with pad files as zeros) and computes the SHA-1 piece hash, the SHA-256 piece
// root over 16 KiB blocks, or both from the same buffer (internal).
#pragma once

#include <shoal/common/result.h>
#include <shoal/hashing/piece_layout.h>
#include <shoal/hashing/sha.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

namespace shoal::hashing {

struct PieceHashes {
    std::vector<Sha1Digest> v1;    // per piece, when layout.v1
    std::vector<Sha256Digest> v2;  // per piece: the root of its file's blocks in it
    std::vector<int> v2_file;      // per piece: the file it belongs to (-1: none)
    std::vector<std::optional<Sha256Digest>> file_roots;  // per layout file, when asked
    std::vector<char> unreadable;  // per piece, with ReadErrors::fail_piece: could not be read
};

// What a file that cannot be read (missing, short, failing) does: end the hashing with its
// error, or only fail the pieces it is in (checking data that may be partly there).
enum class ReadErrors { fail_all, fail_piece };

// Hashes on `threads` workers (0: one per core) while the calling thread calls `tick`
// about ten times a second.
Result<PieceHashes> hash_pieces(const Layout& layout, unsigned threads,
                                std::atomic<std::int64_t>& bytes_done,
                                const std::atomic<bool>* cancel, const std::function<void()>& tick,
                                ReadErrors read_errors = ReadErrors::fail_all);

}  // namespace shoal::hashing
