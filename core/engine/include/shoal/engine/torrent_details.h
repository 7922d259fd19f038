// TorrentDetails: what a details panel or an API asks for one torrent on request
// (files, trackers, peers, pieces), as plain values.
#pragma once

#include <shoal/engine/torrent_id.h>

#include <cstdint>
#include <string>
#include <vector>

namespace shoal::engine {

enum class FilePriority : std::uint8_t { skip = 0, low = 1, normal = 4, high = 7 };

struct FileEntry {
    int index = 0;  // as in the torrent's file list (BEP 53 `so=` numbering)
    std::string path;
    std::int64_t size = 0;
    std::int64_t done = 0;  // verified bytes
    FilePriority priority = FilePriority::normal;
    // BEP 52 root (hex): from the metadata of v2/hybrid torrents; for v1 torrents, once a
    // download completes, if hash_v1_roots() is on and every piece of the file passed in
    // this session; else empty.
    std::string pieces_root;
};

struct TrackerEntry {
    std::string url;
    int tier = 0;
    std::string status;  // "working", "updating", "not contacted", "error"
    std::string message;
    int seeds = -1;  // from the last announce/scrape; -1 unknown
    int peers = -1;
    int downloaded = -1;
    std::int64_t next_announce_in = -1;  // seconds
};

struct PeerEntry {
    std::string address;  // "1.2.3.4:6881" or "[::1]:6881"
    std::string client;
    std::string flags;       // e.g. "D U E" letters as qBittorrent shows them
    std::string connection;  // "BT", "uTP", "Web"
    std::int64_t download_rate = 0;
    std::int64_t upload_rate = 0;
    std::int64_t downloaded = 0;
    std::int64_t uploaded = 0;
    double progress = 0;
    bool is_seed = false;
};

enum class PieceState : std::uint8_t { missing = 0, downloading = 1, have = 2 };

struct TorrentDetails {
    TorrentId id;
    std::vector<FileEntry> files;  // pad files are left out
    std::vector<TrackerEntry> trackers;
    std::vector<PeerEntry> peers;
    std::vector<std::string> web_seeds;
    std::vector<PieceState> pieces;
    std::string comment;
    std::string creator;
    std::int64_t creation_date = 0;
    std::string magnet_uri;
};

// What to fill in; cheap parts (comment, magnet) always are.
struct DetailRequest {
    bool files = true;
    bool trackers = true;
    bool peers = true;
    bool pieces = true;
};

}  // namespace shoal::engine
