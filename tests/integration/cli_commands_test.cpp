// `shoal create` options as `shoal info` reads them back, seeding a plain directory, and
// `get --select`.
#include "cli_runner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

json info_json(const std::filesystem::path& torrent) {
    auto r = run({shoal_bin(), "info", torrent.string(), "--json"}, 30s);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
}

TEST(CliCommands, CreateWritesEveryOptionAndInfoReadsThemBack) {
    Sandbox box;
    write_payload_dir(box.path("data/album"),
                      {{"01.flac", 300000}, {"02.flac", 200000}, {"cover.jpg", 5000}}, 4);
    auto r = run({shoal_bin(), "create", box.path("data/album").string(), "-o",
                  box.path("album.torrent").string(), "--hybrid", "--piece-size", "64K", "-t",
                  "http://a.example/announce,http://b.example/announce", "-t",
                  "udp://c.example:6969/announce", "-w", "http://mirror.example/album/",
                  "--private", "--comment", "test pressing", "--source", "SHOALTEST"},
                 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("magnet:?xt=urn:btih:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("urn:btmh:1220"), std::string::npos) << r.out;

    const json j = info_json(box.path("album.torrent"));
    EXPECT_EQ(j["name"], "album");
    EXPECT_EQ(j["piece_size"], 65536);
    EXPECT_EQ(j["total_size"], 505000);
    EXPECT_EQ(j["info_hash_v1"].get<std::string>().size(), 40u);
    EXPECT_EQ(j["info_hash_v2"].get<std::string>().size(), 64u);
    EXPECT_TRUE(j["private"].get<bool>());
    EXPECT_EQ(j["comment"], "test pressing");
    EXPECT_EQ(j["created_by"], "Shoal/0.1.0");
    EXPECT_GT(j["creation_date"].get<std::int64_t>(), 1700000000);
    ASSERT_EQ(j["files"].size(), 3u);
    for (const auto& f : j["files"])
        EXPECT_EQ(f["pieces_root"].get<std::string>().size(), 64u);
    ASSERT_EQ(j["trackers"].size(), 3u);
    EXPECT_EQ(j["trackers"][0]["tier"], 0);
    EXPECT_EQ(j["trackers"][1]["tier"], 0);
    EXPECT_EQ(j["trackers"][2]["tier"], 1);
    ASSERT_EQ(j["web_seeds"].size(), 1u);
    EXPECT_EQ(j["web_seeds"][0], "http://mirror.example/album/");

    auto human = run({shoal_bin(), "info", box.path("album.torrent").string()}, 30s);
    EXPECT_EQ(human.exit_code, 0);
    for (const char* s :
         {"album/01.flac", "private:       yes", "test pressing", "tier 1  udp://c.example"})
        EXPECT_NE(human.out.find(s), std::string::npos) << s << " not in:\n" << human.out;
}

TEST(CliCommands, InfoOnAMagnet) {
    auto r = run({shoal_bin(), "info", "--json",
                  "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=x&tr=http%3A%2F%"
                  "2Ft%2Fa&so=1,3"},
                 30s);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["type"], "magnet");
    EXPECT_EQ(j["name"], "x");
    EXPECT_EQ(j["trackers"][0], "http://t/a");
    EXPECT_EQ(j["selected_files"], json::array({1, 3}));
}

TEST(CliCommands, SeedADirectoryThenGetItByMagnet) {
    Sandbox box;
    write_payload_dir(box.path("share/photos"), standard_files(), 8);
    Process seed({shoal_bin(), "seed", box.path("share/photos").string(), "--loopback", "--port",
                  "0", "--profile", box.path("seed-profile").string()});
    ASSERT_TRUE(seed.wait_for_output("seeding photos", 60s)) << seed.out() << seed.err();
    const std::string out = seed.out();
    const auto at = out.find("magnet: ");
    ASSERT_NE(at, std::string::npos) << out;
    const std::string magnet = out.substr(at + 8, out.find('\n', at) - at - 8);
    const std::string peer = listen_endpoint_of(out);
    auto r = run(get_args(magnet + "&x.pe=" + peer, box.path("get"), box.path("get-profile")), 60s);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    for (const auto& f : standard_files())
        EXPECT_TRUE(
            same_contents(box.path("share/photos") / f.path, box.path("get/photos") / f.path))
            << f.path;
}

TEST(CliCommands, GetSelectFetchesOnlyTheChosenFiles) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(),
                               hashing::TorrentFormat::hybrid);
    std::string wanted;
    for (const auto& f : t.info.files)
        if (f.path == "payload/a.bin") wanted = std::to_string(f.index);
    CliSeeder seed(box, t);
    auto r = run(get_args(t.torrent_file.string(), box.path("get"), box.path("get-profile"),
                          {"--peer", seed.endpoint(), "--select", wanted, "--sequential"}),
                 60s);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(same_contents(box.path("seed/payload/a.bin"), box.path("get/payload/a.bin")));
    EXPECT_FALSE(std::filesystem::exists(box.path("get/payload/c.txt")));
    EXPECT_FALSE(std::filesystem::exists(box.path("get/payload/dir/b.bin")));
}

}  // namespace
}  // namespace shoal::test
