// The roots PieceRoots builds from a v1 torrent's pieces, given in any order, equal the roots
// of the files read whole, wherever the pieces cut the files' 16 KiB blocks.
#include "sandbox.h"

#include <shoal/hashing/piece_roots.h>
#include <shoal/hashing/pieces_root.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <numeric>
#include <random>

namespace shoal::hashing {
namespace {

using test::Sandbox;

constexpr std::int64_t kPiece = 32 * 1024;

struct Layout {
    std::vector<PieceFile> files;
    std::vector<std::uint8_t> stream;  // every file's bytes in torrent order (pads zero)
    std::vector<std::optional<Sha256Digest>> expected;
};

// Writes the files (sizes; negative: a pad file of that many bytes) and reads their roots.
Layout make_layout(const Sandbox& box, const std::vector<std::int64_t>& sizes) {
    Layout l;
    std::uint64_t seed = 1;
    for (std::int64_t s : sizes) {
        const bool pad = s < 0;
        const std::int64_t size = pad ? -s : s;
        l.files.push_back({static_cast<std::int64_t>(l.stream.size()), size, pad, {}});
        if (pad) {
            l.stream.resize(l.stream.size() + static_cast<std::size_t>(size), 0);
            l.expected.emplace_back();
            continue;
        }
        const auto file = box.path("f" + std::to_string(seed));
        test::write_payload(file, size, seed++);
        l.files.back().disk_path = file;
        std::ifstream in(file, std::ios::binary);
        l.stream.insert(l.stream.end(), std::istreambuf_iterator<char>(in), {});
        auto root = file_pieces_root(file, 1);
        EXPECT_TRUE(root);
        l.expected.push_back(root ? *root : std::nullopt);
    }
    return l;
}

int piece_count(const Layout& l) {
    return static_cast<int>((static_cast<std::int64_t>(l.stream.size()) + kPiece - 1) / kPiece);
}

std::span<const std::uint8_t> piece(const Layout& l, int i) {
    const auto begin = static_cast<std::size_t>(i * kPiece);
    return std::span(l.stream).subspan(begin,
                                       std::min<std::size_t>(kPiece, l.stream.size() - begin));
}

TEST(PieceRoots, EqualFileRootsWhateverTheOrder) {
    Sandbox box;
    // Files that start and end inside blocks and pieces, an empty file, a pad file, a file
    // inside one piece and one spanning many.
    const auto l = make_layout(box, {100000, 0, 16384, 5, -11, 40000, 700001, 3});
    std::vector<int> order(static_cast<std::size_t>(piece_count(l)));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    for (unsigned round = 0; round < 3; ++round) {
        std::shuffle(order.begin(), order.end(), std::mt19937(round));
        PieceRoots roots(l.files, kPiece, static_cast<std::int64_t>(l.stream.size()));
        for (int i : order)
            ASSERT_TRUE(roots.add_piece(i, piece(l, i)));
        const auto got = roots.roots();
        ASSERT_EQ(got.size(), l.expected.size());
        for (std::size_t f = 0; f < got.size(); ++f)
            EXPECT_EQ(got[f], l.expected[f]) << "file " << f << ", round " << round;
    }
}

TEST(PieceRoots, PiecesReadFromDiskGiveTheSameRoots) {
    Sandbox box;
    // Files of 8 MiB or more are hashed from maps, the others read.
    const auto l = make_layout(box, {100000, 0, 5, -11, (8 << 20) + 12345, 700001});
    PieceRoots roots(l.files, kPiece, static_cast<std::int64_t>(l.stream.size()));
    std::vector<std::uint8_t> buffer;
    for (int i = piece_count(l) - 1; i >= 0; --i)
        ASSERT_TRUE(roots.add_piece_from_disk(i, buffer));
    EXPECT_EQ(roots.roots(), l.expected);

    std::filesystem::remove(l.files[0].disk_path);
    PieceRoots missing(l.files, kPiece, static_cast<std::int64_t>(l.stream.size()));
    EXPECT_FALSE(missing.add_piece_from_disk(0, buffer)) << "a file that is gone was read";
}

TEST(PieceRoots, AFileCutShortUnderItsMapMakesThePieceUnreadable) {
    Sandbox box;
    const auto l = make_layout(box, {(8 << 20) + 1});
    PieceRoots roots(l.files, kPiece, static_cast<std::int64_t>(l.stream.size()));
    std::vector<std::uint8_t> buffer;
    ASSERT_TRUE(roots.add_piece_from_disk(0, buffer));  // maps the file's first window
    std::filesystem::resize_file(l.files[0].disk_path, 0);
    EXPECT_FALSE(roots.add_piece_from_disk(1, buffer)) << "the same window, its pages gone";
    EXPECT_FALSE(roots.add_piece_from_disk(piece_count(l) - 1, buffer)) << "a new window";
}

// What libtorrent's check of piece `i` hashes when asked for block hashes: the piece's
// 16 KiB blocks up to the end of the first file in it, as leaves of that file.
PieceLeaves check_leaves(const Layout& l, int i) {
    const std::int64_t begin = i * kPiece;
    std::int64_t end = std::min<std::int64_t>(begin + kPiece, std::ssize(l.stream));
    for (const auto& f : l.files)
        if (f.offset > begin) end = std::min(end, f.offset);
    std::size_t fi = 0;
    while (l.files[fi].offset + l.files[fi].size <= begin)
        ++fi;
    Hasher h(Algorithm::sha256);
    PieceLeaves out;
    out.runs.push_back({fi, static_cast<std::size_t>((begin - l.files[fi].offset) / 16384), {}});
    for (std::int64_t b = begin; b < end; b += 16384)
        out.runs.back().hashes.push_back(h.sha256(std::span(l.stream).subspan(
            static_cast<std::size_t>(b),
            static_cast<std::size_t>(std::min<std::int64_t>(16384, end - b)))));
    return out;
}

// The leaves of piece `i` by file, one at a time: the hash of each block of a file wholly
// in the piece, the bytes of each block the piece cuts.
PieceLeaves leaves_of(const Layout& l, int i) {
    const std::int64_t begin = i * kPiece;
    const std::int64_t end = std::min<std::int64_t>(begin + kPiece, std::ssize(l.stream));
    Hasher h(Algorithm::sha256);
    PieceLeaves out;
    for (std::size_t fi = 0; fi < l.files.size(); ++fi) {
        const PieceFile& f = l.files[fi];
        if (f.pad) continue;
        for (std::int64_t b = 0; b < f.size; b += 16384) {
            const std::int64_t from = f.offset + b;
            const std::int64_t to = std::min(from + 16384, f.offset + f.size);
            const std::int64_t a = std::max(from, begin);
            const std::int64_t z = std::min(to, end);
            if (a >= z) continue;
            auto bytes = std::span(l.stream).subspan(static_cast<std::size_t>(a),
                                                     static_cast<std::size_t>(z - a));
            if (a == from && z == to)
                out.runs.push_back({fi, static_cast<std::size_t>(b / 16384), {h.sha256(bytes)}});
            else
                out.cuts.push_back({fi, a - f.offset, {bytes.begin(), bytes.end()}});
        }
    }
    return out;
}

TEST(PieceRoots, LeavesFromThePieceCheckGiveTheSameRoots) {
    Sandbox box;
    // Every file starts on a piece boundary: one ends inside a block, then pads to the piece.
    const auto l = make_layout(box, {700001, -(22 * kPiece - 700001), 2 * kPiece, 40000});
    PieceRoots roots(l.files, kPiece, static_cast<std::int64_t>(l.stream.size()));
    for (int i = piece_count(l) - 1; i >= 0; --i)
        ASSERT_TRUE(roots.add_piece_leaves(i, check_leaves(l, i))) << "piece " << i;
    EXPECT_EQ(roots.roots(), l.expected);
}

TEST(PieceRoots, LeavesOfBlocksThePiecesCutGiveTheSameRoots) {
    Sandbox box;
    const auto l = make_layout(box, {50000, 30000, 1000, 200000, -1000, 70000});
    std::vector<int> order(static_cast<std::size_t>(piece_count(l)));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    PieceRoots roots(l.files, kPiece, static_cast<std::int64_t>(l.stream.size()));
    for (int i : order) {
        if (i % 3 == 1)  // some come as bytes: their halves of cut blocks join the others'
            ASSERT_TRUE(roots.add_piece(i, piece(l, i)));
        else
            ASSERT_TRUE(roots.add_piece_leaves(i, leaves_of(l, i))) << "piece " << i;
    }
    EXPECT_EQ(roots.roots(), l.expected);
}

TEST(PieceRoots, RefusesLeavesThatAreNotTheFilesBlocks) {
    Sandbox box;
    // File 1 starts 1,696 bytes into piece 3.
    const auto l = make_layout(box, {100000, 60000});
    PieceRoots roots(l.files, kPiece, static_cast<std::int64_t>(l.stream.size()));
    EXPECT_FALSE(roots.add_piece_leaves(3, check_leaves(l, 3))) << "file 1's part missing";
    auto leaves = leaves_of(l, 0);
    leaves.runs.pop_back();
    EXPECT_FALSE(roots.add_piece_leaves(0, leaves)) << "too few leaves";
    leaves = leaves_of(l, 0);
    leaves.runs.push_back(leaves.runs.back());
    EXPECT_FALSE(roots.add_piece_leaves(0, leaves)) << "a leaf twice";
    leaves = leaves_of(l, 3);
    leaves.cuts.back().in_file += 1;
    EXPECT_FALSE(roots.add_piece_leaves(3, leaves)) << "a cut that is not where it says";
    leaves = leaves_of(l, 4);
    leaves.runs.back().file = 7;
    EXPECT_FALSE(roots.add_piece_leaves(4, leaves)) << "no such file";
    leaves = leaves_of(l, 4);
    leaves.runs.back().first += std::size_t(1) << 50;  // times 16 KiB: wraps to the same
    EXPECT_FALSE(roots.add_piece_leaves(4, leaves)) << "a leaf far past the file's end";
    leaves = leaves_of(l, 4);
    leaves.cuts.back().in_file -= std::int64_t(1) << 62;
    EXPECT_FALSE(roots.add_piece_leaves(4, leaves)) << "a cut before the file's start";
    // Refused pieces are not taken: they can still come as bytes.
    for (int i = 0; i < piece_count(l); ++i)
        ASSERT_TRUE(roots.add_piece(i, piece(l, i)));
    EXPECT_EQ(roots.roots(), l.expected);
}

TEST(PieceRoots, FilesWithAMissingPieceHaveNoRoot) {
    Sandbox box;
    const auto l = make_layout(box, {50000, 30000, 200000});
    PieceRoots roots(l.files, kPiece, static_cast<std::int64_t>(l.stream.size()));
    // Piece 2 (64 KiB to 96 KiB) holds the end of file 1 (50,000 to 80,000) and the start
    // of file 2; file 0 ends in piece 1.
    for (int i = 0; i < piece_count(l); ++i) {
        if (i == 2) continue;
        ASSERT_TRUE(roots.add_piece(i, piece(l, i)));
    }
    const auto got = roots.roots();
    EXPECT_EQ(got[0], l.expected[0]);
    EXPECT_FALSE(got[1]);
    EXPECT_FALSE(got[2]);
}

TEST(PieceRoots, IgnoresRepeatsAndRejectsWrongLengths) {
    Sandbox box;
    const auto l = make_layout(box, {70000});
    PieceRoots roots(l.files, kPiece, static_cast<std::int64_t>(l.stream.size()));
    EXPECT_FALSE(roots.add_piece(0, piece(l, 0).first(100)));
    for (int i = 0; i < piece_count(l); ++i) {
        ASSERT_TRUE(roots.add_piece(i, piece(l, i)));
        ASSERT_TRUE(roots.add_piece(i, piece(l, i)));  // given twice: counted once
    }
    EXPECT_TRUE(roots.add_piece(99, piece(l, 0)));  // out of range: ignored
    EXPECT_EQ(roots.roots()[0], l.expected[0]);
}

}  // namespace
}  // namespace shoal::hashing
