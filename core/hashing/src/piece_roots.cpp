#include <shoal/hashing/piece_roots.h>

#include <algorithm>
#include <cerrno>
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
      leaves_(leaf_sizes(files_)) {
    const std::int64_t pieces =
        piece_length > 0 ? (total_size + piece_length - 1) / piece_length : 0;
    seen_.assign(static_cast<std::size_t>(pieces), false);
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
    if (seen_[static_cast<std::size_t>(index)]) return true;
    seen_[static_cast<std::size_t>(index)] = true;
    for_each_part(begin, end,
                  [&](std::size_t fi, std::int64_t in_file, std::int64_t in_piece, std::int64_t n) {
                      if (files_[fi].pad) return;
                      leaves_.take(hasher_, fi, in_file,
                                   data.subspan(static_cast<std::size_t>(in_piece),
                                                static_cast<std::size_t>(n)));
                  });
    return true;
}

bool PieceRoots::add_piece_from_disk(int index, std::vector<std::uint8_t>& buffer) {
    if (index < 0 || static_cast<std::size_t>(index) >= seen_.size()) return true;
    const std::int64_t begin = std::int64_t(index) * piece_length_;
    const std::int64_t end = std::min(begin + piece_length_, total_size_);
    buffer.resize(std::max(buffer.size(), static_cast<std::size_t>(end - begin)));
    bool ok = true;
    for_each_part(begin, end,
                  [&](std::size_t fi, std::int64_t in_file, std::int64_t in_piece, std::int64_t n) {
                      std::uint8_t* dst = buffer.data() + in_piece;
                      if (files_[fi].pad) {
                          std::fill(dst, dst + n, std::uint8_t{0});
                          return;
                      }
                      if (!ok) return;
                      const int fd = ::open(files_[fi].disk_path.c_str(), O_RDONLY | O_CLOEXEC);
                      if (fd < 0) {
                          ok = false;
                          return;
                      }
                      std::int64_t got = 0;
                      while (got < n) {
                          const ssize_t r =
                              ::pread(fd, dst + got, static_cast<std::size_t>(n - got),
                                      static_cast<off_t>(in_file + got));
                          if (r < 0 && errno == EINTR) continue;
                          if (r <= 0) break;
                          got += r;
                      }
                      ::close(fd);
                      ok = got == n;
                  });
    return ok && add_piece(index, {buffer.data(), static_cast<std::size_t>(end - begin)});
}

std::vector<std::optional<Sha256Digest>> PieceRoots::roots() {
    std::vector<std::optional<Sha256Digest>> out(files_.size());
    for (std::size_t i = 0; i < files_.size(); ++i)
        out[i] = leaves_.root(hasher_, i);
    return out;
}

}  // namespace shoal::hashing
