#include "mapped_ranges.h"
#include "read_exactly.h"
#include "sigbus_guard.h"

#include <shoal/hashing/merkle.h>
#include <shoal/hashing/piece_roots.h>

#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

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
      leaves_(leaf_sizes(files_)),
      maps_(std::make_unique<MappedRanges>()) {
    const std::int64_t pieces =
        piece_length > 0 ? (total_size + piece_length - 1) / piece_length : 0;
    seen_.assign(static_cast<std::size_t>(pieces), false);
}

PieceRoots::~PieceRoots() = default;

bool PieceRoots::first_time(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= seen_.size()) return false;
    if (seen_[static_cast<std::size_t>(index)]) return false;
    seen_[static_cast<std::size_t>(index)] = true;
    return true;
}

template <class Fn>
void PieceRoots::for_each_part(std::int64_t begin, std::int64_t end, Fn fn) const {
    // The first file that ends after `begin`.
    auto it = std::upper_bound(
        files_.begin(), files_.end(), begin,
        [](std::int64_t pos, const PieceFile& f) { return pos < f.offset + f.size; });
    for (; it != files_.end() && it->offset < end; ++it) {
        if (it->size == 0) continue;
        const std::int64_t from = std::max(begin, it->offset);
        const std::int64_t to = std::min(end, it->offset + it->size);
        fn(static_cast<std::size_t>(it - files_.begin()), from - it->offset, from - begin,
           to - from);
    }
}

bool PieceRoots::add_piece(int index, std::span<const std::uint8_t> data) {
    if (index < 0 || static_cast<std::size_t>(index) >= seen_.size()) return true;
    const std::int64_t begin = std::int64_t(index) * piece_length_;
    const std::int64_t end = std::min(begin + piece_length_, total_size_);
    if (static_cast<std::int64_t>(data.size()) != end - begin) return false;
    if (!first_time(index)) return true;
    for_each_part(begin, end,
                  [&](std::size_t fi, std::int64_t in_file, std::int64_t in_piece, std::int64_t n) {
                      if (files_[fi].pad) return;
                      leaves_.take(hasher_, fi, in_file,
                                   data.subspan(static_cast<std::size_t>(in_piece),
                                                static_cast<std::size_t>(n)));
                  });
    return true;
}

bool PieceRoots::add_piece_leaves(int index, const PieceLeaves& leaves) {
    if (index < 0 || static_cast<std::size_t>(index) >= seen_.size()) return true;
    const std::int64_t begin = std::int64_t(index) * piece_length_;
    const std::int64_t end = std::min(begin + piece_length_, total_size_);
    const auto block = static_cast<std::int64_t>(kBlockSize);
    // The byte ranges they cover, in the torrent's stream: each within one file.
    std::vector<std::pair<std::int64_t, std::int64_t>> covered;
    bool ok = true;
    auto cover = [&](std::size_t fi, std::int64_t from, std::uint64_t length) {
        ok = ok && fi < files_.size() && !files_[fi].pad && 0 <= from && from < files_[fi].size &&
             0 < length && length <= static_cast<std::uint64_t>(files_[fi].size - from);
        if (ok)
            covered.emplace_back(files_[fi].offset + from,
                                 files_[fi].offset + from + static_cast<std::int64_t>(length));
    };
    for (const auto& r : leaves.runs) {
        // Leaves [first, first + n) of a file of `count` leaves; the last may be short.
        const auto count =
            r.file < files_.size()
                ? static_cast<std::uint64_t>((files_[r.file].size + block - 1) / block)
                : 0;
        const std::uint64_t n = r.hashes.size();
        if (r.first >= count || n > count - r.first) {
            ok = false;
            break;
        }
        const auto from = static_cast<std::int64_t>(r.first) * block;
        cover(r.file, from,
              std::min(n * kBlockSize, static_cast<std::uint64_t>(files_[r.file].size - from)));
    }
    for (const auto& c : leaves.cuts)
        cover(c.file, c.in_file, c.bytes.size());
    if (!ok) return false;
    // Those ranges, in order, are the piece's parts in files, each once.
    std::sort(covered.begin(), covered.end());
    auto next = covered.begin();
    for_each_part(begin, end,
                  [&](std::size_t fi, std::int64_t in_file, std::int64_t, std::int64_t n) {
                      if (files_[fi].pad) return;
                      std::int64_t at = files_[fi].offset + in_file;
                      const std::int64_t to = at + n;
                      while (ok && at < to) {
                          ok = next != covered.end() && next->first == at && next->second <= to;
                          if (ok) at = (next++)->second;
                      }
                  });
    if (!ok || next != covered.end()) return false;
    if (!first_time(index)) return true;
    for (const auto& r : leaves.runs)
        leaves_.put(r.file, r.first, r.hashes);
    for (const auto& c : leaves.cuts)
        leaves_.take(hasher_, c.file, c.in_file, c.bytes);
    return true;
}

namespace {

bool read_fully(const std::filesystem::path& file, std::int64_t offset, std::uint8_t* dst,
                std::size_t n) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = read_exactly(fd, offset, dst, n).empty();
    ::close(fd);
    return ok;
}

}  // namespace

bool PieceRoots::add_piece_from_disk(int index, std::vector<std::uint8_t>& buffer) {
    if (index < 0 || static_cast<std::size_t>(index) >= seen_.size()) return true;
    if (seen_[static_cast<std::size_t>(index)]) return true;  // before reading it again
    const std::int64_t begin = std::int64_t(index) * piece_length_;
    const std::int64_t end = std::min(begin + piece_length_, total_size_);
    buffer.resize(std::max(buffer.size(), static_cast<std::size_t>(end - begin)));
    maps_->next_piece();
    parts_.clear();
    bool ok = true;
    // Large files are hashed where the page cache holds them. Copying them out cost the
    // live roots' thread a third as much as hashing them (perf on a 1 GiB download: 6.9 % of
    // the leecher's samples in the kernel against 20 % in SHA-256; about 1.5 % with maps).
    for_each_part(begin, end,
                  [&](std::size_t fi, std::int64_t in_file, std::int64_t in_piece, std::int64_t n) {
                      const PieceFile& f = files_[fi];
                      if (!ok || f.pad) return;
                      const auto len = static_cast<std::size_t>(n);
                      if (f.size >= MappedRanges::kWindow) {
                          auto mapped = maps_->map(f.disk_path, in_file, len);
                          ok = bool(mapped);
                          if (ok) parts_.push_back({fi, in_file, {*mapped, len}});
                          return;
                      }
                      std::uint8_t* dst = buffer.data() + in_piece;
                      ok = read_fully(f.disk_path, in_file, dst, len);
                      parts_.push_back({fi, in_file, {dst, len}});
                  });
    if (!ok) return false;
    seen_[static_cast<std::size_t>(index)] = true;
    // A file cut short under its map faults: the piece is then unreadable, as a short read.
    auto take = [this] {
        for (const Part& part : parts_)
            leaves_.take(hasher_, part.file, part.in_file, part.data);
    };
    return run_catching_sigbus(take);
}

std::vector<std::optional<Sha256Digest>> PieceRoots::roots() {
    std::vector<std::optional<Sha256Digest>> out(files_.size());
    for (std::size_t i = 0; i < files_.size(); ++i)
        out[i] = leaves_.root(hasher_, i);
    return out;
}

}  // namespace shoal::hashing
