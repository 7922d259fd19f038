#include <shoal/hashing/merkle.h>
#include <shoal/hashing/piece_roots.h>

#include <algorithm>
#include <cstring>

namespace shoal::hashing {
namespace {

constexpr auto kBlock = static_cast<std::int64_t>(kBlockSize);

std::size_t block_count(std::int64_t size) {
    return static_cast<std::size_t>((size + kBlock - 1) / kBlock);
}

}  // namespace

PieceRoots::PieceRoots(std::vector<PieceFile> files, std::int64_t piece_length,
                       std::int64_t total_size)
    : piece_length_(piece_length), total_size_(total_size) {
    files_.reserve(files.size());
    for (const auto& f : files)
        files_.push_back({f, {}, 0});
    const std::int64_t pieces =
        piece_length > 0 ? (total_size + piece_length - 1) / piece_length : 0;
    seen_.assign(static_cast<std::size_t>(pieces), false);
}

bool PieceRoots::add_piece(int index, std::span<const std::uint8_t> data) {
    if (index < 0 || static_cast<std::size_t>(index) >= seen_.size()) return true;
    const std::int64_t begin = std::int64_t(index) * piece_length_;
    const std::int64_t end = std::min(begin + piece_length_, total_size_);
    if (static_cast<std::int64_t>(data.size()) != end - begin) return false;
    if (seen_[static_cast<std::size_t>(index)]) return true;
    seen_[static_cast<std::size_t>(index)] = true;
    // The first file that ends after `begin`.
    auto it = std::upper_bound(
        files_.begin(), files_.end(), begin,
        [](std::int64_t pos, const File& f) { return pos < f.span.offset + f.span.size; });
    for (; it != files_.end() && it->span.offset < end; ++it) {
        if (it->span.pad || it->span.size == 0) continue;
        const std::int64_t from = std::max(begin, it->span.offset);
        const std::int64_t to = std::min(end, it->span.offset + it->span.size);
        add_range(*it, static_cast<std::size_t>(it - files_.begin()), from - it->span.offset,
                  to - it->span.offset, data.data() + (from - begin));
    }
    return true;
}

// [begin, end) of file `f`, in file offsets; `data` holds those bytes.
void PieceRoots::add_range(File& f, std::size_t file_index, std::int64_t begin, std::int64_t end,
                           const std::uint8_t* data) {
    if (f.leaves.empty()) f.leaves.resize(block_count(f.span.size));
    for (std::int64_t b = begin / kBlock; b * kBlock < end; ++b) {
        const std::int64_t block_begin = b * kBlock;
        const std::int64_t block_end = std::min(block_begin + kBlock, f.span.size);
        const std::int64_t from = std::max(begin, block_begin);
        const std::int64_t to = std::min(end, block_end);
        const std::uint8_t* bytes = data + (from - begin);
        const auto block = static_cast<std::size_t>(b);
        if (from == block_begin && to == block_end) {
            set_leaf(f, block, {bytes, static_cast<std::size_t>(to - from)});
            continue;
        }
        // Part of a block that another piece completes.
        Partial& p = partial_[{file_index, block}];
        if (p.bytes.empty()) p.bytes.resize(static_cast<std::size_t>(block_end - block_begin));
        std::memcpy(p.bytes.data() + (from - block_begin), bytes,
                    static_cast<std::size_t>(to - from));
        p.filled += static_cast<std::size_t>(to - from);
        if (p.filled == p.bytes.size()) {
            set_leaf(f, block, p.bytes);
            partial_.erase({file_index, block});
        }
    }
}

void PieceRoots::set_leaf(File& f, std::size_t block, std::span<const std::uint8_t> bytes) {
    f.leaves[block] = hasher_.sha256(bytes);
    ++f.filled;
}

std::vector<std::optional<Sha256Digest>> PieceRoots::roots() {
    std::vector<std::optional<Sha256Digest>> out(files_.size());
    for (std::size_t i = 0; i < files_.size(); ++i) {
        const File& f = files_[i];
        if (f.span.pad || f.span.size == 0 || f.leaves.empty() || f.filled != f.leaves.size())
            continue;
        out[i] = merkle_root(hasher_, f.leaves, next_pow2(f.leaves.size()), Sha256Digest{});
    }
    return out;
}

}  // namespace shoal::hashing
