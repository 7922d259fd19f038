// FileLeaves: the 16 KiB block hashes (BEP 52 leaves) of a torrent's files, filled from byte
// ranges of the files given in any order, by several threads at once. A block cut between
// two ranges (a v1 piece boundary) is assembled from both halves before it is hashed.
#pragma once

#include <shoal/hashing/sha.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace shoal::hashing {

class FileLeaves {
  public:
    // Each file's size; 0 for empty and pad files (no leaves, no root).
    explicit FileLeaves(const std::vector<std::int64_t>& sizes);

    // `data` holds bytes [from, from + data.size()) of file `fi`; each byte is given once.
    void take(Hasher& h, std::size_t fi, std::int64_t from, std::span<const std::uint8_t> data);
    // Leaves already hashed (by a piece check) for blocks [first, first + leaves.size()) of
    // file `fi`; each block is given once, by take() or here.
    void put(std::size_t fi, std::size_t first, std::span<const Sha256Digest> leaves);

    // The file's root once every block was given; nullopt before that and for empty files.
    std::optional<Sha256Digest> root(Hasher& h, std::size_t fi) const;

  private:
    struct Partial {
        std::vector<std::uint8_t> bytes;
        std::int64_t filled = 0;
    };
    void set(Hasher& h, std::size_t fi, std::size_t block, std::span<const std::uint8_t> bytes);

    std::vector<std::int64_t> sizes_;
    std::vector<std::vector<Sha256Digest>> leaves_;
    std::vector<std::atomic<std::size_t>> filled_;  // leaves hashed, per file
    std::mutex mutex_;
    std::map<std::pair<std::size_t, std::size_t>, Partial> partial_;  // (file, block)
};

}  // namespace shoal::hashing
