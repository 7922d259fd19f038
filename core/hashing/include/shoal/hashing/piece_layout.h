// Layout: how a torrent's pieces lie over the files on disk, for hashing them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace shoal::hashing {

struct LayoutFile {
    std::filesystem::path disk_path;  // empty for pad files
    std::int64_t offset = 0;          // in the torrent's byte stream
    std::int64_t size = 0;
    bool pad = false;
};

struct Layout {
    std::vector<LayoutFile> files;  // in torrent order, offsets increasing
    std::int64_t total_size = 0;    // including padding
    int piece_size = 0;
    int num_pieces = 0;
    bool v1 = false;
    bool v2 = false;
    // Also compute every file's BEP 52 root from the same read (for v1 layouts, where
    // pieces do not follow file boundaries).
    bool file_roots = false;
};

}  // namespace shoal::hashing
