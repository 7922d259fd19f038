// Transmission 3.00 (Debian's transmission-cli) and Shoal exchange data both ways, and
// Transmission accepts and verifies what `shoal create` makes. Transmission never dials
// peers in 127.0.0.0/8 but accepts their connections, so Shoal always dials it.
#include "cli_runner.h"

#include <shoal/common/atomic_file.h>

#include <gtest/gtest.h>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;

// transmission-cli with a private config dir that keeps it off the Internet.
std::unique_ptr<Process> start_transmission(const Sandbox& box, const std::string& name,
                                            const std::filesystem::path& torrent,
                                            const std::filesystem::path& dir, int port) {
    const auto config = box.path(name + "-config");
    const std::string settings = R"({
  "dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": false,
  "port-forwarding-enabled": false, "blocklist-enabled": false,
  "peer-port": )" + std::to_string(port) +
                                 R"(, "bind-address-ipv4": "127.0.0.1",
  "encryption": 1, "message-level": 2
})";
    if (auto r = write_file_atomic(config / "settings.json", settings); !r)
        ADD_FAILURE() << r.error().message;
    std::filesystem::create_directories(dir);
    return std::make_unique<Process>(
        std::vector<std::string>{"transmission-cli", "-g", config.string(), "-w", dir.string(),
                                 "-p", std::to_string(port), "-M", torrent.string()});
}

// transmission-cli's status line once the torrent is complete and verified.
bool says_seeding(const std::string& out, const std::string& err) {
    return out.find("Seeding") != std::string::npos || err.find("Seeding") != std::string::npos;
}

class Transmission : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(run({"sh", "-c", "command -v transmission-cli"}, 10s).exit_code, 0)
            << "transmission-cli is not installed (run scripts/setup.sh)";
    }
};

TEST_F(Transmission, ShoalGetsFromATransmissionSeed) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(),
                               hashing::TorrentFormat::v1);
    const int port = free_tcp_port();
    auto tr = start_transmission(box, "tr", t.torrent_file, box.path("seed"), port);
    ASSERT_TRUE(tr->wait_for(says_seeding, 60s)) << "transmission did not verify the seed data\n"
                                                 << tr->out() << tr->err();
    auto r = run(get_args(t.torrent_file.string(), box.path("get"), box.path("profile"),
                          {"--peer", "127.0.0.1:" + std::to_string(port)}),
                 90s);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(same_payload(t, box.path("get")));
}

TEST_F(Transmission, TransmissionDownloadsWhatShoalSeeds) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(),
                               hashing::TorrentFormat::v1);
    const int port = free_tcp_port();
    auto tr = start_transmission(box, "tr", t.torrent_file, box.path("get"), port);
    // Dialled while it still verifies its (empty) files, transmission turns Shoal away,
    // and libtorrent waits a minute or more before dialling again: once in several runs
    // the test ran out of time that way. transmission-cli reports progress once it may
    // download.
    ASSERT_TRUE(
        tr->wait_for([](const std::string& out,
                        const std::string&) { return out.find("Progress:") != std::string::npos; },
                     60s))
        << "transmission did not start\n"
        << tr->out() << tr->err();
    CliSeeder seed(box, t, {"--peer", "127.0.0.1:" + std::to_string(port)});
    const bool done = tr->wait_for(
        [&](const std::string&, const std::string&) { return same_payload(t, box.path("get")); },
        90s);
    EXPECT_TRUE(done) << "transmission did not get the data\n"
                      << tr->out() << tr->err() << "\nshoal:\n"
                      << seed.process().out() << seed.process().err();
}

TEST_F(Transmission, AcceptsAndVerifiesShoalCreateDefault) {
    Sandbox box;
    write_payload_dir(box.path("data/payload"), standard_files(), 9);
    auto created = run({shoal_bin(), "create", box.path("data/payload").string(), "-o",
                        box.path("p.torrent").string(), "-t", "http://127.0.0.1:1/announce",
                        "--comment", "made by shoal"},
                       60s);
    ASSERT_EQ(created.exit_code, 0) << created.err;
    auto show = run({"transmission-show", box.path("p.torrent").string()}, 30s);
    ASSERT_EQ(show.exit_code, 0) << show.out << show.err;
    auto info = run({shoal_bin(), "info", box.path("p.torrent").string(), "--json"}, 30s);
    const auto hash_at = info.out.find("\"info_hash_v1\": \"");
    ASSERT_NE(hash_at, std::string::npos);
    const std::string hash = info.out.substr(hash_at + 17, 40);
    EXPECT_NE(show.out.find(hash), std::string::npos)
        << "transmission-show reads another info-hash:\n"
        << show.out;
    EXPECT_NE(show.out.find("made by shoal"), std::string::npos) << show.out;

    auto tr =
        start_transmission(box, "tr", box.path("p.torrent"), box.path("data"), free_tcp_port());
    EXPECT_TRUE(tr->wait_for(says_seeding, 60s))
        << "transmission did not verify the data against the torrent\n"
        << tr->out() << tr->err();
}

}  // namespace
}  // namespace shoal::test
