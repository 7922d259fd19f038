// Reading what a .torrent file or a magnet URI says, without a session: for `shoal info`,
// for add dialogs, and to reject bad input before anything else is touched.
#pragma once

#include <shoal/common/result.h>
#include <shoal/engine/torrent_id.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::engine {

struct MetaFile {
    int index = 0;  // position in the torrent's file list (what `so=` and --select count)
    std::string path;
    std::int64_t size = 0;
    bool pad = false;         // BEP 47 padding, hidden from users
    std::string pieces_root;  // BEP 52 root, hex, v2/hybrid only
};

struct TrackerUrl {
    std::string url;
    int tier = 0;
};

struct Metainfo {
    TorrentId id;
    InfoHashes hashes;
    std::string name;
    std::vector<MetaFile> files;
    std::int64_t total_size = 0;  // without padding
    int piece_size = 0;
    int num_pieces = 0;
    std::vector<TrackerUrl> trackers;
    std::vector<std::string> web_seeds;
    bool is_private = false;
    std::string creator;
    std::string comment;
    std::int64_t creation_date = 0;  // Unix seconds, 0 if absent
    std::string magnet_uri;
};

// Parses a .torrent's bytes. `origin` names the input in error messages:
// "cannot read torrent 'x.torrent': <why>".
Result<Metainfo> parse_metainfo(std::string_view bytes, std::string_view origin);

struct MagnetInfo {
    TorrentId id;
    InfoHashes hashes;
    std::string name;                                // dn
    std::vector<std::string> trackers;               // tr
    std::vector<std::string> web_seeds;              // ws
    std::vector<std::string> peers;                  // x.pe
    std::optional<std::vector<int>> selected_files;  // so
};

// Parses a magnet URI (btih, btmh or both). Errors name what is wrong: a missing xt, a bad
// hash, a malformed so= list.
Result<MagnetInfo> parse_magnet(std::string_view uri);

// Parses a BEP 53 file-index list: "0,2,4-6".
std::optional<std::vector<int>> parse_index_list(std::string_view text);

bool is_magnet_uri(std::string_view text);
bool is_http_url(std::string_view text);

}  // namespace shoal::engine
