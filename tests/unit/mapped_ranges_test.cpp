// The hashing workers' file maps: the bytes they return, and a file that shrinks under a map
// turning into an error instead of ending the process.
#include "mapped_ranges.h"

#include "sandbox.h"
#include "sigbus_guard.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace shoal::hashing {
namespace {

using test::Sandbox;

std::vector<char> file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

bool equal_at(const std::uint8_t* mapped, const std::vector<char>& bytes, std::int64_t offset,
              std::size_t len) {
    return std::equal(mapped, mapped + len,
                      reinterpret_cast<const std::uint8_t*>(bytes.data()) + offset);
}

TEST(MappedRanges, GivesTheFilesBytesAcrossWindows) {
    Sandbox box;
    const auto file = box.path("f");
    const std::int64_t size = MappedRanges::kWindow * 2 + 12345;
    test::write_payload(file, size, 5);
    const auto bytes = file_bytes(file);
    MappedRanges ranges;
    const std::pair<std::int64_t, std::size_t> reads[] = {
        {0, 100},                            // first window
        {MappedRanges::kWindow - 50, 100},   // across the first boundary
        {MappedRanges::kWindow * 2, 12345},  // the tail, shorter than a window
        {7, 3 * static_cast<std::size_t>(MappedRanges::kWindow) / 2}};  // longer than one
    for (auto [offset, len] : reads) {
        ranges.next_piece();
        auto mapped = ranges.map(file, offset, len);
        ASSERT_TRUE(mapped) << mapped.error().message;
        EXPECT_TRUE(equal_at(*mapped, bytes, offset, len)) << offset;
    }
}

TEST(MappedRanges, ARangePastTheEndOrAMissingFileIsAnError) {
    Sandbox box;
    test::write_payload(box.path("f"), 4096, 1);
    MappedRanges ranges;
    auto past = ranges.map(box.path("f"), 4000, 200);
    ASSERT_FALSE(past);
    EXPECT_NE(past.error().message.find("shrank"), std::string::npos) << past.error().message;
    auto missing = ranges.map(box.path("none"), 0, 1);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("none"), std::string::npos);
}

// Reads every byte so the compiler cannot skip the loads.
std::uint64_t touch(const std::uint8_t* p, std::size_t len) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < len; i += 512)
        sum += static_cast<const volatile std::uint8_t*>(p)[i];
    return sum;
}

// Maps the last 64 KiB of a file, then truncates it: the map's pages no longer exist.
const std::uint8_t* map_then_shrink(MappedRanges& ranges, const std::filesystem::path& file) {
    test::write_payload(file, 1 << 20, 2);
    auto mapped = ranges.map(file, (1 << 20) - 65536, 65536);
    if (!mapped) return nullptr;
    std::filesystem::resize_file(file, 0);
    return *mapped;
}

TEST(SigbusGuard, AFileShrunkUnderItsMapIsCaughtAndTheThreadGoesOn) {
    Sandbox box;
    MappedRanges ranges;
    const std::uint8_t* gone = map_then_shrink(ranges, box.path("f"));
    ASSERT_NE(gone, nullptr);
    std::uint64_t sum = 0;
    auto read_gone = [&] { sum += touch(gone, 65536); };
    EXPECT_FALSE(run_catching_sigbus(read_gone));
    std::vector<std::uint8_t> fine(4096, 1);
    auto read_fine = [&] { sum = touch(fine.data(), fine.size()); };
    EXPECT_TRUE(run_catching_sigbus(read_fine));
    EXPECT_EQ(sum, 8u);
    EXPECT_FALSE(run_catching_sigbus(read_gone)) << "caught a second time";
}

// libtorrent installs a SIGBUS handler of its own when it first maps a file, one that ends
// the process for any fault outside its own guarded reads.
void ends_the_process(int sig) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

TEST(SigbusGuard, StillCatchesAfterAnotherLibraryReplacedTheHandler) {
    Sandbox box;
    MappedRanges ranges;
    const std::uint8_t* gone = map_then_shrink(ranges, box.path("f"));
    ASSERT_NE(gone, nullptr);
    struct sigaction theirs {
    }, before{};
    theirs.sa_handler = &ends_the_process;
    sigemptyset(&theirs.sa_mask);
    ::sigaction(SIGBUS, &theirs, &before);
    std::uint64_t sum = 0;
    auto read_gone = [&] { sum += touch(gone, 65536); };
    EXPECT_FALSE(run_catching_sigbus(read_gone));
    ::sigaction(SIGBUS, &before, nullptr);
}

TEST(SigbusGuardDeathTest, AFaultOutsideTheGuardStillEndsTheProcess) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    Sandbox box;
    EXPECT_EXIT(
        {
            MappedRanges ranges;
            const std::uint8_t* gone = map_then_shrink(ranges, box.path("f"));
            std::vector<std::uint8_t> fine(16, 1);
            auto read_fine = [&] { touch(fine.data(), fine.size()); };
            run_catching_sigbus(read_fine);  // installs the guard's handler
            touch(gone, 65536);
        },
        ::testing::KilledBySignal(SIGBUS), "");
}

}  // namespace
}  // namespace shoal::hashing
