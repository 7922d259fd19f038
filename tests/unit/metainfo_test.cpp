#include "sandbox.h"

#include <shoal/engine/metainfo.h>
#include <shoal/hashing/torrent_creator.h>

#include <gtest/gtest.h>

namespace shoal::engine {
namespace {

using test::Sandbox;

std::string make_torrent(Sandbox& box, hashing::TorrentFormat format) {
    test::write_payload_dir(box.path("data"), {{"a.bin", 40000}, {"b/c.bin", 1}, {"empty", 0}}, 7);
    hashing::CreateOptions o;
    o.source = box.path("data");
    o.format = format;
    o.tracker_tiers = {{"http://t1.example/announce"}, {"http://t2.example/announce"}};
    o.web_seeds = {"http://ws.example/"};
    o.comment = "hello";
    o.is_private = true;
    o.creation_date = 1700000000;
    auto created = hashing::create_torrent(o);
    EXPECT_TRUE(created) << created.error().message;
    return created->metainfo;
}

TEST(Metainfo, ReadsWhatATorrentSays) {
    Sandbox box;
    auto m = parse_metainfo(make_torrent(box, hashing::TorrentFormat::hybrid), "x.torrent");
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->name, "data");
    EXPECT_EQ(m->hashes.v1.size(), 40u);
    EXPECT_EQ(m->hashes.v2.size(), 64u);
    EXPECT_EQ(m->id.hex(), m->hashes.v1);
    EXPECT_EQ(m->total_size, 40001);
    EXPECT_TRUE(m->is_private);
    EXPECT_EQ(m->comment, "hello");
    EXPECT_EQ(m->creation_date, 1700000000);
    EXPECT_EQ(m->creator, "Shoal/0.1.0");
    ASSERT_EQ(m->trackers.size(), 2u);
    EXPECT_EQ(m->trackers[1].tier, 1);
    ASSERT_EQ(m->web_seeds.size(), 1u);
    int real = 0;
    for (const auto& f : m->files) {
        if (f.pad) continue;
        ++real;
        if (f.size > 0) {
            EXPECT_EQ(f.pieces_root.size(), 64u) << f.path;
        }
    }
    EXPECT_EQ(real, 3);
    EXPECT_NE(m->magnet_uri.find(m->hashes.v1), std::string::npos);
}

TEST(Metainfo, BrokenInputIsBadInputNamingTheSource) {
    Sandbox box;
    const std::string good = make_torrent(box, hashing::TorrentFormat::v1);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"", "empty"},
        {good.substr(0, good.size() / 2), "bencoding error at byte"},
        {"this is not bencoded", "bencoding error at byte"},
        {"i42e", "not a dictionary"},
        {"d4:spam4:eggse", "info"},
    };
    for (const auto& [bytes, why] : cases) {
        auto m = parse_metainfo(bytes, "broken.torrent");
        ASSERT_FALSE(m) << why;
        EXPECT_EQ(m.error().kind, ErrorKind::bad_input);
        EXPECT_NE(m.error().message.find("broken.torrent"), std::string::npos) << m.error().message;
        EXPECT_NE(m.error().message.find(why), std::string::npos) << m.error().message;
    }
}

}  // namespace
}  // namespace shoal::engine
