// The `shoal` command end to end: seed and get over 127.0.0.1, magnets with so=, and
// interrupted downloads (kill -9, Ctrl-C) that continue without fetching verified data again.
#include "cli_runner.h"

#include <gtest/gtest.h>

#include <csignal>
#include <thread>

namespace shoal::test {
namespace {

using hashing::TorrentFormat;
using namespace std::chrono_literals;

TEST(CliTransfer, SeedThenGetByTorrentFile) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    CliSeeder seed(box, t);
    auto r = run(get_args(t.torrent_file.string(), box.path("get"), box.path("get-profile"),
                          {"--peer", seed.endpoint()}),
                 60s);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("complete, every piece verified"), std::string::npos) << r.out;
    EXPECT_TRUE(same_payload(t, box.path("get")));
    EXPECT_TRUE(std::filesystem::is_empty(box.path("get-profile/torrents")))
        << "a finished one-shot download leaves nothing to resume in the profile";
    // Not a terminal: plain status lines, no carriage returns or escape codes.
    EXPECT_EQ(r.out.find('\r'), std::string::npos);
    EXPECT_EQ(r.out.find("\x1b["), std::string::npos);
}

TEST(CliTransfer, MagnetWithSelectionGetsOnlyThatFile) {
    Sandbox box;
    auto t =
        make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::hybrid);
    int wanted = -1;
    for (const auto& f : t.info.files)
        if (f.path == "payload/c.txt") wanted = f.index;
    CliSeeder seed(box, t);
    const std::string magnet = "magnet:?xt=urn:btih:" + t.info.hashes.v1 +
                               "&dn=payload&so=" + std::to_string(wanted) +
                               "&x.pe=" + seed.endpoint();
    auto r = run(get_args(magnet, box.path("get"), box.path("get-profile")), 60s);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("metadata received"), std::string::npos) << r.out;
    EXPECT_TRUE(same_contents(box.path("seed/payload/c.txt"), box.path("get/payload/c.txt")));
    EXPECT_FALSE(std::filesystem::exists(box.path("get/payload/a.bin")));
    EXPECT_FALSE(std::filesystem::exists(box.path("get/payload/dir/b.bin")));
}

// Starts a rate-limited get, stops it with `how` once it is well under way, then runs the
// same command again without a limit: it must finish having fetched clearly less than all.
void interrupt_and_continue(int how) {
    Sandbox box;
    const std::int64_t size = 8 << 20;
    auto t = make_test_torrent(box.path("seed"), "payload", {{"big.bin", size}}, TorrentFormat::v1,
                               64 * 1024);
    CliSeeder seed(box, t);
    const auto args = get_args(t.torrent_file.string(), box.path("get"), box.path("get-profile"),
                               {"--peer", seed.endpoint()});
    auto limited = args;
    limited.insert(limited.end(), {"--max-down", "1M"});
    Process first(limited);
    ASSERT_TRUE(first.wait_for(
        [](const std::string& out, const std::string&) { return last_percent(out) >= 35.0; }, 60s))
        << first.out() << first.err();
    const auto stopped_at = std::chrono::steady_clock::now();
    first.signal(how);
    auto r1 = first.wait(15s);
    EXPECT_FALSE(std::filesystem::is_empty(box.path("get-profile/torrents")))
        << "nothing saved to continue from";
    if (how == SIGKILL) {
        EXPECT_EQ(r1.exit_code, 128 + SIGKILL);
    } else {
        EXPECT_EQ(r1.exit_code, 130) << r1.out << r1.err;
        EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, 6s)
            << "Ctrl-C must exit within a few seconds";
        EXPECT_NE(r1.out.find("progress is saved"), std::string::npos) << r1.out;
    }

    auto r2 = run(args, 60s);
    ASSERT_EQ(r2.exit_code, 0) << r2.out << r2.err;
    EXPECT_TRUE(same_payload(t, box.path("get")));
    const long long again = downloaded_this_run(r2.out);
    ASSERT_GE(again, 0) << r2.out;
    EXPECT_LT(again, size * 7 / 10) << "verified pieces were downloaded again";
}

TEST(CliTransfer, KillDashNineThenRerunContinues) {
    interrupt_and_continue(SIGKILL);
}

TEST(CliTransfer, CtrlCSavesAndRerunContinues) {
    interrupt_and_continue(SIGINT);
}

TEST(CliTransfer, SeedWithRatioLimitStopsByItself) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    CliSeeder seed(box, t, {"--ratio", "0.5"});
    Process leecher(get_args(t.torrent_file.string(), box.path("get"), box.path("get-profile"),
                             {"--peer", seed.endpoint()}));
    auto s = seed.process().wait(60s);
    EXPECT_FALSE(s.timed_out) << "the seed did not stop at its ratio";
    EXPECT_EQ(s.exit_code, 0) << s.out << s.err;
    EXPECT_NE(s.out.find("ratio"), std::string::npos) << s.out;
}

}  // namespace
}  // namespace shoal::test
