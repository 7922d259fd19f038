// PieceRoots: the BEP 52 roots of a v1 torrent's files, built from its pieces as they
// arrive, in any order. A v1 piece spans files at any offset; FileLeaves keeps each file's
// leaf hashes (32 bytes per 16 KiB) and joins blocks cut by piece boundaries until roots()
// builds the trees. Pieces come from the caller, or from the files on disk (files of 8 MiB
// or more through read-only maps, the others read), or as the block hashes a piece check
// computed. One caller at a time.
#pragma once

#include <shoal/hashing/file_leaves.h>
#include <shoal/hashing/sha.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace shoal::hashing {

struct PieceFile {
    std::int64_t offset = 0;  // in the torrent's byte stream
    std::int64_t size = 0;
    bool pad = false;                 // BEP 47 padding: no content, no root
    std::filesystem::path disk_path;  // where its bytes are, for add_piece_from_disk()
};

// What the check of one piece found of its files' leaves, from the bytes it hashed: the
// hashes of the files' 16 KiB blocks that lie wholly in the piece, and the bytes of those
// that a piece boundary cuts, to be joined with the neighbouring piece's.
struct PieceLeaves {
    struct Run {  // the leaves of blocks [first, first + hashes.size()) of file `file`
        std::size_t file = 0;
        std::size_t first = 0;
        std::vector<Sha256Digest> hashes;
        bool operator==(const Run&) const = default;
    };
    struct Cut {  // bytes [in_file, in_file + bytes.size()) of file `file`
        std::size_t file = 0;
        std::int64_t in_file = 0;
        std::vector<std::uint8_t> bytes;
        bool operator==(const Cut&) const = default;
    };
    std::vector<Run> runs;
    std::vector<Cut> cuts;
    bool operator==(const PieceLeaves&) const = default;
};

class MappedRanges;

class PieceRoots {
  public:
    // `files` in torrent order, covering `total_size` bytes cut into pieces of `piece_length`.
    PieceRoots(std::vector<PieceFile> files, std::int64_t piece_length, std::int64_t total_size);
    ~PieceRoots();
    PieceRoots(const PieceRoots&) = delete;
    PieceRoots& operator=(const PieceRoots&) = delete;

    // The bytes of piece `index` (piece_length, the last piece shorter). A piece given twice
    // or out of range is ignored. Returns false if `data` has the wrong length.
    bool add_piece(int index, std::span<const std::uint8_t> data);
    // Adds piece `index` from the files' disk paths (small files read into `buffer`; pad
    // files have no root and are skipped). False if a file cannot be read in full.
    bool add_piece_from_disk(int index, std::vector<std::uint8_t>& buffer);
    // The leaves of piece `index` as its check computed them. False (and nothing taken)
    // unless they cover each byte of its files (pad files aside) in the piece once.
    bool add_piece_leaves(int index, const PieceLeaves& leaves);

    std::int64_t piece_length() const { return piece_length_; }

    // Each file's root once every one of its blocks was given; nullopt for the others and
    // for empty and pad files.
    std::vector<std::optional<Sha256Digest>> roots();

  private:
    struct Part {
        std::size_t file = 0;
        std::int64_t in_file = 0;
        std::span<const std::uint8_t> data;
    };
    // Marks the piece seen; false if it was already (or is out of range).
    bool first_time(int index);
    // Calls fn(file index, file offset, offset in the piece, length) for each non-empty part
    // of piece [begin, end) that lies in a file (pad files included).
    template <class Fn>
    void for_each_part(std::int64_t begin, std::int64_t end, Fn fn) const;

    std::vector<PieceFile> files_;
    std::int64_t piece_length_;
    std::int64_t total_size_;
    std::vector<bool> seen_;
    FileLeaves leaves_;
    Hasher hasher_{Algorithm::sha256};
    std::unique_ptr<MappedRanges> maps_;  // for add_piece_from_disk
    std::vector<Part> parts_;
};

}  // namespace shoal::hashing
