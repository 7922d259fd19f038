// Peers found through a real tracker (Debian's opentracker on 127.0.0.1): a magnet with
// only a tr= parameter, the DHT off, no peer hint.
#include "cli_runner.h"

#include <gtest/gtest.h>

#include <fstream>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;

TEST(Tracker, MagnetFindsTheSeedThroughOpentracker) {
    ASSERT_EQ(run({"sh", "-c", "command -v opentracker"}, 10s).exit_code, 0)
        << "opentracker is not installed (run scripts/setup.sh --peers)";
    Sandbox box;
    const std::string port = std::to_string(free_tcp_port());
    const std::string announce = "http://127.0.0.1:" + port + "/announce";

    write_payload_dir(box.path("seed/payload"), standard_files(), 21);
    auto created = run({shoal_bin(), "create", box.path("seed/payload").string(), "-o",
                        box.path("payload.torrent").string(), "-t", announce},
                       60s);
    ASSERT_EQ(created.exit_code, 0) << created.err;
    auto info = run({shoal_bin(), "info", box.path("payload.torrent").string(), "--json"}, 30s);
    const auto at = info.out.find("\"info_hash_v1\": \"");
    ASSERT_NE(at, std::string::npos);
    const std::string hash = info.out.substr(at + 17, 40);
    // Debian builds opentracker with a whitelist of info-hashes.
    { std::ofstream(box.path("whitelist")) << hash << "\n"; }
    // It chroots into -d before reading the whitelist: both are given relative to it.
    Process tracker(
        {"opentracker", "-i", "127.0.0.1", "-p", port, "-P", port, "-w", "whitelist", "-d", "."},
        box.root());
    Process seed({shoal_bin(), "seed", box.path("payload.torrent").string(), "-d",
                  box.path("seed").string(), "--loopback", "--no-dht", "--port", "0", "--profile",
                  box.path("seed-profile").string()});
    ASSERT_TRUE(seed.wait_for_output("seeding payload", 30s)) << seed.out() << seed.err();

    const std::string magnet = "magnet:?xt=urn:btih:" + hash + "&tr=" + announce;
    auto r = run(get_args(magnet, box.path("get"), box.path("get-profile"), {"--no-dht"}), 90s);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err << "\nseed:\n" << seed.out() << seed.err();
    for (const auto& f : standard_files())
        EXPECT_TRUE(
            same_contents(box.path("seed/payload") / f.path, box.path("get/payload") / f.path))
            << f.path;
}

}  // namespace
}  // namespace shoal::test
