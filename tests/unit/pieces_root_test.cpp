// BEP 52 pieces roots computed by Shoal equal libtorrent's file_storage::root() for the
// same file in a v2 torrent, at every size where padding rules differ.
#include "sandbox.h"

#include <shoal/common/hex.h>
#include <shoal/hashing/pieces_root.h>

#include <gtest/gtest.h>
#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/torrent_info.hpp>

namespace shoal::hashing {
namespace {

using test::Sandbox;

// libtorrent's own creator computes the root of a single-file v2 torrent.
std::string libtorrent_root(const std::filesystem::path& file, int piece_size) {
    lt::file_storage fs;
    fs.add_file(file.filename().string(),
                static_cast<std::int64_t>(std::filesystem::file_size(file)));
    lt::create_torrent ct(fs, piece_size, lt::create_torrent::v2_only);
    lt::set_piece_hashes(ct, file.parent_path().string());
    std::vector<char> buf;
    lt::bencode(std::back_inserter(buf), ct.generate());
    lt::torrent_info ti(buf, lt::from_span);
    const auto root = ti.files().root(lt::file_index_t(0));
    return to_hex(std::string_view(root.data(), root.size()));
}

class PiecesRoot : public ::testing::TestWithParam<std::int64_t> {};

TEST_P(PiecesRoot, EqualsLibtorrents) {
    Sandbox box;
    const auto file = box.path("data.bin");
    test::write_payload(file, GetParam(), static_cast<std::uint64_t>(GetParam()) + 1);
    auto ours = file_pieces_root(file);
    ASSERT_TRUE(ours) << ours.error().message;
    ASSERT_TRUE(ours->has_value());
    // The root does not depend on the piece size: check two.
    EXPECT_EQ(hex(**ours), libtorrent_root(file, 16384));
    EXPECT_EQ(hex(**ours), libtorrent_root(file, 4 << 20));
    // One thread or many: the same tree.
    auto single = file_pieces_root(file, 1);
    ASSERT_TRUE(single);
    EXPECT_EQ(**single, **ours);
}

INSTANTIATE_TEST_SUITE_P(Sizes, PiecesRoot,
                         ::testing::Values(1, 16384, 16385, 5 * 16384 + 7, (4 << 20), (4 << 20) + 1,
                                           (9 << 20) + 12345),
                         [](const auto& p) { return std::to_string(p.param) + "_bytes"; });

TEST(PiecesRootEdge, EmptyFileHasNoRoot) {
    Sandbox box;
    test::write_payload(box.path("empty"), 0, 1);
    auto r = file_pieces_root(box.path("empty"));
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->has_value());
}

TEST(PiecesRootEdge, MissingFileIsAnError) {
    Sandbox box;
    auto r = file_pieces_root(box.path("nope"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("nope"), std::string::npos);
}

}  // namespace
}  // namespace shoal::hashing
