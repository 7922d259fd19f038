// How the heap hands memory back: each test changes the process's malloc settings, so each
// runs in a child process of its own.
#include <shoal/common/free_memory.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/resource.h>

namespace shoal {
namespace {

constexpr std::size_t kBlock = 4 << 20;  // a large receive buffer's size

long page_faults() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

// Page faults of allocating kBlock, writing all of it and freeing it, after doing the same
// once before.
long faults_of_second_use() {
    for (int round = 0;; ++round) {
        const long before = page_faults();
        char* volatile p = static_cast<char*>(std::malloc(kBlock));
        if (!p) std::abort();
        std::memset(p, round + 1, kBlock);
        const bool written = p[kBlock - 1] == round + 1;
        std::free(p);
        if (!written) std::abort();
        if (round == 1) return page_faults() - before;
    }
}

// Exits 0 if faults_of_second_use() is in [low, high], else says what it was.
[[noreturn]] void exit_if_faults_between(long low, long high) {
    const long faults = faults_of_second_use();
    if (faults >= low && faults <= high) std::exit(0);
    std::fprintf(stderr, "page faults: %ld\n", faults);
    std::exit(1);
}

TEST(FreeMemoryDeathTest, KeptMemoryIsNotFaultedInAgain) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            keep_freed_memory();
            exit_if_faults_between(0, 64);
        },
        ::testing::ExitedWithCode(0), "");
}

// The same measure tells the difference: with the memory limited, the block is mapped
// and unmapped, and its pages are faulted in again.
TEST(FreeMemoryDeathTest, LimitedMemoryIsFaultedInAgain) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            limit_retained_memory();
            exit_if_faults_between(kBlock / 4096 / 2, kBlock);
        },
        ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace shoal
