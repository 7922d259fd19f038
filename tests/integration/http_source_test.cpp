// `shoal get http://…/x.torrent`: the .torrent is fetched (redirects followed), bad
// responses are clear errors.
#include "cli_runner.h"
#include "http_server.h"

#include <gtest/gtest.h>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;

TEST(HttpSource, GetFollowsARedirectToTheTorrent) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(),
                               hashing::TorrentFormat::v1);
    HttpServer http;
    http.set("/files/payload.torrent", {200, t.metainfo, ""});
    http.set("/latest", {302, "", "/files/payload.torrent"});
    CliSeeder seed(box, t);
    auto r = run(get_args(http.url("/latest"), box.path("get"), box.path("get-profile"),
                          {"--peer", seed.endpoint()}),
                 60s);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(same_payload(t, box.path("get")));
}

TEST(HttpSource, NotFoundAndNotATorrentAreBadInput) {
    Sandbox box;
    HttpServer http;
    http.set("/page.html", {200, "<html>hello</html>", ""});
    auto missing =
        run(get_args(http.url("/nothing.torrent"), box.path("get"), box.path("profile")), 30s);
    EXPECT_EQ(missing.exit_code, 2) << missing.out << missing.err;
    EXPECT_NE(missing.err.find("HTTP 404"), std::string::npos) << missing.err;
    EXPECT_NE(missing.err.find("/nothing.torrent"), std::string::npos) << missing.err;
    auto page = run(get_args(http.url("/page.html"), box.path("get"), box.path("profile")), 30s);
    EXPECT_EQ(page.exit_code, 2) << page.out << page.err;
    EXPECT_NE(page.err.find("page.html"), std::string::npos) << page.err;
    EXPECT_NE(page.err.find("bencoding"), std::string::npos) << page.err;
}

TEST(HttpSource, NobodyListeningIsAFailureNotBadInput) {
    Sandbox box;
    int port = 0;
    {
        HttpServer closed;
        port = closed.port();
    }
    auto r = run(get_args("http://127.0.0.1:" + std::to_string(port) + "/x.torrent",
                          box.path("get"), box.path("profile")),
                 30s);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("refused"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace shoal::test
