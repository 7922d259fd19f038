// The BEP 52 "pieces root" of a file: the root of the SHA-256 merkle tree over its 16 KiB
// blocks, padded with zero hashes to a power of two. It names the file's content
// whatever torrent carries it; it equals libtorrent's file_storage::root() for the same
// file in a v2 torrent. Subtrees are hashed on every core.
#pragma once

#include <shoal/common/result.h>
#include <shoal/hashing/sha.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

namespace shoal::hashing {

struct RootProgress {
    std::int64_t bytes_hashed = 0;
    std::int64_t total_bytes = 0;
};

// nullopt for an empty file (BEP 52 gives it no root). `threads` 0: one per core.
Result<std::optional<Sha256Digest>> file_pieces_root(
    const std::filesystem::path& file, unsigned threads = 0,
    const std::atomic<bool>* cancel = nullptr,
    const std::function<void(const RootProgress&)>& progress = {});

}  // namespace shoal::hashing
