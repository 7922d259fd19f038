// Shoal's creator must produce exactly what libtorrent's own creator produces from the same
// files (same info dictionary, so the same info-hashes), for v1, v2 and hybrid.
#include "sandbox.h"

#include <shoal/hashing/pieces_root.h>
#include <shoal/hashing/torrent_creator.h>

#include <gtest/gtest.h>
#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/torrent_info.hpp>

namespace shoal::hashing {
namespace {

using test::PayloadFile;
using test::Sandbox;

struct Layout {
    const char* name;
    std::vector<PayloadFile> files;  // empty path: a single file named "single.bin"
    std::int64_t single_size = -1;
    int piece_size;
};

std::string libtorrent_info_hash(const std::filesystem::path& source,
                                 const std::vector<PayloadFile>& files, bool single,
                                 TorrentFormat format, int piece_size, std::int64_t date) {
    lt::file_storage fs;
    const std::string name = source.filename().string();
    if (single) {
        fs.add_file(name, static_cast<std::int64_t>(std::filesystem::file_size(source)));
    } else {
        std::vector<std::string> paths;
        for (const auto& f : files)
            paths.push_back(name + "/" + f.path);
        std::sort(paths.begin(), paths.end());
        for (const auto& p : paths)
            fs.add_file(
                p, static_cast<std::int64_t>(std::filesystem::file_size(source.parent_path() / p)));
    }
    lt::create_flags_t flags{};
    if (format == TorrentFormat::v1) flags |= lt::create_torrent::v1_only;
    if (format == TorrentFormat::v2) flags |= lt::create_torrent::v2_only;
    lt::create_torrent ct(fs, piece_size, flags);
    lt::set_piece_hashes(ct, source.parent_path().string());
    ct.set_creator("Shoal/0.1.0");
    ct.set_creation_date(date);
    std::vector<char> buf;
    lt::bencode(std::back_inserter(buf), ct.generate());
    lt::torrent_info ti(buf, lt::from_span);
    std::string out;
    if (ti.info_hashes().has_v1()) out += ti.info_hashes().v1.to_string();
    if (ti.info_hashes().has_v2()) out += ti.info_hashes().v2.to_string();
    return out;
}

class CreatorMatchesLibtorrent : public ::testing::TestWithParam<std::tuple<int, TorrentFormat>> {};

const std::vector<Layout>& layouts() {
    static const std::vector<Layout> all{
        {"one byte", {}, 1, 16384},
        {"one block", {}, 16384, 16384},
        {"one block and a byte", {}, 16385, 16384},
        {"several MiB", {}, (5 << 20) + 12345, 0},
        {"mixed files",
         {{"a/empty", 0},
          {"a/one", 1},
          {"b", 16384},
          {"c", 16385},
          {"d/e/f", 300000},
          {"z", (3 << 20) + 7}},
         -1,
         65536},
        {"small pieces across many files",
         {{"1", 1000}, {"2", 20000}, {"3", 40000}, {"4", 70000}, {"5", 3}},
         -1,
         32768},
        // Large files beside small ones: pieces that span both, and files past 8 MiB (the
        // size of a worker's run of pieces, and of a map window where data is mapped).
        {"mapped files beside read ones",
         {{"a", 5000}, {"big", (8 << 20) + 3 * 16384 + 77}, {"c", 20000}, {"huge", (17 << 20) + 5}},
         -1,
         1 << 20},
        // Whole pieces, then pieces half file and half padding (hybrid), then whole again:
        // each worker's piece buffers hold stale bytes where a later piece's pad file goes.
        {"pad files after whole pieces",
         {{"1", 3 * 16384},
          {"2", 100},
          {"3", 2 * 16384 + 5},
          {"4", 7},
          {"5", 16384},
          {"6", 9000},
          {"7", 4 * 16384},
          {"8", 1}},
         -1,
         16384},
    };
    return all;
}

std::string layout_name(const ::testing::TestParamInfo<std::tuple<int, TorrentFormat>>& p) {
    static const char* const kFormats[] = {"v1", "v2", "hybrid"};
    return "layout" + std::to_string(std::get<0>(p.param)) + "_" +
           kFormats[static_cast<int>(std::get<1>(p.param))];
}

TEST_P(CreatorMatchesLibtorrent, SameInfoHashes) {
    const auto [layout_index, format] = GetParam();
    const Layout& layout = layouts()[static_cast<std::size_t>(layout_index)];
    Sandbox box;
    std::filesystem::path source;
    const bool single = layout.single_size >= 0;
    if (single) {
        source = box.path("src/single.bin");
        test::write_payload(source, layout.single_size, 11);
    } else {
        source = box.path("src/tree");
        test::write_payload_dir(source, layout.files, 12);
    }
    CreateOptions o;
    o.source = source;
    o.format = format;
    o.piece_size = layout.piece_size;
    o.creation_date = 1700000000;
    auto created = create_torrent(o);
    ASSERT_TRUE(created) << created.error().message;
    lt::torrent_info ti(created->metainfo, lt::from_span);
    std::string ours;
    if (ti.info_hashes().has_v1()) ours += ti.info_hashes().v1.to_string();
    if (ti.info_hashes().has_v2()) ours += ti.info_hashes().v2.to_string();
    EXPECT_EQ(ours, libtorrent_info_hash(source, layout.files, single, format, created->piece_size,
                                         1700000000))
        << layout.name;
    EXPECT_EQ(created->info_hash_v1.empty(), format == TorrentFormat::v2);
    EXPECT_EQ(created->info_hash_v2.empty(), format == TorrentFormat::v1);
}

INSTANTIATE_TEST_SUITE_P(Layouts, CreatorMatchesLibtorrent,
                         ::testing::Combine(::testing::Range(0, 8),
                                            ::testing::Values(TorrentFormat::v1, TorrentFormat::v2,
                                                              TorrentFormat::hybrid)),
                         layout_name);

TEST(Creator, V1FileRootsComeFromTheSameReadAndEqualTheFilesRoots) {
    Sandbox box;
    // Files that start and end mid-piece and mid-block, across 32 KiB pieces.
    const std::vector<PayloadFile> files{{"a", 1},     {"b", 40000}, {"c", 16384},
                                         {"d", 70001}, {"e", 0},     {"f", 5000}};
    test::write_payload_dir(box.path("tree"), files, 31);
    CreateOptions o;
    o.source = box.path("tree");
    o.format = TorrentFormat::v1;
    o.piece_size = 32768;
    o.creation_date = 1700000000;  // the two torrents compared must not straddle a second
    o.file_roots = FileRoots::always;
    auto created = create_torrent(o);
    ASSERT_TRUE(created) << created.error().message;
    ASSERT_EQ(created->files.size(), files.size());
    for (const auto& f : created->files) {
        auto expected = file_pieces_root(box.path(f.path));
        ASSERT_TRUE(expected);
        EXPECT_EQ(f.pieces_root, expected->has_value() ? hex(**expected) : "") << f.path;
    }
    o.file_roots = FileRoots::never;
    auto without = create_torrent(o);
    ASSERT_TRUE(without);
    EXPECT_EQ(without->metainfo, created->metainfo) << "roots must not change the torrent";
    for (const auto& f : without->files)
        EXPECT_TRUE(f.pieces_root.empty());
}

TEST(Creator, V1FileRootsRideAlongOnlyWhenTheDataComesFromDisk) {
    Sandbox box;
    const std::vector<PayloadFile> files{{"a", 3 << 20}, {"b", 70001}};
    test::write_payload_dir(box.path("tree"), files, 32);
    CreateOptions o;
    o.source = box.path("tree");
    o.format = TorrentFormat::v1;
    o.piece_size = 65536;
    ASSERT_EQ(o.file_roots, FileRoots::unless_cached) << "the default";
    // Just written, so in memory: SHA-1 alone, twice as fast; the roots come when seeded.
    auto in_memory = create_torrent(o);
    ASSERT_TRUE(in_memory) << in_memory.error().message;
    for (const auto& f : in_memory->files)
        EXPECT_TRUE(f.pieces_root.empty()) << f.path;

    ASSERT_TRUE(test::evict_from_page_cache(box.path("tree")));
    auto from_disk = create_torrent(o);
    ASSERT_TRUE(from_disk) << from_disk.error().message;
    EXPECT_EQ(from_disk->info_hash_v1, in_memory->info_hash_v1);
    for (const auto& f : from_disk->files) {
        auto expected = file_pieces_root(box.path(f.path));
        ASSERT_TRUE(expected && expected->has_value());
        EXPECT_EQ(f.pieces_root, hex(**expected)) << f.path;
    }
}

TEST(Creator, ReportsProgressToTheEnd) {
    Sandbox box;
    test::write_payload(box.path("f.bin"), 3 << 20, 3);
    CreateOptions o;
    o.source = box.path("f.bin");
    o.piece_size = 65536;
    std::int64_t last = 0, total = 0;
    auto created = create_torrent(o, [&](const CreateProgress& p) {
        EXPECT_GE(p.bytes_hashed, last);
        last = p.bytes_hashed;
        total = p.total_bytes;
    });
    ASSERT_TRUE(created);
    EXPECT_EQ(last, 3 << 20);
    EXPECT_EQ(total, 3 << 20);
}

TEST(Creator, CancelStops) {
    Sandbox box;
    test::write_payload(box.path("f.bin"), 8 << 20, 3);
    CreateOptions o;
    o.source = box.path("f.bin");
    o.piece_size = 16384;
    std::atomic<bool> cancel{true};
    auto created = create_torrent(o, {}, &cancel);
    EXPECT_FALSE(created);
}

TEST(Creator, BadInputIsRefusedWithAReason) {
    Sandbox box;
    CreateOptions o;
    o.source = box.path("missing");
    auto missing = create_torrent(o);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::bad_input);
    EXPECT_NE(missing.error().message.find("missing"), std::string::npos);

    std::filesystem::create_directories(box.path("empty/sub"));
    test::write_payload(box.path("empty/sub/zero"), 0, 1);
    o.source = box.path("empty");
    auto empty = create_torrent(o);
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("no data"), std::string::npos);

    test::write_payload(box.path("f"), 100000, 1);
    o.source = box.path("f");
    o.format = TorrentFormat::hybrid;
    o.piece_size = 48 * 1024;
    auto bad_piece = create_torrent(o);
    ASSERT_FALSE(bad_piece);
    EXPECT_NE(bad_piece.error().message.find("power of two"), std::string::npos);
}

TEST(Creator, AutoPieceSizeKeepsPieceCountModest) {
    EXPECT_EQ(auto_piece_size(1), 16384);
    EXPECT_EQ(auto_piece_size(1LL << 30), 1 << 20);
    EXPECT_LE((1LL << 40) / auto_piece_size(1LL << 40), 70000);
    for (std::int64_t size : {1LL << 20, 100LL << 20, 4LL << 30}) {
        const int ps = auto_piece_size(size);
        EXPECT_EQ(ps & (ps - 1), 0);
        EXPECT_LE(size / ps, 2000);
    }
}

}  // namespace
}  // namespace shoal::hashing
