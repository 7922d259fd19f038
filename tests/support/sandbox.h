// Sandbox: a fresh directory per test under the build tree's test area, removed after a
// passing test and kept (and named in the output) after a failing one.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace shoal::test {

// A fresh directory per test, removed unless the test failed. It also points
// XDG_DATA_HOME inside itself, so that programs the test runs never touch the real profile.
class Sandbox {
  public:
    Sandbox();
    ~Sandbox();
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path path(const std::string& rel) const { return root_ / rel; }

  private:
    std::filesystem::path root_;
};

// Writes `size` deterministic pseudo-random bytes derived from `seed`.
void write_payload(const std::filesystem::path& file, std::int64_t size, std::uint64_t seed);

// A directory of files with the given sizes (names f0.bin, f1.bin, ... or as given).
struct PayloadFile {
    std::string path;  // relative to the directory
    std::int64_t size;
};
void write_payload_dir(const std::filesystem::path& dir, const std::vector<PayloadFile>& files,
                       std::uint64_t seed);

std::string read_all(const std::filesystem::path& file);
// Inverts the two bytes at `offset` of `file` (a guaranteed change, for damage tests).
void flip_bytes(const std::filesystem::path& file, std::int64_t offset);
bool same_contents(const std::filesystem::path& a, const std::filesystem::path& b);
// Writes the file (or every file under a directory) to disk and drops it from the page
// cache, as if it had not been read since boot. Fails, saying why, where the file system
// keeps its data in memory anyway (tmpfs): ctest puts sandboxes in the build tree, on a disk.
::testing::AssertionResult evict_from_page_cache(const std::filesystem::path& path);

}  // namespace shoal::test
