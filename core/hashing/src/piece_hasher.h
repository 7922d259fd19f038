// Hashing the pieces of a torrent layout on several threads: each worker reads whole
// pieces (with pad files as zeros) and computes the SHA-1 piece hash, the SHA-256 piece
// root over 16 KiB blocks, or both from the same buffer (internal).
#pragma once

#include <shoal/common/result.h>
#include <shoal/hashing/sha.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

namespace shoal::hashing {

struct LayoutFile {
    std::filesystem::path disk_path;  // empty for pad files
    std::int64_t offset = 0;          // in the torrent's byte stream
    std::int64_t size = 0;
    bool pad = false;
};

struct Layout {
    std::vector<LayoutFile> files;  // in torrent order, offsets increasing
    std::int64_t total_size = 0;    // including padding
    int piece_size = 0;
    int num_pieces = 0;
    bool v1 = false;
    bool v2 = false;
    // Also compute every file's BEP 52 root from the same read (for v1 layouts, where
    // pieces do not follow file boundaries).
    bool file_roots = false;
};

struct PieceHashes {
    std::vector<Sha1Digest> v1;    // per piece, when layout.v1
    std::vector<Sha256Digest> v2;  // per piece: the root of its file's blocks in it
    std::vector<int> v2_file;      // per piece: the file it belongs to (-1: none)
    std::vector<std::optional<Sha256Digest>> file_roots;  // per layout file, when asked
};

// Hashes on `threads` workers (0: one per core) while the calling thread calls `tick`
// about ten times a second.
Result<PieceHashes> hash_pieces(const Layout& layout, unsigned threads,
                                std::atomic<std::int64_t>& bytes_done,
                                const std::atomic<bool>* cancel, const std::function<void()>& tick);

}  // namespace shoal::hashing
