// The daemon's web UI in headless Chromium: it loads, logs in, lists a torrent, and adds a
// magnet by clicking through the page; the daemon then has that torrent.
#include "daemon_runner.h"
#include "swarm.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <thread>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;

TEST(WebUi, ListsTorrentsAndAddsAMagnetInChromium) {
    Sandbox box;
    auto t = make_test_torrent(box.path("data"), "listed-payload", standard_files(),
                               hashing::TorrentFormat::v1);
    DaemonProcess d(box.path("profile"));
    ASSERT_TRUE(d.ready());
    ASSERT_TRUE(d.login());
    ASSERT_EQ(d.post_multipart("/api/v2/torrents/add",
                               multipart({{"savepath", box.path("data").string()}},
                                         {{"t.torrent", t.metainfo}}))
                  .status,
              200);
    const std::string hash(40, 'e');
    auto r = run({"/usr/bin/python3", SHOAL_WEBUI_SCRIPT, "http://" + d.endpoint() + "/",
                  d.password(), "listed-payload", "magnet:?xt=urn:btih:" + hash + "&dn=clicked-in"},
                 120s);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    bool found = false;
    for (int i = 0; i < 50 && !found; ++i) {
        auto list = nlohmann::json::parse(d.get("/api/v2/torrents/info").body);
        for (const auto& row : list)
            found = found || row["hash"] == hash;
        if (!found) std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(found) << "the magnet added in the page is not in the daemon";
}

}  // namespace
}  // namespace shoal::test
