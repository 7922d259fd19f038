#include <shoal/hashing/piece_roots.h>

#include <algorithm>

namespace shoal::hashing {
namespace {

std::vector<std::int64_t> leaf_sizes(const std::vector<PieceFile>& files) {
    std::vector<std::int64_t> sizes;
    sizes.reserve(files.size());
    for (const auto& f : files)
        sizes.push_back(f.pad ? 0 : f.size);
    return sizes;
}

}  // namespace

PieceRoots::PieceRoots(std::vector<PieceFile> files, std::int64_t piece_length,
                       std::int64_t total_size)
    : files_(std::move(files)),
      piece_length_(piece_length),
      total_size_(total_size),
      leaves_(leaf_sizes(files_)) {
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
        [](std::int64_t pos, const PieceFile& f) { return pos < f.offset + f.size; });
    for (; it != files_.end() && it->offset < end; ++it) {
        if (it->pad || it->size == 0) continue;
        const std::int64_t from = std::max(begin, it->offset);
        const std::int64_t to = std::min(end, it->offset + it->size);
        leaves_.take(hasher_, static_cast<std::size_t>(it - files_.begin()), from - it->offset,
                     data.subspan(static_cast<std::size_t>(from - begin),
                                  static_cast<std::size_t>(to - from)));
    }
    return true;
}

std::vector<std::optional<Sha256Digest>> PieceRoots::roots() {
    std::vector<std::optional<Sha256Digest>> out(files_.size());
    for (std::size_t i = 0; i < files_.size(); ++i)
        out[i] = leaves_.root(hasher_, i);
    return out;
}

}  // namespace shoal::hashing
