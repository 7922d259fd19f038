// Two real engines on 127.0.0.1: a seed and a leecher, for every torrent format, by
// .torrent and by magnet (metadata from the peer), and with a BEP 53 file selection.
#include "swarm.h"

#include <shoal/engine/metainfo.h>

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace shoal::test {
namespace {

using hashing::TorrentFormat;

const char* format_name(TorrentFormat f) {
    return f == TorrentFormat::v1 ? "v1" : f == TorrentFormat::v2 ? "v2" : "hybrid";
}

std::string magnet_of(const TestTorrent& t) {
    std::string m = "magnet:?";
    if (!t.info.hashes.v1.empty()) m += "xt=urn:btih:" + t.info.hashes.v1 + "&";
    if (!t.info.hashes.v2.empty()) m += "xt=urn:btmh:1220" + t.info.hashes.v2 + "&";
    return m + "dn=" + t.name;
}

class Transfer : public ::testing::TestWithParam<TorrentFormat> {};

TEST_P(Transfer, SeedToLeecherByTorrentFile) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), GetParam());
    TestEngine seeder(box.path("seeder"));
    TestEngine leecher(box.path("leecher"));
    auto sid = seeder.add_complete(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(sid) << sid.error().message;

    auto request = add_metainfo(t, box.path("get"));
    request.peers = {seeder.endpoint()};
    auto lid = leecher.add(request);
    ASSERT_TRUE(lid) << lid.error().message;
    EXPECT_EQ(*lid, *sid);
    auto done = leecher.wait_complete(*lid);
    ASSERT_TRUE(done) << "download did not complete";
    EXPECT_EQ(done->wanted_done, t.info.total_size);
    EXPECT_TRUE(same_payload(t, box.path("get")));
}

TEST_P(Transfer, MagnetFetchesMetadataFromThePeer) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), GetParam());
    TestEngine seeder(box.path("seeder"));
    TestEngine leecher(box.path("leecher"));
    auto sid = seeder.add_complete(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(sid) << sid.error().message;

    engine::AddRequest request;
    request.source = engine::MagnetSource{magnet_of(t) + "&x.pe=" + seeder.endpoint()};
    request.save_path = box.path("get");
    auto lid = leecher.add(request);
    ASSERT_TRUE(lid) << lid.error().message;
    ASSERT_TRUE(leecher.wait_event(engine::EngineEvent::Kind::metadata_received))
        << "no metadata from the peer";
    ASSERT_TRUE(leecher.wait_complete(*lid));
    EXPECT_TRUE(same_payload(t, box.path("get")));
}

INSTANTIATE_TEST_SUITE_P(Formats, Transfer,
                         ::testing::Values(TorrentFormat::v1, TorrentFormat::v2,
                                           TorrentFormat::hybrid),
                         [](const auto& p) { return std::string(format_name(p.param)); });

TEST(Transfer, MagnetSelectOnlyDownloadsTheSelectedFile) {
    Sandbox box;
    // Hybrid torrents pad files to piece boundaries, so no piece holds two files and an
    // unselected file is never written at all.
    auto t =
        make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::hybrid);
    int wanted = -1;
    for (const auto& f : t.info.files)
        if (f.path == "payload/dir/b.bin") wanted = f.index;
    ASSERT_GE(wanted, 0);
    TestEngine seeder(box.path("seeder"));
    TestEngine leecher(box.path("leecher"));
    auto sid = seeder.add_complete(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(sid) << sid.error().message;

    engine::AddRequest request;
    request.source = engine::MagnetSource{magnet_of(t) + "&so=" + std::to_string(wanted)};
    request.save_path = box.path("get");
    request.peers = {seeder.endpoint()};
    auto lid = leecher.add(request);
    ASSERT_TRUE(lid);
    auto done = leecher.wait_complete(*lid);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->wanted_size, 1 << 20);
    EXPECT_TRUE(
        same_contents(box.path("seed/payload/dir/b.bin"), box.path("get/payload/dir/b.bin")));
    EXPECT_FALSE(std::filesystem::exists(box.path("get/payload/a.bin")));
    EXPECT_FALSE(std::filesystem::exists(box.path("get/payload/c.txt")));
}

TEST(Transfer, SelectionOutOfRangeIsRefused) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    TestEngine engine(box.path("profile"));
    auto request = add_metainfo(t, box.path("get"));
    request.selected_files = std::vector<int>{7};
    auto r = engine.add(request);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::bad_input);
    EXPECT_NE(r.error().message.find("7"), std::string::npos);
    EXPECT_EQ(engine.torrent_count(), 0u);
}

TEST(Transfer, DuplicateAddIsRefusedAndTheFirstKept) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    TestEngine engine(box.path("profile"));
    auto first = engine.add(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(first);
    auto second = engine.add(add_metainfo(t, box.path("seed")));
    ASSERT_FALSE(second);
    EXPECT_NE(second.error().message.find("already"), std::string::npos);
    EXPECT_TRUE(engine.wait_complete(*first));
}

}  // namespace
}  // namespace shoal::test

namespace shoal::test {
namespace {

// What an add dialog does with a magnet: fetch the metadata, show the files, then add.
TEST(Transfer, FetchMetadataForADialogKeepsNothingThenTheTorrentAdds) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(),
                               hashing::TorrentFormat::hybrid);
    TestEngine seeder(box.path("seeder"));
    TestEngine leecher(box.path("leecher"));
    ASSERT_TRUE(seeder.add_complete(add_metainfo(t, box.path("seed"))));

    std::promise<Result<std::string>> fetched;
    leecher.engine().fetch_metadata(
        magnet_of(t) + "&x.pe=" + seeder.endpoint(),
        [&](Result<std::string> r) { fetched.set_value(std::move(r)); });
    auto future = fetched.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    auto bytes = future.get();
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto meta = engine::parse_metainfo(*bytes, "fetched");
    ASSERT_TRUE(meta) << meta.error().message;
    EXPECT_EQ(meta->hashes, t.info.hashes);
    EXPECT_EQ(meta->files.size(), t.info.files.size());
    // Nothing was announced, saved or written.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(leecher.torrent_count(), 0u);
    EXPECT_FALSE(std::filesystem::exists(box.path("leecher/metadata/payload")));

    engine::AddRequest request;
    request.source = engine::MetainfoSource{*bytes, "fetched"};
    request.save_path = box.path("get");
    request.peers = {seeder.endpoint()};
    auto id = leecher.add(request);
    ASSERT_TRUE(id) << id.error().message;
    ASSERT_TRUE(leecher.wait_complete(*id));
    EXPECT_TRUE(same_payload(t, box.path("get")));
}

TEST(Transfer, FetchMetadataOfAnAddedTorrentSaysSo) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(),
                               hashing::TorrentFormat::v1);
    TestEngine e(box.path("engine"));
    ASSERT_TRUE(e.add_complete(add_metainfo(t, box.path("seed"))));
    std::promise<Result<std::string>> fetched;
    e.engine().fetch_metadata(magnet_of(t),
                              [&](Result<std::string> r) { fetched.set_value(std::move(r)); });
    auto r = fetched.get_future().get();
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("already added"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace shoal::test
