// Bad input gets one clear line naming what failed on which input, exit code 2, and
// leaves everything else (downloaded data included) as it was.
#include "cli_runner.h"

#include <shoal/common/atomic_file.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;

int count_lines(const std::string& s) {
    int n = 0;
    std::size_t start = 0;
    while (start < s.size()) {
        auto nl = s.find('\n', start);
        if (nl == std::string::npos) nl = s.size();
        if (nl > start) ++n;
        start = nl + 1;
    }
    return n;
}

void expect_bad_input(const ProcessResult& r, std::initializer_list<std::string> mentions) {
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(count_lines(r.err), 1) << "one line, got:\n" << r.err;
    for (const auto& m : mentions)
        EXPECT_NE(r.err.find(m), std::string::npos) << "'" << m << "' not in: " << r.err;
}

class CliErrors : public ::testing::Test {
  protected:
    void SetUp() override {
        t = make_test_torrent(box.path("data"), "payload", {{"x.bin", 100000}},
                              hashing::TorrentFormat::v1);
        const std::string good = t.metainfo;
        ASSERT_TRUE(
            write_file_atomic(box.path("truncated.torrent"), good.substr(0, good.size() / 2)));
        ASSERT_TRUE(write_file_atomic(box.path("garbage.torrent"),
                                      std::string_view("hello, I am not a torrent")));
        ASSERT_TRUE(write_file_atomic(box.path("a-file"), std::string_view("x")));
    }
    ProcessResult shoal(std::vector<std::string> args) {
        args.insert(args.begin(), shoal_bin());
        return run(args, 30s, box.root());
    }
    std::vector<std::string> get(const std::string& source, std::vector<std::string> extra = {}) {
        return get_args(source, box.path("out"), box.path("profile"), std::move(extra));
    }
    Sandbox box;
    TestTorrent t;
};

TEST_F(CliErrors, TruncatedTorrent) {
    expect_bad_input(run(get(box.path("truncated.torrent").string()), 30s),
                     {"truncated.torrent", "bencoding"});
}

TEST_F(CliErrors, NotBencoded) {
    expect_bad_input(run(get(box.path("garbage.torrent").string()), 30s),
                     {"garbage.torrent", "bencoding error at byte 0"});
}

TEST_F(CliErrors, MagnetWithoutInfoHash) {
    expect_bad_input(run(get("magnet:?dn=nothing"), 30s), {"magnet:?dn=nothing", "no info-hash"});
}

TEST_F(CliErrors, MagnetWithBadHash) {
    expect_bad_input(run(get("magnet:?xt=urn:btih:12345"), 30s), {"12345", "info-hash"});
}

TEST_F(CliErrors, MissingTorrentFile) {
    expect_bad_input(run(get(box.path("missing.torrent").string()), 30s),
                     {"missing.torrent", "No such file"});
}

TEST_F(CliErrors, UnwritableOutputDirectory) {
    auto args = get_args(t.torrent_file.string(), box.path("a-file/sub"), box.path("profile"));
    expect_bad_input(run(args, 30s), {"a-file/sub"});
}

TEST_F(CliErrors, PortInUse) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    const std::string port = std::to_string(ntohs(addr.sin_port));

    // The complete data is already in place: an error must not touch it.
    auto args = std::vector<std::string>{
        shoal_bin(),  "get",       t.torrent_file.string(),      "-o",     t.data_root.string(),
        "--loopback", "--profile", box.path("profile").string(), "--port", port};
    const std::string before = read_all(t.data_root / "payload/x.bin");
    expect_bad_input(run(args, 30s), {port, "in use"});
    ::close(fd);
    EXPECT_EQ(read_all(t.data_root / "payload/x.bin"), before);
}

TEST_F(CliErrors, ProfileInUse) {
    Process holder(get_args("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567",
                            box.path("out"), box.path("profile")));
    ASSERT_TRUE(holder.wait_for_output("listening on", 20s)) << holder.err();
    expect_bad_input(run(get(t.torrent_file.string()), 30s), {"profile", "in use"});
}

TEST_F(CliErrors, CreateFromMissingPath) {
    expect_bad_input(shoal({"create", "no-such-dir"}), {"no-such-dir"});
}

TEST_F(CliErrors, CreateRefusesToOverwrite) {
    ASSERT_TRUE(write_file_atomic(box.path("payload.torrent"), std::string_view("keep me")));
    expect_bad_input(shoal({"create", t.data_root.string() + "/payload", "-o", "payload.torrent"}),
                     {"payload.torrent", "--force"});
    EXPECT_EQ(read_all(box.path("payload.torrent")), "keep me");
    auto forced =
        shoal({"create", t.data_root.string() + "/payload", "-o", "payload.torrent", "--force"});
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
}

TEST_F(CliErrors, CreateIntoAMissingDirectory) {
    expect_bad_input(shoal({"create", t.data_root.string() + "/payload", "-o", "a-file/x.torrent"}),
                     {"a-file"});
}

TEST_F(CliErrors, CreateWithBadPieceSize) {
    expect_bad_input(shoal({"create", t.data_root.string() + "/payload", "-o", "new.torrent",
                            "--hybrid", "--piece-size", "48K"}),
                     {"power of two"});
}

TEST_F(CliErrors, CreateWithABrokenLedgerWritesNothing) {
    // A ledger that cannot be opened ends the command: no .torrent is written that the
    // ledger does not record.
    std::filesystem::create_directories(box.path("profile/ledger/node.key"));
    auto r = shoal({"create", t.data_root.string() + "/payload", "-o", "new.torrent", "--profile",
                    box.path("profile").string()});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_EQ(count_lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("node key"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--no-ledger"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(box.path("new.torrent")));
}

TEST_F(CliErrors, InfoOnBrokenInput) {
    expect_bad_input(shoal({"info", "truncated.torrent"}), {"truncated.torrent"});
    expect_bad_input(shoal({"info", "magnet:?xt=urn:btmh:1220ab"}), {"info-hash"});
}

TEST_F(CliErrors, SeedAMagnetOrMissingData) {
    expect_bad_input(
        shoal({"seed", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"}), {"seed"});
    auto args = std::vector<std::string>{"seed",
                                         t.torrent_file.string(),
                                         "-d",
                                         box.path("empty").string(),
                                         "--loopback",
                                         "--port",
                                         "0",
                                         "--profile",
                                         box.path("profile").string()};
    std::filesystem::create_directories(box.path("empty"));
    expect_bad_input(shoal(args), {"payload", "none of its data"});
}

TEST_F(CliErrors, UnknownOptionsAndMissingArguments) {
    expect_bad_input(shoal({"get"}), {"source"});
    expect_bad_input(shoal({"get", "x", "--no-such-option"}), {"no-such-option"});
    expect_bad_input(shoal({"frobnicate"}), {"frobnicate"});
}

}  // namespace
}  // namespace shoal::test
