// BEP 52 merkle trees: SHA-256 over 16 KiB blocks, the leaf layer padded with zero hashes
// to a power of two. Piece layers and file roots are built from these helpers.
#pragma once

#include <shoal/hashing/sha.h>

#include <cstddef>
#include <cstdint>
#include <span>

namespace shoal::hashing {

inline constexpr std::size_t kBlockSize = 16 * 1024;

// Smallest power of two >= n (1 for n == 0).
std::size_t next_pow2(std::size_t n);

// Root of a complete tree of `leaf_count` (a power of two) all-zero leaves: what stands for
// a missing subtree of that size.
Sha256Digest zero_subtree_root(Hasher& h, std::size_t leaf_count);

// Root of a tree whose leaf layer is `leaves` padded with `pad` up to `width` (a power of
// two, >= leaves.size()). `pad` is the hash standing for one missing leaf of this layer.
Sha256Digest merkle_root(Hasher& h, std::span<const Sha256Digest> leaves, std::size_t width,
                         const Sha256Digest& pad);

// SHA-256 of each 16 KiB block of `data` (the last may be shorter), into `out`.
void hash_blocks(Hasher& h, std::span<const std::uint8_t> data, std::span<Sha256Digest> out);

// SHA-256 of each of `blocks` (of any lengths) into out[0..blocks.size()), those of one
// length a few at once where the CPU can.
void hash_each(Hasher& h, std::span<const std::span<const std::uint8_t>> blocks, Sha256Digest* out);

}  // namespace shoal::hashing
