// Listing the files a torrent is created from (internal).
#pragma once

#include <shoal/common/result.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace shoal::hashing {

struct SourceFile {
    std::string torrent_path;  // "name" for a single file, "name/dir/file" in a directory
    std::filesystem::path disk_path;
    std::int64_t size = 0;
    bool executable = false;
};

struct SourceScan {
    std::string name;
    std::vector<SourceFile> files;  // sorted by torrent_path
    std::int64_t total_size = 0;
};

// Regular files under `source` (symlinks followed), in byte order of their paths.
Result<SourceScan> scan_source(const std::filesystem::path& source);

}  // namespace shoal::hashing
