// The API layer's small pieces: form and multipart parsing, password hashing, logins,
// sessions and bans, categories and tags kept across reopening.
#include "sandbox.h"

#include <shoal/api/http.h>
#include <shoal/api/torrent_labels.h>
#include <shoal/api/web_auth.h>

#include <gtest/gtest.h>

namespace shoal::api {
namespace {

TEST(Http, FormsAndPercentDecoding) {
    auto f = parse_form("a=1&b=x%20y+z&empty=&flag&a=2");
    EXPECT_EQ(f.count("a"), 2u);
    EXPECT_EQ(f.find("b")->second, "x y z");
    EXPECT_EQ(f.find("empty")->second, "");
    EXPECT_EQ(f.find("flag")->second, "");
    EXPECT_EQ(percent_decode("%2Fpath%2", false), "/path%2");  // a cut escape stays as is
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
}

TEST(Http, MultipartBodies) {
    const std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"urls\"\r\n\r\nmagnet:?xt=1\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"torrents\"; filename=\"a.torrent\"\r\n"
        "Content-Type: application/x-bittorrent\r\n\r\nd4:infod\r\n--\r\ne\r\n--XyZ--\r\n";
    auto parts = parse_multipart("multipart/form-data; boundary=XyZ", body);
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[0].name, "urls");
    EXPECT_EQ((*parts)[0].data, "magnet:?xt=1");
    EXPECT_EQ((*parts)[1].filename, "a.torrent");
    EXPECT_EQ((*parts)[1].data, "d4:infod\r\n--\r\ne");          // binary data with CRLF survives
    EXPECT_FALSE(parse_multipart("multipart/form-data", body));  // no boundary
    EXPECT_FALSE(parse_multipart("multipart/form-data; boundary=XyZ",
                                 "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"));
}

TEST(WebAuthTest, PasswordsLoginsSessionsAndBans) {
    test::Sandbox box;
    auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    AuthOptions o;
    o.max_failures = 3;
    o.ban_time = std::chrono::seconds(60);
    auto auth = WebAuth::open(box.path("webui.json"), o, [&] { return now; });
    ASSERT_TRUE(auth);
    auto& a = **auth;
    EXPECT_FALSE(a.has_password());
    std::string sid;
    EXPECT_EQ(a.login("1.2.3.4", "admin", "", &sid), WebAuth::Login::wrong);  // no password set
    EXPECT_FALSE(a.set_password("admin", "short"));
    ASSERT_TRUE(a.set_password("admin", "correct horse"));
    EXPECT_EQ(a.login("1.2.3.4", "admin", "correct horse", &sid), WebAuth::Login::ok);
    EXPECT_TRUE(a.session_valid(sid));
    EXPECT_FALSE(a.session_valid(sid + "x"));
    a.logout(sid);
    EXPECT_FALSE(a.session_valid(sid));

    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(a.login("5.6.7.8", "admin", "guess", nullptr), WebAuth::Login::wrong);
    EXPECT_EQ(a.login("5.6.7.8", "admin", "correct horse", nullptr), WebAuth::Login::banned);
    EXPECT_EQ(a.login("1.2.3.4", "admin", "correct horse", nullptr), WebAuth::Login::ok);
    now += std::chrono::seconds(61);
    EXPECT_EQ(a.login("5.6.7.8", "admin", "correct horse", nullptr), WebAuth::Login::ok);
    // "admin:correct horse" in HTTP Basic.
    EXPECT_EQ(a.check_basic("9.9.9.9", "Basic YWRtaW46Y29ycmVjdCBob3JzZQ=="), WebAuth::Login::ok);
    EXPECT_EQ(a.check_basic("9.9.9.9", "Basic YWRtaW46bm8="), WebAuth::Login::wrong);

    // Sessions end after being idle too long.
    ASSERT_EQ(a.login("1.2.3.4", "admin", "correct horse", &sid), WebAuth::Login::ok);
    now += std::chrono::hours(2);
    EXPECT_FALSE(a.session_valid(sid));

    // Stored as a salted hash only, and read back.
    const std::string stored = test::read_all(box.path("webui.json"));
    EXPECT_EQ(stored.find("correct horse"), std::string::npos);
    auto again = WebAuth::open(box.path("webui.json"));
    ASSERT_TRUE(again);
    EXPECT_EQ((*again)->login("1.1.1.1", "admin", "correct horse", nullptr), WebAuth::Login::ok);
}

TEST(Labels, CategoriesAndTagsPersist) {
    test::Sandbox box;
    const auto id = *engine::TorrentId::parse(std::string(40, 'a'));
    {
        auto l = TorrentLabels::open(box.path("labels.json"));
        ASSERT_TRUE(l);
        ASSERT_TRUE((*l)->create_category("tv", "/data/tv"));
        EXPECT_FALSE((*l)->create_category("tv", "/x"));
        EXPECT_FALSE((*l)->set_category({id}, "movies"));  // unknown
        ASSERT_TRUE((*l)->set_category({id}, "tv"));
        ASSERT_TRUE((*l)->add_tags({id}, {"hd", "new"}));
        ASSERT_TRUE((*l)->remove_tags({id}, {"new"}));
        EXPECT_FALSE((*l)->add_tags({id}, {"a,b"}));
    }
    auto l = TorrentLabels::open(box.path("labels.json"));
    ASSERT_TRUE(l) << l.error().message;
    EXPECT_EQ((*l)->category_of(id), "tv");
    EXPECT_EQ((*l)->categories().at("tv"), "/data/tv");
    EXPECT_EQ((*l)->tags_of(id), std::vector<std::string>{"hd"});
    EXPECT_EQ((*l)->tags().size(), 2u);
    ASSERT_TRUE((*l)->remove_categories({"tv"}));
    EXPECT_EQ((*l)->category_of(id), "");
}

}  // namespace
}  // namespace shoal::api
