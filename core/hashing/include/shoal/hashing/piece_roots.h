// PieceRoots: the BEP 52 roots of a v1 torrent's files, built from its pieces as they
// arrive, in any order. A v1 piece spans files at any offset, so a 16 KiB block of a file
// may lie in two pieces: its first part waits for the second. Each file's leaf hashes are
// kept (32 bytes per 16 KiB, allocated when its first block arrives) until roots() builds
// the trees. Not thread-safe: one caller at a time.
#pragma once

#include <shoal/hashing/sha.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace shoal::hashing {

struct PieceFile {
    std::int64_t offset = 0;  // in the torrent's byte stream
    std::int64_t size = 0;
    bool pad = false;  // BEP 47 padding: no content, no root
};

class PieceRoots {
  public:
    // `files` in torrent order, covering `total_size` bytes cut into pieces of `piece_length`.
    PieceRoots(std::vector<PieceFile> files, std::int64_t piece_length, std::int64_t total_size);

    // The bytes of piece `index` (piece_length, the last piece shorter). A piece given twice
    // or out of range is ignored. Returns false if `data` has the wrong length.
    bool add_piece(int index, std::span<const std::uint8_t> data);

    // Each file's root once every one of its blocks was given; nullopt for the others and
    // for empty and pad files.
    std::vector<std::optional<Sha256Digest>> roots();

  private:
    struct File {
        PieceFile span;
        std::vector<Sha256Digest> leaves;  // empty until the first block arrives
        std::size_t filled = 0;            // leaves hashed so far
    };
    struct Partial {
        std::vector<std::uint8_t> bytes;
        std::size_t filled = 0;
    };
    void add_range(File& f, std::size_t file_index, std::int64_t begin, std::int64_t end,
                   const std::uint8_t* data);
    void set_leaf(File& f, std::size_t block, std::span<const std::uint8_t> bytes);

    std::vector<File> files_;
    std::int64_t piece_length_;
    std::int64_t total_size_;
    std::vector<bool> seen_;
    std::map<std::pair<std::size_t, std::size_t>, Partial> partial_;  // (file, block)
    Hasher hasher_{Algorithm::sha256};
};

}  // namespace shoal::hashing
