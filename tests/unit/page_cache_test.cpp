// The page-cache estimate that decides whether a v1 torrent's creation also hashes its
// files' BEP 52 roots: read data counts as cached, evicted data does not.
#include "page_cache.h"

#include "sandbox.h"

#include <gtest/gtest.h>

namespace shoal::hashing {
namespace {

using test::Sandbox;

std::vector<LayoutFile> layout_of(const std::vector<std::filesystem::path>& paths) {
    std::vector<LayoutFile> files;
    std::int64_t offset = 0;
    for (const auto& p : paths) {
        LayoutFile f;
        f.disk_path = p;
        f.offset = offset;
        f.size = static_cast<std::int64_t>(std::filesystem::file_size(p));
        offset += f.size;
        files.push_back(f);
        LayoutFile pad;  // pad files have no disk path and must be skipped
        pad.pad = true;
        pad.offset = offset;
        pad.size = 12345;
        offset += pad.size;
        files.push_back(pad);
    }
    return files;
}

TEST(PageCache, ReadDataIsCachedAndEvictedDataIsNot) {
    Sandbox box;
    test::write_payload(box.path("a"), 6 << 20, 1);
    test::write_payload(box.path("b"), 6 << 20, 2);
    const auto files = layout_of({box.path("a"), box.path("b")});
    (void)test::read_all(box.path("a"));
    (void)test::read_all(box.path("b"));
    EXPECT_GE(cached_fraction(files), 0.99);

    ASSERT_TRUE(test::evict_from_page_cache(box.path("b")));
    const double half = cached_fraction(files);
    EXPECT_GT(half, 0.4);
    EXPECT_LT(half, 0.6);

    ASSERT_TRUE(test::evict_from_page_cache(box.path("a")));
    EXPECT_LE(cached_fraction(files), 0.01);
    // A single sample is enough to see it, and the estimate reads nothing in.
    EXPECT_LE(cached_fraction(files, 1), 0.01);
    EXPECT_LE(cached_fraction(files), 0.01);
}

TEST(PageCache, SmallAndMissingFiles) {
    Sandbox box;
    std::vector<std::filesystem::path> paths;
    for (int i = 0; i < 50; ++i) {
        paths.push_back(box.path("f" + std::to_string(i)));
        test::write_payload(paths.back(), 1000 + i, static_cast<std::uint64_t>(i));
        (void)test::read_all(paths.back());
    }
    auto files = layout_of(paths);
    EXPECT_GE(cached_fraction(files), 0.99);
    // Files gone since the scan count as not cached, so that their roots are not skipped.
    for (int i = 0; i < 50; i += 2)
        std::filesystem::remove(paths[static_cast<std::size_t>(i)]);
    const double half = cached_fraction(files, 50);
    EXPECT_GT(half, 0.3);
    EXPECT_LT(half, 0.7);
    // No data at all: nothing to read from disk.
    EXPECT_EQ(cached_fraction({}), 1.0);
}

}  // namespace
}  // namespace shoal::hashing
