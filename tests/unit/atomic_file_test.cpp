#include "sandbox.h"

#include <shoal/common/atomic_file.h>

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace shoal {
namespace {

using test::Sandbox;

TEST(AtomicFile, WritesAndReadsBack) {
    Sandbox box;
    const auto p = box.path("a/b/settings.json");
    ASSERT_TRUE(write_file_atomic(p, std::string_view("first")));
    EXPECT_EQ(*read_file(p), "first");
    ASSERT_TRUE(write_file_atomic(p, std::string_view("second, longer")));
    EXPECT_EQ(*read_file(p), "second, longer");
}

TEST(AtomicFile, LeavesNoTemporaryFiles) {
    Sandbox box;
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(write_file_atomic(box.path("x"), std::to_string(i)));
    int count = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(box.root()))
        ++count;
    EXPECT_EQ(count, 1);
}

TEST(AtomicFile, HonoursMode) {
    Sandbox box;
    ASSERT_TRUE(write_file_atomic(box.path("key"), std::string_view("secret"), {.mode = 0600}));
    struct stat st {};
    ASSERT_EQ(::stat(box.path("key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AtomicFile, FailureKeepsTheOldContent) {
    Sandbox box;
    const auto p = box.path("dir/file");
    ASSERT_TRUE(write_file_atomic(p, std::string_view("old")));
    // A directory where the temporary file would go makes the write fail.
    const auto blocker = box.path("blocker");
    ASSERT_TRUE(write_file_atomic(blocker, std::string_view("i am a file")));
    auto r = write_file_atomic(blocker / "sub" / "file", std::string_view("new"));
    EXPECT_FALSE(r);
    EXPECT_NE(r.error().message.find("blocker"), std::string::npos);
    EXPECT_EQ(*read_file(p), "old");
}

TEST(AtomicFile, ReadRejectsMissingAndOversizedFiles) {
    Sandbox box;
    auto missing = read_file(box.path("nope"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::bad_input);
    EXPECT_NE(missing.error().message.find("nope"), std::string::npos);
    ASSERT_TRUE(write_file_atomic(box.path("big"), std::string(1000, 'x')));
    EXPECT_FALSE(read_file(box.path("big"), 999));
    EXPECT_TRUE(read_file(box.path("big"), 1000));
    EXPECT_FALSE(read_file(box.root()));  // a directory
}

TEST(AtomicFile, RemoveIsIdempotent) {
    Sandbox box;
    ASSERT_TRUE(write_file_atomic(box.path("f"), std::string_view("x")));
    EXPECT_TRUE(remove_file_durably(box.path("f")));
    EXPECT_FALSE(std::filesystem::exists(box.path("f")));
    EXPECT_TRUE(remove_file_durably(box.path("f")));
}

}  // namespace
}  // namespace shoal
