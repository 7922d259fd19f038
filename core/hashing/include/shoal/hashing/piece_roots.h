// PieceRoots: the BEP 52 roots of a v1 torrent's files, built from its pieces as they
// arrive, in any order. A v1 piece spans files at any offset; FileLeaves keeps each file's
// leaf hashes (32 bytes per 16 KiB) and joins blocks cut by piece boundaries until roots()
// builds the trees. One caller at a time.
#pragma once

#include <shoal/hashing/file_leaves.h>
#include <shoal/hashing/sha.h>

#include <cstdint>
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
    std::vector<PieceFile> files_;
    std::int64_t piece_length_;
    std::int64_t total_size_;
    std::vector<bool> seen_;
    FileLeaves leaves_;
    Hasher hasher_{Algorithm::sha256};
};

}  // namespace shoal::hashing
