#include <shoal/engine/metainfo.h>

#include <gtest/gtest.h>

namespace shoal::engine {
namespace {

constexpr const char* kV1 = "0123456789abcdef0123456789abcdef01234567";
constexpr const char* kV2 = "a3f1c2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";

TEST(Magnet, V1WithNameTrackersWebSeedsPeersAndSelection) {
    auto m = parse_magnet(std::string("magnet:?xt=urn:btih:") + kV1 +
                          "&dn=My%20Files&tr=http%3A%2F%2Ftracker.example%2Fannounce"
                          "&ws=http%3A%2F%2Fseed.example%2Ffiles&x.pe=127.0.0.1:6881&so=0,2-4");
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->id.hex(), kV1);
    EXPECT_EQ(m->hashes.v1, kV1);
    EXPECT_TRUE(m->hashes.v2.empty());
    EXPECT_EQ(m->name, "My Files");
    ASSERT_EQ(m->trackers.size(), 1u);
    EXPECT_EQ(m->trackers[0], "http://tracker.example/announce");
    ASSERT_EQ(m->web_seeds.size(), 1u);
    EXPECT_EQ(m->web_seeds[0], "http://seed.example/files");
    ASSERT_EQ(m->peers.size(), 1u);
    EXPECT_EQ(m->peers[0], "127.0.0.1:6881");
    ASSERT_TRUE(m->selected_files);
    EXPECT_EQ(*m->selected_files, (std::vector<int>{0, 2, 3, 4}));
}

TEST(Magnet, V1Base32) {
    // The base32 form of kV1.
    auto m = parse_magnet("magnet:?xt=urn:btih:AERUKZ4JVPG66AJDIVTYTK6N54ASGRLH");
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->hashes.v1, kV1);
}

TEST(Magnet, V2OnlyIdIsTruncatedV2) {
    auto m = parse_magnet(std::string("magnet:?xt=urn:btmh:1220") + kV2);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_TRUE(m->hashes.v1.empty());
    EXPECT_EQ(m->hashes.v2, kV2);
    EXPECT_EQ(m->id.hex(), std::string(kV2).substr(0, 40));
}

TEST(Magnet, HybridHasBothHashes) {
    auto m = parse_magnet(std::string("magnet:?xt=urn:btih:") + kV1 + "&xt=urn:btmh:1220" + kV2);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->hashes.v1, kV1);
    EXPECT_EQ(m->hashes.v2, kV2);
    EXPECT_EQ(m->id.hex(), kV1);
}

struct BadMagnet {
    const char* uri;
    const char* expect;  // part of the message
};

void PrintTo(const BadMagnet& b, std::ostream* os) {
    *os << b.uri;
}

class MagnetErrors : public ::testing::TestWithParam<BadMagnet> {};

TEST_P(MagnetErrors, AreBadInputWithAReason) {
    auto m = parse_magnet(GetParam().uri);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::bad_input);
    EXPECT_NE(m.error().message.find(GetParam().expect), std::string::npos) << m.error().message;
    EXPECT_NE(m.error().message.find("magnet"), std::string::npos) << m.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Magnet, MagnetErrors,
    ::testing::Values(
        BadMagnet{"magnet:?dn=nothing", "no info-hash"},
        BadMagnet{"magnet:?xt=urn:btih:0123", "info-hash"},
        BadMagnet{"magnet:?xt=urn:btih:zz23456789abcdef0123456789abcdef01234567", "info-hash"},
        BadMagnet{"magnet:?xt=urn:btmh:1220abcd", "info-hash"},
        BadMagnet{"magnet:?xt=urn:sha1:0123456789abcdef0123456789abcdef01234567", "exact topic"},
        BadMagnet{"http://example.com/x.torrent", "not a magnet"},
        BadMagnet{"magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&so=1-", "so="},
        BadMagnet{"magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&so=a", "so="}));

TEST(IndexList, ParsesListsAndRanges) {
    EXPECT_EQ(parse_index_list("3"), (std::vector<int>{3}));
    EXPECT_EQ(parse_index_list("4,1-2,1"), (std::vector<int>{1, 2, 4}));
    EXPECT_FALSE(parse_index_list(""));
    EXPECT_FALSE(parse_index_list("3-1"));
    EXPECT_FALSE(parse_index_list("-1"));
    EXPECT_FALSE(parse_index_list("1,,2"));
    EXPECT_FALSE(parse_index_list("1,"));
    EXPECT_FALSE(parse_index_list("0-99999999"));
}

TEST(SourceKinds, AreRecognised) {
    EXPECT_TRUE(is_magnet_uri("magnet:?xt=x"));
    EXPECT_TRUE(is_magnet_uri("MAGNET:?xt=x"));
    EXPECT_FALSE(is_magnet_uri("file.torrent"));
    EXPECT_TRUE(is_http_url("https://a/b.torrent"));
    EXPECT_FALSE(is_http_url("ftp://a/b.torrent"));
}

}  // namespace
}  // namespace shoal::engine
