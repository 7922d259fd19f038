// transmission-remote (Debian's) drives `shoal daemon` through the Transmission RPC: add
// a magnet and a .torrent, list, stop, start, verify, set a limit, remove with the data;
// each effect is checked on the engine (through the daemon's qBittorrent API) and on disk.
#include "daemon_runner.h"
#include "swarm.h"
#include "wait.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <thread>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class Remote {
  public:
    explicit Remote(DaemonProcess& d) : d_(d) {}
    ProcessResult operator()(std::vector<std::string> args) {
        std::vector<std::string> argv{"transmission-remote", d_.endpoint(), "-n",
                                      "admin:" + d_.password()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, 30s);
    }

  private:
    DaemonProcess& d_;
};

TEST(TransmissionRemote, DrivesTheDaemon) {
    Sandbox box;
    auto magnet_t = make_test_torrent(box.path("seed"), "fetched", standard_files(),
                                      hashing::TorrentFormat::v1, 32 * 1024, 3);
    auto local_t = make_test_torrent(box.path("local"), "local", standard_files(),
                                     hashing::TorrentFormat::v1, 32 * 1024, 4);
    TestEngine seed(box.path("seed-profile"));
    ASSERT_TRUE(seed.add_complete(add_metainfo(magnet_t, box.path("seed"))));
    DaemonProcess d(box.path("profile"));
    ASSERT_TRUE(d.ready());
    ASSERT_TRUE(d.login());
    Remote remote(d);
    const std::string m = magnet_t.info.id.hex(), l = local_t.info.id.hex();

    // Add: a magnet (fetched from the seed) and a .torrent whose data is already there.
    auto a1 = remote({"-a", "magnet:?xt=urn:btih:" + m + "&dn=fetched&x.pe=" + seed.endpoint(),
                      "-w", box.path("get").string()});
    ASSERT_EQ(a1.exit_code, 0) << a1.out << a1.err;
    auto a2 = remote({"-a", local_t.torrent_file.string(), "-w", box.path("local").string()});
    ASSERT_EQ(a2.exit_code, 0) << a2.out << a2.err;
    ASSERT_TRUE(eventually([&] { return d.torrent(m).value("progress", 0.0) >= 1.0; }))
        << d.torrent(m).dump();
    EXPECT_TRUE(same_payload(magnet_t, box.path("get")));
    ASSERT_TRUE(eventually([&] { return d.torrent(l).value("progress", 0.0) >= 1.0; }));

    // List.
    auto list = remote({"-l"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    EXPECT_NE(list.out.find("fetched"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("local"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("100%"), std::string::npos) << list.out;

    // Stop and start.
    ASSERT_EQ(remote({"-t", l, "-S"}).exit_code, 0);
    ASSERT_TRUE(eventually([&] { return d.torrent(l)["state"] == "pausedUP"; }))
        << d.torrent(l).dump();
    ASSERT_EQ(remote({"-t", l, "-s"}).exit_code, 0);
    ASSERT_TRUE(eventually([&] { return d.torrent(l)["state"] != "pausedUP"; }));

    // Verify finds a byte changed on disk.
    flip_bytes(box.path("local/local/a.bin"), 5000);
    ASSERT_EQ(remote({"-t", l, "-v"}).exit_code, 0);
    ASSERT_TRUE(eventually([&] {
        const auto t = d.torrent(l);
        return t.value("progress", 1.0) < 1.0 &&
               !t["state"].get<std::string>().starts_with("checking");
    })) << d.torrent(l).dump();

    // A download limit of 100 kB/s.
    ASSERT_EQ(remote({"-t", m, "-d", "100"}).exit_code, 0);
    ASSERT_TRUE(eventually([&] { return d.torrent(m)["dl_limit"] == 100000; }))
        << d.torrent(m).dump();
    auto info = remote({"-t", m, "-i"});
    EXPECT_NE(info.out.find("Download Limit: 100 kB/s"), std::string::npos) << info.out;

    // Remove with the data.
    ASSERT_EQ(remote({"-t", m, "--remove-and-delete"}).exit_code, 0);
    ASSERT_TRUE(eventually([&] { return d.torrent(m).is_null(); }));
    ASSERT_TRUE(
        eventually([&] { return !std::filesystem::exists(box.path("get/fetched/a.bin")); }));
    EXPECT_TRUE(std::filesystem::exists(box.path("local/local/a.bin")));
}

TEST(TransmissionRemote, NeedsThePassword) {
    Sandbox box;
    DaemonProcess d(box.path("profile"));
    ASSERT_TRUE(d.ready());
    auto r = run({"transmission-remote", d.endpoint(), "-n", "admin:wrong", "-l"}, 30s);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE((r.out + r.err).find("401"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace shoal::test
