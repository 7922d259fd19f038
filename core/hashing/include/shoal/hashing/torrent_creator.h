// Creating .torrent files: the data is read once, in piece-sized chunks, on every core;
// a hybrid torrent gets its SHA-1 pieces and SHA-256 block trees from the same read.
#pragma once

#include <shoal/common/result.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace shoal::hashing {

enum class TorrentFormat { v1, v2, hybrid };

// Whether a v1 torrent's creation also computes every file's BEP 52 root, for the ledger.
// v2 and hybrid torrents have them anyway; for v1 they add SHA-256 to the SHA-1 work.
enum class FileRoots {
    never,
    always,
    // Only when most of the data is not in the page cache. Reading it from disk is then the
    // slower part and SHA-256 rides along on the same read; computing the roots later would
    // read it from disk again. Data in memory is hashed with SHA-1 alone, at twice the speed,
    // and the ledger gets its roots when the torrent is seeded (in the background).
    unless_cached,
};

struct CreateOptions {
    std::filesystem::path source;  // a file or a directory
    TorrentFormat format = TorrentFormat::v1;
    int piece_size = 0;  // bytes; 0 picks one from the total size
    // Each inner list is one tier; trackers in a tier are tried in any order.
    std::vector<std::vector<std::string>> tracker_tiers;
    std::vector<std::string> web_seeds;
    bool is_private = false;
    std::string comment;
    std::string source_tag;  // the info dictionary's "source" (private trackers)
    std::string creator = "Shoal/0.1.0";
    std::optional<std::int64_t> creation_date;  // Unix seconds; default now; 0 omits it
    unsigned threads = 0;                       // 0: one per core
    FileRoots file_roots = FileRoots::unless_cached;
};

struct CreatedFile {
    std::string path;  // inside the torrent, '/'-separated
    std::int64_t size = 0;
    std::string pieces_root;  // BEP 52 root (hex); for v1 only as CreateOptions::file_roots says
};

struct CreatedTorrent {
    std::string metainfo;  // the bencoded .torrent
    std::string name;
    std::string info_hash_v1;  // hex, empty for v2-only
    std::string info_hash_v2;  // hex, empty for v1-only
    std::string magnet_uri;
    int piece_size = 0;
    int num_pieces = 0;
    std::int64_t total_size = 0;
    std::vector<CreatedFile> files;
};

struct CreateProgress {
    std::int64_t bytes_hashed = 0;
    std::int64_t total_bytes = 0;
};

// The piece size Shoal picks for `total_size` bytes: a power of two from 16 KiB to 16 MiB
// that gives roughly 1,000 to 2,000 pieces.
int auto_piece_size(std::int64_t total_size);

// Calls `progress` from the calling thread about ten times a second. Setting `cancel`
// stops the work and returns an error.
Result<CreatedTorrent> create_torrent(
    const CreateOptions& options, const std::function<void(const CreateProgress&)>& progress = {},
    const std::atomic<bool>* cancel = nullptr);

}  // namespace shoal::hashing
