// The hashing workers' arena of small-file maps: the bytes it returns, before and after it
// drops its maps, and the files it turns away (no room, cannot be mapped) without failing.
#include "map_arena.h"

#include "sandbox.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace shoal::hashing {
namespace {

using test::Sandbox;

std::vector<std::uint8_t> file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

bool same(const std::uint8_t* mapped, const std::vector<std::uint8_t>& bytes, std::size_t offset,
          std::size_t len) {
    return std::equal(mapped, mapped + len, bytes.begin() + static_cast<std::ptrdiff_t>(offset));
}

constexpr std::int64_t kFile = (std::int64_t{3} << 20) + 1234;  // not a whole number of pages

TEST(MapArena, GivesEachFilesBytesWhileItFillsAndAfterItDropsItsMaps) {
    Sandbox box;
    // Three times the arena: it drops its maps at least twice on the way.
    const int files = static_cast<int>(3 * MapArena::kSize / kFile);
    MapArena arena;
    for (int i = 0; i < files; ++i) {
        const auto path = box.path("f" + std::to_string(i));
        test::write_payload(path, kFile, static_cast<std::uint64_t>(i));
        const auto bytes = file_bytes(path);
        arena.next_piece();
        auto head = arena.map(path, kFile, 0, 1000);
        ASSERT_TRUE(head) << head.error().message;
        ASSERT_NE(*head, nullptr) << "file " << i;
        EXPECT_TRUE(same(*head, bytes, 0, 1000)) << "file " << i;
        // The rest of the file, in the next piece (mapped again if the arena was emptied).
        arena.next_piece();
        auto tail = arena.map(path, kFile, 1000, kFile - 1000);
        ASSERT_TRUE(tail && *tail) << "file " << i;
        EXPECT_TRUE(same(*tail, bytes, 1000, kFile - 1000)) << "file " << i;
    }
}

TEST(MapArena, TurnsAwayWhatDoesNotFitUntilTheNextPiece) {
    Sandbox box;
    MapArena arena;
    const int fit = static_cast<int>(MapArena::kSize / (kFile + 4096));
    for (int i = 0; i <= fit; ++i)
        test::write_payload(box.path("f" + std::to_string(i)), kFile, 7);
    arena.next_piece();
    for (int i = 0; i < fit; ++i) {
        auto m = arena.map(box.path("f" + std::to_string(i)), kFile, 0, 1);
        ASSERT_TRUE(m && *m) << "file " << i;
    }
    auto full = arena.map(box.path("f" + std::to_string(fit)), kFile, 0, 1);
    ASSERT_TRUE(full);
    EXPECT_EQ(*full, nullptr) << "no room: the caller reads it instead";
    arena.next_piece();
    auto again = arena.map(box.path("f" + std::to_string(fit)), kFile, 0, kFile);
    ASSERT_TRUE(again && *again);
    EXPECT_TRUE(same(*again, file_bytes(box.path("f" + std::to_string(fit))), 0, kFile));
}

// sysfs files are regular files with a size, on a file system that maps none of them.
constexpr const char* kUnmappable = "/sys/devices/system/cpu/possible";

TEST(MapArena, FilesThatCannotBeMappedAreTurnedAwayAndTheArenaGoesOn) {
    Sandbox box;
    MapArena arena;
    arena.next_piece();
    std::filesystem::create_directory(box.path("dir"));
    struct stat st {};
    ASSERT_EQ(::stat(box.path("dir").c_str(), &st), 0);
    auto dir = arena.map(box.path("dir"), std::max<std::int64_t>(st.st_size, 1), 0, 0);
    ASSERT_TRUE(dir) << dir.error().message;
    EXPECT_EQ(*dir, nullptr) << "a directory";
    ASSERT_EQ(::stat(kUnmappable, &st), 0) << kUnmappable << ": is /sys mounted?";
    for (int i = 0; i < 2; ++i) {  // the device is known after the first
        auto sys = arena.map(kUnmappable, st.st_size, 0, 1);
        ASSERT_TRUE(sys) << sys.error().message;
        EXPECT_EQ(*sys, nullptr) << "a file on a file system without maps";
    }
    test::write_payload(box.path("f"), kFile, 3);
    auto file = arena.map(box.path("f"), kFile, 0, kFile);
    ASSERT_TRUE(file && *file);
    EXPECT_TRUE(same(*file, file_bytes(box.path("f")), 0, kFile));
}

TEST(MapArena, AMissingOrShrunkFileIsAnError) {
    Sandbox box;
    MapArena arena;
    arena.next_piece();
    auto missing = arena.map(box.path("none"), kFile, 0, 1);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("none"), std::string::npos);
    test::write_payload(box.path("f"), 4096, 1);
    auto past = arena.map(box.path("f"), kFile, 4000, 200);
    ASSERT_FALSE(past);
    EXPECT_NE(past.error().message.find("shrank"), std::string::npos) << past.error().message;
}

}  // namespace
}  // namespace shoal::hashing
