// `shoal daemon` through its qBittorrent Web API with a real HTTP client: login, add,
// info, sync/maindata deltas, delete; what is refused (no session, another origin, banned
// addresses, wrong methods, malformed input); and a restart after kill -9.
#include "daemon_runner.h"
#include "swarm.h"
#include "wait.h"

#include <shoal/common/atomic_file.h>
#include <shoal/common/base64.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <thread>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

json info(DaemonProcess& d, const std::string& query = "") {
    return d.torrents(query);
}

// Polls until `pred` holds for the torrent `hash`.
bool wait_torrent(DaemonProcess& d, const std::string& hash,
                  const std::function<bool(const json&)>& pred) {
    return eventually([&] {
        const auto t = d.torrent(hash);
        return !t.is_null() && pred(t);
    });
}

TEST(DaemonApi, LoginAddInfoSyncAndDelete) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(),
                               hashing::TorrentFormat::hybrid);
    TestEngine seed(box.path("seed-profile"));
    ASSERT_TRUE(seed.add_complete(add_metainfo(t, box.path("seed"))));
    DaemonProcess d(box.path("profile"));
    ASSERT_TRUE(d.ready());
    ASSERT_FALSE(d.password().empty());
    ASSERT_TRUE(d.login());
    EXPECT_EQ(d.get("/api/v2/app/webapiVersion").body, "2.9.3");

    auto first = json::parse(d.get("/api/v2/sync/maindata?rid=0").body);
    EXPECT_TRUE(first["full_update"].get<bool>());
    EXPECT_TRUE(first["torrents"].empty());
    const auto rid = first["rid"].get<std::uint64_t>();

    // A magnet with the seed as its peer hint, in a category, paused=false.
    auto added =
        d.post("/api/v2/torrents/add", {{"urls", "magnet:?xt=urn:btih:" + t.info.hashes.v1 +
                                                     "&dn=payload&x.pe=" + seed.endpoint()},
                                        {"savepath", box.path("get").string()},
                                        {"category", "linux"},
                                        {"tags", "iso,test"}});
    ASSERT_EQ(added.status, 200) << added.body;
    EXPECT_EQ(added.body, "Ok.");
    ASSERT_TRUE(wait_torrent(d, t.info.id.hex(), [](const json& j) {
        return j["progress"].get<double>() >= 1.0;
    })) << info(d).dump(2);
    EXPECT_TRUE(same_payload(t, box.path("get")));
    const auto row = info(d, "?category=linux")[0];
    EXPECT_EQ(row["name"], "payload");
    EXPECT_EQ(row["infohash_v2"], t.info.hashes.v2);
    EXPECT_EQ(row["tags"], "iso, test");
    EXPECT_EQ(row["save_path"], box.path("get").string());
    EXPECT_TRUE(row["state"] == "uploading" || row["state"] == "stalledUP") << row["state"];
    EXPECT_EQ(info(d, "?filter=downloading").size(), 0u);
    EXPECT_EQ(info(d, "?filter=completed").size(), 1u);

    // sync/maindata: only what changed since the last rid.
    auto delta = json::parse(d.get("/api/v2/sync/maindata?rid=" + std::to_string(rid)).body);
    EXPECT_FALSE(delta["full_update"].get<bool>());
    EXPECT_TRUE(delta["torrents"].contains(t.info.id.hex()));
    const auto later = delta["rid"].get<std::uint64_t>();
    EXPECT_GT(later, rid);

    auto files = json::parse(d.get("/api/v2/torrents/files?hash=" + t.info.id.hex()).body);
    EXPECT_EQ(files.size(), 3u);
    auto props = d.get("/api/v2/torrents/properties?hash=" + t.info.id.hex());
    ASSERT_EQ(props.status, 200);
    EXPECT_EQ(json::parse(props.body)["pieces_have"], json::parse(props.body)["pieces_num"]);

    // Delete with the data: gone from the list and from the disk.
    ASSERT_EQ(
        d.post("/api/v2/torrents/delete", {{"hashes", t.info.id.hex()}, {"deleteFiles", "true"}})
            .status,
        200);
    EXPECT_TRUE(eventually([&] { return info(d).empty(); }, 20s));
    auto gone = json::parse(d.get("/api/v2/sync/maindata?rid=" + std::to_string(later)).body);
    ASSERT_TRUE(gone.contains("torrents_removed")) << gone.dump();
    EXPECT_EQ(gone["torrents_removed"][0], t.info.id.hex());
    std::this_thread::sleep_for(500ms);
    EXPECT_FALSE(std::filesystem::exists(box.path("get/payload/a.bin")));
}

TEST(DaemonApi, RefusesWhatItShould) {
    Sandbox box;
    DaemonProcess d(box.path("profile"));
    ASSERT_TRUE(d.ready());
    // No session.
    EXPECT_EQ(d.get("/api/v2/torrents/info").status, 403);
    ASSERT_TRUE(d.login());
    EXPECT_EQ(d.get("/api/v2/torrents/info").status, 200);
    // Another origin (CSRF).
    auto cross = http_call(d.endpoint(), "POST", "/api/v2/torrents/pause",
                           {{"Origin", "http://evil.example"}}, "hashes=all");
    EXPECT_EQ(cross.status, 401);
    // Wrong method, unknown endpoint, unknown hash.
    EXPECT_EQ(d.get("/api/v2/torrents/delete?hashes=all").status, 405);
    EXPECT_EQ(d.get("/api/v2/torrents/frobnicate").status, 404);
    EXPECT_EQ(d.get("/api/v2/torrents/properties?hash=" + std::string(40, 'a')).status, 404);
    // Malformed input.
    EXPECT_EQ(d.post("/api/v2/app/setPreferences", {{"json", "{not json"}}).status, 400);
    EXPECT_EQ(d.post("/api/v2/app/setPreferences", {{"json", "{\"dht\": \"yes\"}"}}).status, 400);
    EXPECT_EQ(d.post("/api/v2/torrents/add", {{"urls", "not a link"}}).status, 400);
    Multipart broken{"multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data"};
    EXPECT_EQ(d.post_multipart("/api/v2/torrents/add", broken).status, 400);
    auto bad_torrent =
        d.post_multipart("/api/v2/torrents/add", multipart({}, {{"x.torrent", "d4:spam"}}));
    EXPECT_EQ(bad_torrent.status, 415) << bad_torrent.body;
    auto huge = http_call(d.endpoint(), "POST", "/api/v2/torrents/add",
                          {{"Content-Type", "application/x-www-form-urlencoded"}},
                          std::string(65 << 20, 'x'));
    EXPECT_EQ(huge.status, 413);
    EXPECT_EQ(d.post("/api/v2/torrents/topPrio", {{"hashes", "all"}}).status, 200);
    // Names that are not UTF-8 are refused, and nothing is left half-stored.
    EXPECT_EQ(d.post("/api/v2/torrents/createTags", {{"tags", "\xff"}}).status, 400);
    EXPECT_EQ(d.post("/api/v2/torrents/createCategory", {{"category", "\xfe"}}).status, 409);
    auto tagged =
        d.post("/api/v2/torrents/add", {{"urls", "magnet:?xt=urn:btih:" + std::string(40, 'd')},
                                        {"tags", "\xff"},
                                        {"savepath", box.path("dl").string()}});
    EXPECT_EQ(tagged.status, 200) << tagged.body;
    EXPECT_EQ(d.post("/api/v2/torrents/createTags", {{"tags", "fine"}}).status, 200);
    EXPECT_EQ(json::parse(d.get("/api/v2/torrents/tags").body), json::array({"fine"}));
    // JSON nested beyond reason is refused without harm.
    auto deep = d.post("/api/v2/app/setPreferences",
                       {{"json", std::string(100000, '[') + std::string(100000, ']')}});
    EXPECT_EQ(deep.status, 400);
    EXPECT_EQ(d.get("/api/v2/app/version").status, 200) << "the daemon did not survive";
    // Repeated wrong passwords ban the address, even for the right one afterwards.
    for (int i = 0; i < 5; ++i) {
        auto r = http_call(d.endpoint(), "POST", "/api/v2/auth/login",
                           {{"Content-Type", "application/x-www-form-urlencoded"}},
                           form_encode({{"username", "admin"}, {"password", "wrong"}}));
        EXPECT_EQ(r.body, "Fails.");
    }
    auto banned = http_call(d.endpoint(), "POST", "/api/v2/auth/login",
                            {{"Content-Type", "application/x-www-form-urlencoded"}},
                            form_encode({{"username", "admin"}, {"password", d.password()}}));
    EXPECT_EQ(banned.status, 403);
    EXPECT_EQ(d.get("/api/v2/app/version").status, 403);
    // The password is stored only as a hash.
    EXPECT_EQ(read_all(box.path("profile/webui.json")).find(d.password()), std::string::npos);
}

// torrents/info's sort, reverse, offset and limit, and a full sync/maindata, over several
// torrents (each answer is written row by row).
TEST(DaemonApi, ListsSortsAndPagesTorrents) {
    Sandbox box;
    DaemonProcess d(box.path("profile"));
    ASSERT_TRUE(d.ready());
    ASSERT_TRUE(d.login());
    const std::vector<std::pair<char, std::string>> magnets = {
        {'b', "beta"}, {'a', "alpha"}, {'c', "gamma"}};
    std::string urls;
    for (const auto& [digit, name] : magnets)
        urls += "magnet:?xt=urn:btih:" + std::string(40, digit) + "&dn=" + name + "\n";
    ASSERT_EQ(d.post("/api/v2/torrents/add",
                     {{"urls", urls}, {"savepath", box.path("get").string()}, {"paused", "true"}})
                  .status,
              200);
    ASSERT_TRUE(eventually([&] { return info(d).size() == 3; })) << info(d).dump(2);
    auto names = [&](const std::string& query) {
        std::vector<std::string> out;
        for (const auto& row : info(d, query))
            out.push_back(row["name"].get<std::string>());
        return out;
    };
    using Names = std::vector<std::string>;
    EXPECT_EQ(names("?sort=name"), (Names{"alpha", "beta", "gamma"}));
    EXPECT_EQ(names("?sort=name&reverse=true"), (Names{"gamma", "beta", "alpha"}));
    EXPECT_EQ(names("?sort=name&offset=1&limit=1"), (Names{"beta"}));
    EXPECT_EQ(names("?sort=name&offset=-1"), (Names{"gamma"}));
    EXPECT_EQ(names("?sort=name&offset=5"), Names{});
    EXPECT_EQ(names("?sort=nothing").size(), 3u);  // an unknown key keeps every row
    EXPECT_EQ(names("?filter=paused&sort=name&limit=2"), (Names{"alpha", "beta"}));
    EXPECT_EQ(d.get("/api/v2/torrents/info?limit=x").status, 400);

    auto full = json::parse(d.get("/api/v2/sync/maindata?rid=0").body);
    EXPECT_TRUE(full["full_update"].get<bool>());
    ASSERT_EQ(full["torrents"].size(), 3u) << full.dump(2);
    EXPECT_EQ(full["torrents"][std::string(40, 'a')]["name"], "alpha");
    EXPECT_TRUE(full["categories"].is_object());
    EXPECT_TRUE(full["tags"].is_array());
    EXPECT_TRUE(full["server_state"].contains("dl_info_speed"));
    EXPECT_FALSE(full.contains("torrents_removed"));
}

TEST(DaemonApi, SurvivesKillNineWithEveryTorrentAndItsProgress) {
    Sandbox box;
    auto t = make_test_torrent(box.path("data"), "payload", standard_files(),
                               hashing::TorrentFormat::v1);
    const std::string hash = t.info.id.hex();
    std::string password;
    {
        DaemonProcess d(box.path("profile"));
        ASSERT_TRUE(d.ready());
        ASSERT_TRUE(d.login());
        password = d.password();
        auto r = d.post_multipart(
            "/api/v2/torrents/add",
            multipart({{"savepath", box.path("data").string()}, {"category", "keep"}},
                      {{"payload.torrent", t.metainfo}}));
        ASSERT_EQ(r.status, 200) << r.body;
        ASSERT_TRUE(wait_torrent(d, hash, [](const json& j) { return j["progress"] == 1.0; }));
        // The state saved at completion reaches the disk a moment later; a kill before it
        // would (rightly) mean a check of the data at restart.
        std::this_thread::sleep_for(3s);
        d.process().signal(SIGKILL);
        d.process().wait(10s);
    }
    // A byte changed behind Shoal's back: only a re-hash would notice it, and complete
    // data must not be hashed again at start (fast resume).
    flip_bytes(box.path("data/payload/a.bin"), 1000);
    DaemonProcess again(box.path("profile"));
    ASSERT_TRUE(again.ready()) << again.process().err();
    EXPECT_TRUE(again.password().empty()) << "a new password was made";
    ASSERT_TRUE(again.login(password));
    ASSERT_TRUE(wait_torrent(again, hash, [](const json& j) {
        return j["progress"] == 1.0 && j["state"] != "checkingResumeData";
    })) << info(again).dump(2);
    EXPECT_EQ(info(again)[0]["category"], "keep");
    EXPECT_NE(again.process().err().find("restored " + hash), std::string::npos)
        << again.process().err();
    std::this_thread::sleep_for(1s);
    EXPECT_EQ(info(again)[0]["progress"], 1.0) << "complete data was hashed again at start";
}

TEST(DaemonApi, WatchFolderAddsDroppedFilesOnce) {
    Sandbox box;
    auto t = make_test_torrent(box.path("data"), "dropped", standard_files(),
                               hashing::TorrentFormat::v1);
    const auto watch = box.path("watch");
    std::filesystem::create_directories(watch);
    DaemonProcess d(box.path("profile"), {"--watch", watch.string(), "--set",
                                          "default_save_path=" + box.path("data").string()});
    ASSERT_TRUE(d.ready());
    ASSERT_TRUE(d.login());
    const std::string magnet_hash(40, 'c');
    std::filesystem::copy_file(t.torrent_file, watch / "dropped.torrent");
    ASSERT_TRUE(
        write_file_atomic(watch / "link.magnet", "magnet:?xt=urn:btih:" + magnet_hash + "\n"));
    ASSERT_TRUE(write_file_atomic(watch / "broken.torrent", "not bencoded"));
    ASSERT_TRUE(
        wait_torrent(d, t.info.id.hex(), [](const json& j) { return j["progress"] == 1.0; }));
    ASSERT_TRUE(wait_torrent(d, magnet_hash, [](const json&) { return true; }));
    EXPECT_TRUE(eventually(
        [&] { return std::filesystem::exists(watch / "broken.torrent.invalid"); }, 10s, 100ms));
    EXPECT_TRUE(std::filesystem::exists(watch / "dropped.torrent.added"));
    EXPECT_TRUE(std::filesystem::exists(watch / "link.magnet.added"));
    EXPECT_TRUE(std::filesystem::exists(watch / "broken.torrent.invalid"));
    EXPECT_FALSE(std::filesystem::exists(watch / "dropped.torrent"));
    EXPECT_EQ(info(d).size(), 2u);
}

TEST(DaemonApi, SigtermSavesStateAndExitsWithinSeconds) {
    Sandbox box;
    DaemonProcess d(box.path("profile"));
    ASSERT_TRUE(d.ready());
    const auto start = std::chrono::steady_clock::now();
    d.process().signal(SIGTERM);
    auto r = d.process().wait(15s);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
    EXPECT_NE(r.err.find("session stopped"), std::string::npos) << r.err;
    EXPECT_TRUE(std::filesystem::exists(box.path("profile/session.state")));
}

TEST(DaemonApi, ServesHttpsWithAGivenCertificate) {
    Sandbox box;
    auto cert = run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                     "-subj", "/CN=localhost", "-keyout", box.path("key.pem").string(), "-out",
                     box.path("cert.pem").string()},
                    60s);
    ASSERT_EQ(cert.exit_code, 0) << cert.err;
    DaemonProcess d(box.path("profile"), {"--tls-cert", box.path("cert.pem").string(), "--tls-key",
                                          box.path("key.pem").string()});
    ASSERT_TRUE(d.ready());
    EXPECT_NE(d.process().err().find("https://"), std::string::npos);
    auto tls = run({"curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}",
                    "https://" + d.endpoint() + "/api/v2/app/version"},
                   30s);
    EXPECT_EQ(tls.out, "403") << tls.err;  // TLS works; the API wants a login
    auto page = run({"curl", "-sk", "https://" + d.endpoint() + "/"}, 30s);
    EXPECT_NE(page.out.find("<title>Shoal</title>"), std::string::npos);
    // Plain HTTP on the TLS port gets nothing useful.
    EXPECT_NE(http_call(d.endpoint(), "GET", "/api/v2/app/version").status, 403);
}

TEST(DaemonApi, TransmissionRpcHandshakeAuthAndBothNamingStyles) {
    Sandbox box;
    auto t =
        make_test_torrent(box.path("data"), "rpc", standard_files(), hashing::TorrentFormat::v1);
    DaemonProcess d(box.path("profile"));
    ASSERT_TRUE(d.ready());
    ASSERT_TRUE(d.login());
    const std::string auth =
        "Basic " +
        base64_encode({reinterpret_cast<const std::uint8_t*>(("admin:" + d.password()).data()),
                       ("admin:" + d.password()).size()});
    auto no_auth = http_call(d.endpoint(), "POST", "/transmission/rpc", {}, "{}");
    EXPECT_EQ(no_auth.status, 401);
    auto first = http_call(d.endpoint(), "POST", "/transmission/rpc", {{"Authorization", auth}},
                           R"({"method":"session-get"})");
    ASSERT_EQ(first.status, 409);
    const std::string id = first.headers["x-transmission-session-id"];
    ASSERT_FALSE(id.empty());
    auto rpc = [&](const json& body) {
        auto r =
            http_call(d.endpoint(), "POST", "/transmission/rpc",
                      {{"Authorization", auth}, {"X-Transmission-Session-Id", id}}, body.dump());
        EXPECT_EQ(r.status, 200) << r.body;
        return json::parse(r.body, nullptr, false);
    };
    // Add with the first file (index 0) unwanted, in the old naming.
    int unwanted = -1;
    for (const auto& f : t.info.files)
        if (f.path == "rpc/a.bin") unwanted = f.index;
    auto added =
        rpc({{"method", "torrent-add"},
             {"arguments",
              {{"metainfo", base64_encode({reinterpret_cast<const std::uint8_t*>(t.metainfo.data()),
                                           t.metainfo.size()})},
               {"download-dir", box.path("data").string()},
               {"files-unwanted", {unwanted}},
               {"labels", {"x"}}}},
             {"tag", 7}});
    EXPECT_EQ(added["result"], "success");
    EXPECT_EQ(added["tag"], 7);
    EXPECT_EQ(added["arguments"]["torrent-added"]["hashString"], t.info.id.hex());
    ASSERT_TRUE(wait_torrent(d, t.info.id.hex(), [](const json&) { return true; }));
    auto files = json::parse(d.get("/api/v2/torrents/files?hash=" + t.info.id.hex()).body);
    for (const auto& f : files)
        EXPECT_EQ(f["priority"], f["index"] == unwanted ? 0 : 1) << f.dump();
    EXPECT_EQ(info(d)[0]["tags"], "x");
    // The same listing in both styles.
    auto old_style = rpc({{"method", "torrent-get"},
                          {"arguments", {{"fields", {"id", "hashString", "percentDone"}}}}});
    EXPECT_EQ(old_style["arguments"]["torrents"][0]["hashString"], t.info.id.hex());
    auto new_style = rpc({{"method", "torrent_get"},
                          {"arguments", {{"fields", {"id", "hash_string", "percent_done"}}}}});
    EXPECT_EQ(new_style["arguments"]["torrents"][0]["hash_string"], t.info.id.hex());
    auto as_table = rpc({{"method", "torrent-get"},
                         {"arguments", {{"fields", {"hashString", "name"}}, {"format", "table"}}},
                         {"tag", "t1"}});
    EXPECT_EQ(as_table["tag"], "t1");
    EXPECT_EQ(as_table["arguments"]["torrents"],
              json::parse(R"([["hashString","name"],[")" + t.info.id.hex() + R"(","rpc"]])"));
    auto unknown = rpc({{"method", "frobnicate"}});
    EXPECT_EQ(unknown["result"], "method name not recognized");
    auto bad = http_call(d.endpoint(), "POST", "/transmission/rpc",
                         {{"Authorization", auth}, {"X-Transmission-Session-Id", id}}, "{oops");
    EXPECT_EQ(bad.status, 400);
}

}  // namespace
}  // namespace shoal::test
