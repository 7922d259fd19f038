// WrittenPieces (written_pieces.h): a downloaded piece's SHA-1 and its files' 16 KiB leaves
// from its blocks as they are written, in whatever order they come, wherever the files
// start; nothing for a piece seen only in part, twice, with a failed write, or beyond the
// budget for blocks kept out of order.
// And the disk I/O wrapper on libtorrent's own back end: the check of a written piece
// hashes the bytes written, reading nothing back.
#include "written_pieces.h"

#include "sandbox.h"
#include "wrapped_disk.h"

#include <shoal/hashing/piece_roots.h>
#include <shoal/hashing/sha.h>

#include <gtest/gtest.h>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/torrent_info.hpp>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <random>
#include <string>

namespace shoal::engine {
namespace {

constexpr int kPiece = 64 * 1024;
constexpr int kBlock = 16 * 1024;

std::string random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (auto& c : s)
        c = static_cast<char>(rng());
    return s;
}

lt::sha1_hash sha1_of(std::string_view bytes) {
    hashing::Hasher h(hashing::Algorithm::sha1);
    const auto d = h.sha1({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    return lt::sha1_hash(reinterpret_cast<const char*>(d.data()));
}

lt::file_storage one_file(std::int64_t size) {
    lt::file_storage fs;
    fs.add_file("x/a.bin", size);
    fs.set_piece_length(kPiece);
    fs.set_num_pieces(static_cast<int>((size + kPiece - 1) / kPiece));
    return fs;
}

// Writes block `b` (of `block` bytes) of `piece` from the piece's bytes.
void write_block(WrittenPieces& w, int piece, const std::string& bytes, int b, int block = kBlock) {
    const auto at = static_cast<std::size_t>(b * block);
    const auto n = std::min(static_cast<std::size_t>(block), bytes.size() - at);
    w.add(lt::piece_index_t(piece), b * block, std::span<const char>(bytes.data() + at, n));
}

TEST(WrittenPieces, APieceWrittenInAnyOrderHashesAsItsBytes) {
    const auto fs = one_file(2 * kPiece + 20000);  // the last piece ends inside a block
    auto kept = std::make_shared<KeptBytes>(1 << 20);
    WrittenPieces w(fs, true, kept);
    const std::string p0 = random_bytes(kPiece, 1);
    const std::string p2 = random_bytes(20000, 2);
    for (int b : {0, 1, 2, 3})
        write_block(w, 0, p0, b);
    for (int b : {1, 0})
        write_block(w, 2, p2, b);
    auto h0 = w.take(lt::piece_index_t(0));
    ASSERT_TRUE(h0);
    EXPECT_EQ(h0->sha1, sha1_of(p0));
    ASSERT_TRUE(h0->leaves);
    EXPECT_EQ(*h0->leaves, leaves_of(p0, 0, 0));
    auto h2 = w.take(lt::piece_index_t(2));
    ASSERT_TRUE(h2);
    EXPECT_EQ(h2->sha1, sha1_of(p2));
    ASSERT_TRUE(h2->leaves);
    EXPECT_EQ(*h2->leaves, leaves_of(p2, 0, 8));
    EXPECT_FALSE(w.take(lt::piece_index_t(0))) << "taken once";

    const std::string p1 = random_bytes(kPiece, 3);
    for (int b : {3, 1, 2}) {
        write_block(w, 1, p1, b);
        EXPECT_GT(kept->used, 0u) << "blocks ahead of the first are kept";
    }
    write_block(w, 1, p1, 0);
    EXPECT_EQ(kept->used, 64u * 1024) << "all hashed once the gap fills, but the last leaves";
    auto h1 = w.take(lt::piece_index_t(1));
    EXPECT_EQ(kept->used, 0u);
    ASSERT_TRUE(h1);
    EXPECT_EQ(h1->sha1, sha1_of(p1));
    EXPECT_EQ(*h1->leaves, leaves_of(p1, 0, 4));
}

TEST(WrittenPieces, PiecesWrittenInTurnKeepTheirOwnLeaves) {
    const auto fs = one_file(2 * kPiece);
    WrittenPieces w(fs, true, std::make_shared<KeptBytes>(1 << 20));
    const std::string p0 = random_bytes(kPiece, 9);
    const std::string p1 = random_bytes(kPiece, 10);
    for (int b : {0, 1, 2}) {  // two peers, a block of each piece in turn
        write_block(w, 0, p0, b);
        write_block(w, 1, p1, b);
    }
    write_block(w, 1, p1, 3);
    auto h1 = w.take(lt::piece_index_t(1));
    write_block(w, 0, p0, 3);
    auto h0 = w.take(lt::piece_index_t(0));
    ASSERT_TRUE(h0 && h0->leaves && h1 && h1->leaves);
    EXPECT_EQ(h0->sha1, sha1_of(p0));
    EXPECT_EQ(*h0->leaves, leaves_of(p0, 0, 0));
    EXPECT_EQ(h1->sha1, sha1_of(p1));
    EXPECT_EQ(*h1->leaves, leaves_of(p1, 0, 4));
}

TEST(WrittenPieces, APieceNotSeenWholeAndOnceIsNotKnown) {
    const auto fs = one_file(4 * kPiece);
    auto kept = std::make_shared<KeptBytes>(1 << 20);
    WrittenPieces w(fs, false, kept);
    const std::string p = random_bytes(kPiece, 4);

    for (int b : {0, 2})  // a block missing (written before this session)
        write_block(w, 0, p, b);
    EXPECT_FALSE(w.take(lt::piece_index_t(0)));
    EXPECT_EQ(kept->used, 0u) << "what it kept is given back";

    for (int b : {0, 1, 1, 2, 3})  // a block twice
        write_block(w, 1, p, b);
    EXPECT_FALSE(w.take(lt::piece_index_t(1)));

    for (int b : {2, 0, 1, 3})
        write_block(w, 2, p, b);
    w.write_failed(lt::piece_index_t(2));
    EXPECT_FALSE(w.take(lt::piece_index_t(2))) << "a failed write: read it from disk";

    for (int b : {0, 1})
        write_block(w, 3, p, b);
    w.clear(lt::piece_index_t(3));  // libtorrent clears a piece that failed its check
    for (int b : {0, 1, 2, 3})
        write_block(w, 3, p, b);
    auto h = w.take(lt::piece_index_t(3));
    ASSERT_TRUE(h) << "downloaded again after a clear";
    EXPECT_EQ(h->sha1, sha1_of(p));
    EXPECT_FALSE(h->leaves) << "not asked for";
    EXPECT_EQ(kept->used, 0u);
}

TEST(WrittenPieces, BlocksBeyondTheBudgetLeaveThePieceToTheDisk) {
    const auto fs = one_file(2 * kPiece);
    auto kept = std::make_shared<KeptBytes>(kBlock);  // one block, for both torrents
    WrittenPieces w(fs, false, kept);
    WrittenPieces other(fs, false, kept);
    const std::string p = random_bytes(kPiece, 5);
    write_block(other, 0, p, 3);
    EXPECT_EQ(kept->used, static_cast<std::size_t>(kBlock));
    write_block(w, 0, p, 2);  // no room left
    for (int b : {0, 1, 3})
        write_block(w, 0, p, b);
    EXPECT_FALSE(w.take(lt::piece_index_t(0)));
    for (int b : {0, 1, 2})
        write_block(other, 0, p, b);
    auto h = other.take(lt::piece_index_t(0));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->sha1, sha1_of(p));
    EXPECT_EQ(kept->used, 0u);

    write_block(w, 1, p, 1);
    EXPECT_EQ(kept->used, static_cast<std::size_t>(kBlock));
    { WrittenPieces gone(fs, false, kept); }
    w.clear(lt::piece_index_t(1));
    EXPECT_EQ(kept->used, 0u) << "a cleared piece gives its blocks back";

    // Leaves are assembled within the same budget: without room, the piece has none.
    WrittenPieces leaves(fs, true, kept);
    for (int b : {0, 1, 2, 3})
        write_block(leaves, 0, p, b);
    h = leaves.take(lt::piece_index_t(0));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->sha1, sha1_of(p));
    EXPECT_FALSE(h->leaves) << "no room to assemble them";
    EXPECT_EQ(kept->used, 0u);
}

TEST(WrittenPieces, PaddingAfterAFileCountsAsZeros) {
    // a.bin ends inside the piece's second block; BEP 47 padding fills the piece.
    lt::file_storage fs;
    fs.add_file("x/a.bin", 20000);
    fs.add_file("x/.pad/0", kPiece - 20000, lt::file_storage::flag_pad_file);
    fs.add_file("x/b.bin", 5000);
    fs.set_piece_length(kPiece);
    fs.set_num_pieces(2);
    auto kept = std::make_shared<KeptBytes>(1 << 20);
    WrittenPieces w(fs, true, kept);
    const std::string a = random_bytes(20000, 6);
    std::string block1 = a.substr(kBlock);
    block1.resize(kBlock, '\0');  // the peer sends the block whole, padding and all
    w.add(lt::piece_index_t(0), kBlock, block1);
    w.add(lt::piece_index_t(0), 0, std::span<const char>(a.data(), kBlock));
    // Blocks of padding alone are never downloaded.
    auto h = w.take(lt::piece_index_t(0));
    ASSERT_TRUE(h);
    std::string piece = a;
    piece.resize(kPiece, '\0');
    EXPECT_EQ(h->sha1, sha1_of(piece));
    ASSERT_TRUE(h->leaves);
    EXPECT_EQ(*h->leaves, leaves_of(a, 0, 0)) << "the file's leaves stop at its end";

    std::string half = random_bytes(kBlock, 7);
    w.add(lt::piece_index_t(0), 0, half);
    EXPECT_FALSE(w.take(lt::piece_index_t(0))) << "file bytes missing are not padding";
}

// Files start anywhere in the pieces: their blocks span two of libtorrent's, some two
// pieces or more; one file lies inside a block, one is empty, padding stands between two.
// Pieces of 64 KiB, of a length that is no multiple of a block, and smaller than a block.
class FileLeavesOfPieces : public ::testing::TestWithParam<int> {};

TEST_P(FileLeavesOfPieces, FilesThatCutThePiecesBlocksGiveTheirLeavesToo) {
    const int piece = GetParam();
    const int block = std::min(piece, kBlock);
    lt::file_storage fs;
    for (auto [name, size] : std::initializer_list<std::pair<const char*, std::int64_t>>{
             {"x/a", 50000}, {"x/b", 1000}, {"x/c", 0}, {"x/d", 130000}, {"x/e", 70001}})
        fs.add_file(name, size);
    fs.add_file("x/.pad/0", 3000, lt::file_storage::flag_pad_file);
    fs.add_file("x/f", kPiece + 5);
    fs.set_piece_length(piece);
    fs.set_num_pieces(static_cast<int>((fs.total_size() + piece - 1) / piece));
    std::string stream = random_bytes(static_cast<std::size_t>(fs.total_size()), 11);
    for (auto i : fs.file_range())
        if (fs.pad_file_at(i))
            std::fill_n(stream.begin() + fs.file_offset(i), fs.file_size(i), '\0');
    const auto files = piece_files(fs);
    auto piece_bytes = [&](int i) {
        return stream.substr(static_cast<std::size_t>(i) * static_cast<std::size_t>(piece),
                             static_cast<std::size_t>(fs.piece_size(lt::piece_index_t(i))));
    };

    // Every block of every piece, in any order.
    std::vector<std::pair<int, int>> blocks;
    for (int i = 0; i < fs.num_pieces(); ++i)
        for (int b = 0; b * block < fs.piece_size(lt::piece_index_t(i)); ++b)
            blocks.emplace_back(i, b);
    std::shuffle(blocks.begin(), blocks.end(), std::mt19937(5));
    WrittenPieces w(fs, true, std::make_shared<KeptBytes>(64 << 20));
    for (auto [i, b] : blocks)
        write_block(w, i, piece_bytes(i), b, block);

    hashing::PieceRoots from_leaves(files, piece, fs.total_size());
    hashing::PieceRoots from_bytes(files, piece, fs.total_size());
    for (int i = fs.num_pieces() - 1; i >= 0; --i) {
        auto h = w.take(lt::piece_index_t(i));
        ASSERT_TRUE(h && h->leaves) << "piece " << i;
        EXPECT_EQ(h->sha1, sha1_of(piece_bytes(i)));
        EXPECT_TRUE(from_leaves.add_piece_leaves(i, *h->leaves)) << "piece " << i;
        const std::string bytes = piece_bytes(i);
        from_bytes.add_piece(i,
                             {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    }
    const auto expected = from_bytes.roots();
    EXPECT_EQ(from_leaves.roots(), expected);
    EXPECT_EQ(std::count(expected.begin(), expected.end(), std::nullopt), 2) << "c and the pad";
}

INSTANTIATE_TEST_SUITE_P(PieceLengths, FileLeavesOfPieces, ::testing::Values(kPiece, 40000, 8192));

// A torrent of one file of 2 pieces, on libtorrent's own back end, wrapped.
struct TwoPieces {
    explicit TwoPieces(const std::filesystem::path& dir)
        : bytes(random_bytes(2 * kPiece, 8)),
          file(dir / "x/a.bin"),
          ti(make(bytes)),
          disk(ti, dir) {}

    // Writes the piece's blocks in this order.
    void write(int piece, std::initializer_list<int> blocks) {
        for (int b : blocks)
            disk.write(lt::piece_index_t(piece), b * kBlock,
                       bytes.data() + piece * kPiece + b * kBlock, kBlock);
    }
    // Overwrites the file's first `n` bytes with 'z', behind the client's back; returns
    // the file's bytes now.
    std::string scribble(int n) const {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        const std::string z(static_cast<std::size_t>(n), 'z');
        f.write(z.data(), n);
        return z + bytes.substr(static_cast<std::size_t>(n));
    }
    lt::sha1_hash check(int piece) { return disk.hash(lt::piece_index_t(piece)); }

    static std::shared_ptr<const lt::torrent_info> make(const std::string& bytes) {
        lt::file_storage fs;
        fs.add_file("x/a.bin", 2 * kPiece);
        lt::create_torrent ct(fs, kPiece, lt::create_torrent::v1_only);
        for (int p : {0, 1})
            ct.set_hash(lt::piece_index_t(p),
                        sha1_of(std::string_view(bytes).substr(std::size_t(p) * kPiece, kPiece)));
        std::vector<char> buf;
        lt::bencode(std::back_inserter(buf), ct.generate());
        return std::make_shared<lt::torrent_info>(buf, lt::from_span);
    }

    const std::string bytes;
    const std::filesystem::path file;
    const std::shared_ptr<const lt::torrent_info> ti;
    WrappedDisk disk;
};

// A written piece's check hashes the bytes that were written, even when the file has
// changed since (it reads nothing back); a piece cleared since it was written (as after a
// failed check) is checked from disk.
TEST(WrittenPieces, TheCheckOfAWrittenPieceReadsNothingBack) {
    test::Sandbox box;
    TwoPieces t(box.path("data"));
    t.write(0, {3, 2, 1, 0});
    t.write(1, {0, 1, 2, 3});
    t.disk.clear(lt::piece_index_t(1));
    const std::string on_disk = t.scribble(kPiece + 2 * kBlock);
    EXPECT_EQ(t.check(0), t.ti->hash_for_piece(lt::piece_index_t(0))) << "the bytes written";
    auto leaves = t.disk.leaves->take(t.ti->info_hashes().v1, lt::piece_index_t(0),
                                      t.ti->hash_for_piece(lt::piece_index_t(0)));
    ASSERT_TRUE(leaves);
    EXPECT_EQ(*leaves, leaves_of(std::string_view(t.bytes).substr(0, kPiece), 0, 0));
    EXPECT_EQ(t.check(1), sha1_of(std::string_view(on_disk).substr(kPiece))) << "from disk";
}

// Stopped (paused, or before its files move, are checked or deleted), a torrent's pieces
// in flight are checked from disk: what was seen written may no longer be what is there.
TEST(WrittenPieces, AStoppedTorrentsPiecesAreCheckedFromDisk) {
    test::Sandbox box;
    TwoPieces t(box.path("data"));
    t.write(0, {0, 1});
    t.disk.stop();
    t.write(0, {2, 3});
    const std::string on_disk = t.scribble(kBlock);
    EXPECT_EQ(t.check(0), sha1_of(std::string_view(on_disk).substr(0, kPiece)));
}

}  // namespace
}  // namespace shoal::engine
