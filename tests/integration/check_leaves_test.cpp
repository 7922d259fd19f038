// The disk I/O wrapper of leaf_hashing_disk_io.h on libtorrent's own back end, on real
// files: the check of a downloaded piece of a torrent whose files start on piece boundaries
// gives the SHA-256 of its 16 KiB blocks (the files' BEP 52 leaves) with the usual SHA-1;
// checks of data already on disk, and libtorrent's checks of torrents whose files cut the
// pieces' blocks, give none (written pieces of those do); leaves of a check whose SHA-1 was
// not the piece's are never taken.
#include "check_leaves.h"

#include "sandbox.h"
#include "wrapped_disk.h"

#include <shoal/hashing/piece_roots.h>
#include <shoal/hashing/pieces_root.h>

#include <gtest/gtest.h>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/torrent_info.hpp>

#include <map>

namespace shoal::engine {
namespace {

using test::Sandbox;
using Disk = WrappedDisk;

constexpr int kPiece = 64 * 1024;

std::shared_ptr<lt::torrent_info> make_torrent(lt::file_storage fs,
                                               const std::filesystem::path& save_path) {
    lt::create_torrent ct(fs, kPiece, lt::create_torrent::v1_only);
    lt::set_piece_hashes(ct, save_path.string());
    std::vector<char> buf;
    lt::bencode(std::back_inserter(buf), ct.generate());
    return std::make_shared<lt::torrent_info>(buf, lt::from_span);
}

std::shared_ptr<lt::torrent_info> make_torrent(const std::filesystem::path& path) {
    lt::file_storage fs;
    lt::add_files(fs, path.string());
    return make_torrent(fs, path.parent_path());
}

TEST(CheckLeaves, TheCheckOfADownloadedPieceGivesItsLeaves) {
    Sandbox box;
    const auto file = box.path("data/movie.bin");
    std::filesystem::create_directories(file.parent_path());
    test::write_payload(file, 3 * kPiece + 20000, 7);  // the last piece ends inside a block
    const auto ti = make_torrent(file);
    ASSERT_TRUE(check_gives_leaves(ti->files(), std::int64_t(1) << 30));
    const std::string bytes = test::read_all(file);
    const auto ih = ti->info_hashes().v1;

    Disk disk(ti, box.path("data"));
    for (lt::piece_index_t p : ti->piece_range()) {
        EXPECT_EQ(disk.hash(p), ti->hash_for_piece(p)) << "the SHA-1 is unchanged";
        auto leaves = disk.leaves->take(ih, p, ti->hash_for_piece(p));
        ASSERT_TRUE(leaves) << "piece " << static_cast<int>(p);
        const auto at = static_cast<std::size_t>(static_cast<int>(p) * kPiece);
        EXPECT_EQ(*leaves, leaves_of(std::string_view(bytes).substr(at, kPiece), 0, at / 16384))
            << "piece " << static_cast<int>(p);
        EXPECT_FALSE(disk.leaves->take(ih, p, ti->hash_for_piece(p))) << "taken once";
    }

    // A check of data already on disk (adding, force recheck) pays for no SHA-256.
    disk.hash(lt::piece_index_t(0),
              lt::disk_interface::v1_hash | lt::disk_interface::volatile_read);
    EXPECT_FALSE(
        disk.leaves->take(ih, lt::piece_index_t(0), ti->hash_for_piece(lt::piece_index_t(0))));

    // Leaves never taken go with the torrent.
    disk.hash(lt::piece_index_t(1));
    disk.remove();
    EXPECT_FALSE(
        disk.leaves->take(ih, lt::piece_index_t(1), ti->hash_for_piece(lt::piece_index_t(1))));
}

TEST(CheckLeaves, FilesPaddedToPiecesGiveTheirOwnBlocks) {
    Sandbox box;
    // BEP 47 padding after files that end inside a block and inside a piece.
    const std::vector<test::PayloadFile> real = {
        {"a.bin", kPiece + 1000}, {"b.bin", 2 * kPiece + 16384}, {"c.bin", 77}};
    test::write_payload_dir(box.path("data/set"), real, 5);
    lt::file_storage fs;
    fs.add_file("set/a.bin", real[0].size);
    fs.add_file("set/.pad/0", 2 * kPiece - real[0].size, lt::file_storage::flag_pad_file);
    fs.add_file("set/b.bin", real[1].size);
    fs.add_file("set/.pad/1", kPiece - 16384, lt::file_storage::flag_pad_file);
    fs.add_file("set/c.bin", real[2].size);
    const auto ti = make_torrent(fs, box.path("data"));
    ASSERT_TRUE(check_gives_leaves(ti->files(), std::int64_t(1) << 30));

    Disk disk(ti, box.path("data"));
    const auto ih = ti->info_hashes().v1;
    std::map<std::size_t, std::vector<hashing::Sha256Digest>> got;  // by file index
    for (lt::piece_index_t p : ti->piece_range()) {
        EXPECT_EQ(disk.hash(p), ti->hash_for_piece(p));
        auto leaves = disk.leaves->take(ih, p, ti->hash_for_piece(p));
        ASSERT_TRUE(leaves) << "piece " << static_cast<int>(p);
        ASSERT_EQ(leaves->runs.size(), 1u);
        EXPECT_TRUE(leaves->cuts.empty());
        const auto& run = leaves->runs.front();
        auto& file = got[run.file];
        EXPECT_EQ(run.first, file.size()) << "piece " << static_cast<int>(p);
        file.insert(file.end(), run.hashes.begin(), run.hashes.end());
    }
    EXPECT_EQ(got[0], blocks_of(test::read_all(box.path("data/set/a.bin"))));
    EXPECT_EQ(got[2], blocks_of(test::read_all(box.path("data/set/b.bin"))));
    EXPECT_EQ(got[4], blocks_of(test::read_all(box.path("data/set/c.bin"))));
    EXPECT_EQ(got.size(), 3u) << "a piece began in padding";
}

TEST(CheckLeaves, LeavesOfACheckThatFailedAreNeverTaken) {
    CheckLeaves leaves;
    const lt::sha1_hash torrent("0123456789abcdefghij");
    const lt::sha1_hash damaged("damaged piece's hash");
    const lt::sha1_hash good("the piece's own hash");
    const lt::piece_index_t piece(3);
    auto some = [](std::size_t n) {
        Leaves l;
        l.runs.push_back({0, 0, std::vector<hashing::Sha256Digest>(n)});
        return l;
    };
    leaves.put(torrent, piece, damaged, some(4));
    EXPECT_FALSE(leaves.take(torrent, piece, good));
    EXPECT_FALSE(leaves.take(torrent, piece, damaged)) << "gone once looked at";
    leaves.put(torrent, piece, damaged, some(4));
    leaves.put(torrent, piece, good, some(2));  // downloaded again, checked again
    auto taken = leaves.take(torrent, piece, good);
    ASSERT_TRUE(taken);
    EXPECT_EQ(*taken, some(2));
}

TEST(CheckLeaves, FilesThatCutThePiecesBlocksGiveNone) {
    Sandbox box;
    test::write_payload_dir(box.path("data/set"), {{"a.bin", kPiece + 1000}, {"b.bin", kPiece}}, 3);
    const auto ti = make_torrent(box.path("data/set"));
    ASSERT_FALSE(check_gives_leaves(ti->files(), std::int64_t(1) << 30));
    Disk disk(ti, box.path("data"));
    for (lt::piece_index_t p : ti->piece_range()) {
        EXPECT_EQ(disk.hash(p), ti->hash_for_piece(p));
        EXPECT_FALSE(disk.leaves->take(ti->info_hashes().v1, p, ti->hash_for_piece(p)));
    }
}

// Written through the wrapper, the same torrent's pieces give their files' leaves: the blocks
// cut by piece boundaries as bytes, joined once both pieces passed.
TEST(CheckLeaves, FilesThatCutThePiecesBlocksGiveLeavesFromTheirWrites) {
    Sandbox box;
    test::write_payload_dir(box.path("data/set"), {{"a.bin", kPiece + 1000}, {"b.bin", kPiece}}, 3);
    const auto ti = make_torrent(box.path("data/set"));
    const std::string stream =
        test::read_all(box.path("data/set/a.bin")) + test::read_all(box.path("data/set/b.bin"));
    const auto& fs = ti->files();
    hashing::PieceRoots roots(piece_files(fs), kPiece, fs.total_size());

    Disk disk(ti, box.path("data"));
    for (lt::piece_index_t p : ti->piece_range()) {
        const int size = fs.piece_size(p);
        const char* bytes = stream.data() + std::size_t(static_cast<int>(p)) * kPiece;
        for (int at = 0; at < size; at += 16384)
            disk.write(p, at, bytes + at, std::min(16384, size - at));
        EXPECT_EQ(disk.hash(p), ti->hash_for_piece(p));
        auto leaves = disk.leaves->take(ti->info_hashes().v1, p, ti->hash_for_piece(p));
        ASSERT_TRUE(leaves) << "piece " << static_cast<int>(p);
        EXPECT_TRUE(roots.add_piece_leaves(static_cast<int>(p), *leaves));
    }
    const auto got = roots.roots();
    ASSERT_EQ(got.size(), 2u);
    for (std::size_t i = 0; i < got.size(); ++i) {
        const auto expected =
            hashing::file_pieces_root(box.path(i == 0 ? "data/set/a.bin" : "data/set/b.bin"), 1);
        ASSERT_TRUE(expected && *expected);
        EXPECT_EQ(got[i], **expected) << "file " << i;
    }
}

TEST(CheckLeaves, OnlyV1TorrentsUpToTheSizeLimitGiveLeaves) {
    lt::file_storage one;
    one.add_file("x/a.bin", 10 * kPiece);
    one.set_piece_length(kPiece);
    one.set_num_pieces(10);
    EXPECT_TRUE(check_gives_leaves(one, 10 * kPiece));
    EXPECT_FALSE(check_gives_leaves(one, 10 * kPiece - 1)) << "larger than the limit";

    // Files padded to pieces (BEP 47) start on piece boundaries.
    lt::file_storage padded;
    padded.add_file("x/a.bin", kPiece + 5);
    padded.add_file("x/.pad/1", kPiece - 5, lt::file_storage::flag_pad_file);
    padded.add_file("x/b.bin", 3);
    padded.set_piece_length(kPiece);
    padded.set_num_pieces(3);
    EXPECT_TRUE(check_gives_leaves(padded, 10 * kPiece));

    lt::file_storage odd;  // pieces of part blocks: the check's blocks would cross files
    odd.add_file("x/a.bin", 10 * 40000);
    odd.set_piece_length(40000);
    odd.set_num_pieces(10);
    EXPECT_FALSE(check_gives_leaves(odd, 10 * kPiece));
}

}  // namespace
}  // namespace shoal::engine
