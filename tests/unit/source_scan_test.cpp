// What `shoal create` takes from a directory: regular files at any depth, in byte order of
// their paths, links followed to files but not into directories, everything else left out.
#include "source_scan.h"

#include "sandbox.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace shoal::hashing {
namespace {

using test::Sandbox;

std::vector<std::string> torrent_paths(const SourceScan& scan) {
    std::vector<std::string> out;
    for (const auto& f : scan.files)
        out.push_back(f.torrent_path);
    return out;
}

TEST(SourceScan, ListsRegularFilesAtAnyDepthInPathOrder) {
    Sandbox box;
    test::write_payload_dir(box.path("d"),
                            {{"b", 3}, {"a/z", 5}, {"a/b/c", 7}, {"a-", 11}, {"empty", 0}}, 1);
    auto scan = scan_source(box.path("d"));
    ASSERT_TRUE(scan) << scan.error().message;
    EXPECT_EQ(scan->name, "d");
    EXPECT_EQ(torrent_paths(*scan),
              (std::vector<std::string>{"d/a-", "d/a/b/c", "d/a/z", "d/b", "d/empty"}));
    EXPECT_EQ(scan->total_size, 26);
    EXPECT_EQ(scan->files[1].disk_path, box.path("d") / "a/b/c");
    EXPECT_EQ(scan->files[1].size, 7);
}

TEST(SourceScan, FollowsLinksToFilesButNotIntoDirectories) {
    Sandbox box;
    test::write_payload_dir(box.path("outside"), {{"big", 1000}, {"sub/x", 1}}, 2);
    test::write_payload_dir(box.path("d"), {{"plain", 10}}, 3);
    std::filesystem::create_symlink(box.path("outside/big"), box.path("d/to-file"));
    std::filesystem::create_directory_symlink(box.path("outside/sub"), box.path("d/to-dir"));
    std::filesystem::create_symlink(box.path("nowhere"), box.path("d/broken"));
    ASSERT_EQ(::mkfifo(box.path("d/pipe").c_str(), 0600), 0);
    ::chmod(box.path("d/plain").c_str(), 0755);

    auto scan = scan_source(box.path("d"));
    ASSERT_TRUE(scan) << scan.error().message;
    EXPECT_EQ(torrent_paths(*scan), (std::vector<std::string>{"d/plain", "d/to-file"}));
    EXPECT_TRUE(scan->files[0].executable);
    EXPECT_EQ(scan->files[1].size, 1000);
    EXPECT_FALSE(scan->files[1].executable);
    EXPECT_EQ(scan->total_size, 1010);
}

TEST(SourceScan, ASingleFileIsItsOwnName) {
    Sandbox box;
    test::write_payload(box.path("one.bin"), 12345, 4);
    auto scan = scan_source(box.path("one.bin"));
    ASSERT_TRUE(scan) << scan.error().message;
    ASSERT_EQ(scan->files.size(), 1u);
    EXPECT_EQ(scan->files[0].torrent_path, "one.bin");
    EXPECT_EQ(scan->total_size, 12345);
}

TEST(SourceScan, ATrailingSlashNamesTheDirectory) {
    Sandbox box;
    test::write_payload_dir(box.path("d"), {{"f", 9}}, 5);
    auto scan = scan_source(box.path("d").string() + "/");
    ASSERT_TRUE(scan) << scan.error().message;
    EXPECT_EQ(torrent_paths(*scan), (std::vector<std::string>{"d/f"}));
    EXPECT_EQ(test::read_all(scan->files[0].disk_path).size(), 9u);
}

TEST(SourceScan, RefusesWhatItCannotShareWithAReason) {
    Sandbox box;
    auto missing = scan_source(box.path("missing"));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("missing"), std::string::npos);

    ASSERT_EQ(::mkfifo(box.path("pipe").c_str(), 0600), 0);
    auto pipe = scan_source(box.path("pipe"));
    ASSERT_FALSE(pipe);
    EXPECT_NE(pipe.error().message.find("not a regular file or directory"), std::string::npos);

    std::filesystem::create_directories(box.path("hollow/sub"));
    auto hollow = scan_source(box.path("hollow"));
    ASSERT_FALSE(hollow);
    EXPECT_NE(hollow.error().message.find("no data"), std::string::npos);
}

TEST(SourceScan, RefusesATreeTooDeepWithAReason) {
    Sandbox box;
    std::filesystem::path deep = box.path("d");
    for (int i = 0; i < 300; ++i)
        deep /= "a";
    std::filesystem::create_directories(deep);
    test::write_payload(deep / "f", 10, 6);
    auto scan = scan_source(box.path("d"));
    ASSERT_FALSE(scan);
    EXPECT_EQ(scan.error().kind, ErrorKind::bad_input);
    EXPECT_NE(scan.error().message.find("levels of directories"), std::string::npos)
        << scan.error().message;
}

}  // namespace
}  // namespace shoal::hashing
