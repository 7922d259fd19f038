#include "sha_lanes.h"

#include <shoal/hashing/merkle.h>

#include <array>
#include <vector>

namespace shoal::hashing {

std::size_t next_pow2(std::size_t n) {
    std::size_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

Sha256Digest zero_subtree_root(Hasher& h, std::size_t leaf_count) {
    Sha256Digest d{};
    for (std::size_t w = leaf_count; w > 1; w >>= 1)
        d = h.sha256_pair(d, d);
    return d;
}

Sha256Digest merkle_root(Hasher& h, std::span<const Sha256Digest> leaves, std::size_t width,
                         const Sha256Digest& pad) {
    if (leaves.empty()) {
        Sha256Digest p = pad;
        for (std::size_t w = width; w > 1; w >>= 1)
            p = h.sha256_pair(p, p);
        return p;
    }
    std::vector<Sha256Digest> layer(leaves.begin(), leaves.end());
    Sha256Digest p = pad;
    for (std::size_t w = width; w > 1; w >>= 1) {
        const std::size_t n = layer.size();
        for (std::size_t i = 0; i < (n + 1) / 2; ++i)
            layer[i] = h.sha256_pair(layer[2 * i], 2 * i + 1 < n ? layer[2 * i + 1] : p);
        layer.resize((n + 1) / 2);
        p = h.sha256_pair(p, p);
    }
    return layer.front();
}

void hash_blocks(Hasher& h, std::span<const std::uint8_t> data, std::span<Sha256Digest> out) {
    // A few blocks at a time, with nothing to free: FileLeaves::take calls this on mapped
    // files, where a SIGBUS leaves through a long jump (sigbus_guard.h).
    std::array<Message, kSha256Lanes> batch;
    for (std::size_t off = 0, i = 0; off < data.size();) {
        std::size_t n = 0;
        for (; n < batch.size() && off < data.size(); ++n, off += kBlockSize)
            batch[n] = data.subspan(off, std::min(kBlockSize, data.size() - off));
        sha256_each(h, std::span(batch).first(n), out.data() + i);
        i += n;
    }
}

void hash_each(Hasher& h, std::span<const std::span<const std::uint8_t>> blocks,
               Sha256Digest* out) {
    sha256_each(h, blocks, out);
}

}  // namespace shoal::hashing
