// Torrents made by `shoal create` load in Debian's python3-libtorrent and verify fully
// against the data they were made from, in every format.
#include "cli_runner.h"

#include <gtest/gtest.h>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;

class PythonLibtorrent : public ::testing::TestWithParam<std::string> {};

TEST_P(PythonLibtorrent, AcceptsAndVerifiesShoalCreate) {
    ASSERT_TRUE(std::filesystem::exists("/usr/bin/python3"))
        << "python3 is not installed (run scripts/setup.sh)";
    Sandbox box;
    write_payload_dir(box.path("data/payload"), standard_files(), 5);
    std::vector<std::string> args{shoal_bin(),
                                  "create",
                                  box.path("data/payload").string(),
                                  "-o",
                                  box.path("payload.torrent").string(),
                                  "-t",
                                  "http://127.0.0.1:1/announce"};
    if (!GetParam().empty()) args.push_back(GetParam());
    auto created = run(args, 60s);
    ASSERT_EQ(created.exit_code, 0) << created.out << created.err;
    auto r = run({"/usr/bin/python3", SHOAL_VERIFY_SCRIPT, box.path("payload.torrent").string(),
                  box.path("data").string()},
                 90s);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("verified"), std::string::npos) << r.out << r.err;

    // And a damaged byte is caught by the same check: the test can fail.
    flip_bytes(box.path("data/payload/a.bin"), 12345);
    auto bad = run({"/usr/bin/python3", SHOAL_VERIFY_SCRIPT, box.path("payload.torrent").string(),
                    box.path("data").string()},
                   90s);
    EXPECT_NE(bad.exit_code, 0) << bad.out;
}

INSTANTIATE_TEST_SUITE_P(Formats, PythonLibtorrent, ::testing::Values("", "--v2", "--hybrid"),
                         [](const auto& p) {
                             return p.param.empty() ? std::string("v1_default") : p.param.substr(2);
                         });

}  // namespace
}  // namespace shoal::test
