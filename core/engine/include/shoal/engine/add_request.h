// AddRequest: everything needed to add a torrent, from a .torrent's bytes, a magnet URI or
// an http(s) URL of a .torrent.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace shoal::engine {

inline constexpr int kUseGlobalLimit = -2;
inline constexpr int kNoLimit = -1;

struct MetainfoSource {
    std::string bytes;   // the .torrent file's contents
    std::string origin;  // where they came from (path or URL), for messages
};
struct MagnetSource {
    std::string uri;
};
struct UrlSource {
    std::string url;
};
using AddSource = std::variant<MetainfoSource, MagnetSource, UrlSource>;

struct AddRequest {
    AddSource source;
    std::filesystem::path save_path;  // empty: the default_save_path setting
    bool paused = false;
    bool sequential = false;
    // Only these file indices are downloaded (the others are skipped), as BEP 53's `so=`.
    // A magnet's own `so=` is used when this is not set.
    std::optional<std::vector<int>> selected_files;
    std::vector<std::string> peers;  // "host:port" to connect to at once
    std::vector<std::string> extra_trackers;
    int download_limit = 0;  // bytes/s, 0 unlimited
    int upload_limit = 0;
    // Seeding limits: kUseGlobalLimit follows the settings, kNoLimit seeds forever.
    double ratio_limit = kUseGlobalLimit;
    std::int64_t seeding_time_limit = kUseGlobalLimit;  // minutes
    bool skip_checking = false;                         // trust the data on disk (seed mode)
};

}  // namespace shoal::engine
