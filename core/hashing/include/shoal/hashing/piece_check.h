// Checking data on disk against a torrent's SHA-1 piece hashes, on every core: which of its
// pieces are there and intact. A missing, short or unreadable file fails the pieces it is
// part of, not the check.
#pragma once

#include <shoal/common/result.h>
#include <shoal/hashing/piece_layout.h>
#include <shoal/hashing/sha.h>

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

namespace shoal::hashing {

// `expected` holds one digest per piece of `layout` (whose v1 flag is what is checked).
// Returns, per piece, whether its bytes on disk match; an error only when `cancel` was set.
// `bytes_done` counts the bytes checked so far, for progress.
Result<std::vector<bool>> check_pieces(const Layout& layout, std::span<const Sha1Digest> expected,
                                       unsigned threads, std::atomic<std::int64_t>& bytes_done,
                                       const std::atomic<bool>* cancel);

}  // namespace shoal::hashing
