#include <shoal/hashing/file_leaves.h>
#include <shoal/hashing/merkle.h>

#include <algorithm>
#include <array>

namespace shoal::hashing {
namespace {

constexpr auto kBlock = static_cast<std::int64_t>(kBlockSize);

}  // namespace

FileLeaves::FileLeaves(const std::vector<std::int64_t>& sizes)
    : sizes_(sizes), leaves_(sizes.size()), filled_(sizes.size()) {
    for (std::size_t i = 0; i < sizes.size(); ++i)
        leaves_[i].resize(
            static_cast<std::size_t>((std::max<std::int64_t>(sizes[i], 0) + kBlock - 1) / kBlock));
}

void FileLeaves::take(Hasher& h, std::size_t fi, std::int64_t from,
                      std::span<const std::uint8_t> data) {
    const std::int64_t fsize = sizes_[fi];
    const std::int64_t to = from + static_cast<std::int64_t>(data.size());
    // The blocks wholly in `data` (one run: only the first and last can be cut), hashed
    // together at the end: [whole_from, whole_to) of the file.
    std::int64_t whole_from = to;
    std::int64_t whole_to = to;
    for (std::int64_t b = from / kBlock; b * kBlock < to; ++b) {
        const std::int64_t start = b * kBlock;
        const std::int64_t end = std::min(start + kBlock, fsize);
        const auto idx = static_cast<std::size_t>(b);
        if (start >= from && end <= to) {
            if (whole_from == to) whole_from = start;
            whole_to = end;
            continue;
        }
        const std::int64_t a = std::max(start, from);
        const std::int64_t z = std::min(end, to);
        // Read the caller's bytes (maybe a file mapping, which can fault) before locking.
        std::array<std::uint8_t, kBlockSize> half;
        std::copy(data.begin() + (a - from), data.begin() + (z - from), half.begin());
        std::lock_guard lock(mutex_);
        auto& part = partial_[{fi, idx}];
        if (part.bytes.empty()) part.bytes.resize(static_cast<std::size_t>(end - start));
        std::copy_n(half.begin(), z - a, part.bytes.begin() + (a - start));
        part.filled += z - a;
        if (part.filled == end - start) {
            set(h, fi, idx, part.bytes);
            partial_.erase({fi, idx});
        }
    }
    if (whole_from == whole_to) return;
    const auto first = static_cast<std::size_t>(whole_from / kBlock);
    const auto count = static_cast<std::size_t>((whole_to - whole_from + kBlock - 1) / kBlock);
    hash_blocks(h,
                data.subspan(static_cast<std::size_t>(whole_from - from),
                             static_cast<std::size_t>(whole_to - whole_from)),
                std::span(leaves_[fi]).subspan(first, count));
    filled_[fi] += count;
}

void FileLeaves::set(Hasher& h, std::size_t fi, std::size_t block,
                     std::span<const std::uint8_t> bytes) {
    leaves_[fi][block] = h.sha256(bytes);
    ++filled_[fi];
}

void FileLeaves::put(std::size_t fi, std::size_t first, std::span<const Sha256Digest> leaves) {
    std::copy(leaves.begin(), leaves.end(),
              leaves_[fi].begin() + static_cast<std::ptrdiff_t>(first));
    filled_[fi] += leaves.size();
}

std::optional<Sha256Digest> FileLeaves::root(Hasher& h, std::size_t fi) const {
    if (leaves_[fi].empty() || filled_[fi] != leaves_[fi].size()) return std::nullopt;
    return merkle_root(h, leaves_[fi], next_pow2(leaves_[fi].size()), Sha256Digest{});
}

}  // namespace shoal::hashing
