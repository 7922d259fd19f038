// Turning an AddRequest (with metadata or a magnet already in hand) into libtorrent's
// add_torrent_params, checking everything the user gave us first (internal).
#pragma once

#include "torrent_table.h"

#include <shoal/common/result.h>
#include <shoal/engine/add_request.h>
#include <shoal/engine/settings.h>

#include <libtorrent/add_torrent_params.hpp>

#include <string>
#include <vector>

namespace shoal::engine {

struct PreparedAdd {
    TorrentId id;
    lt::add_torrent_params params;
    TorrentExtras extras;
    std::vector<char> metainfo;           // the .torrent's bytes, kept in the profile
    std::vector<std::string> peer_names;  // "host:port" peers still to resolve
    std::string display_name;             // for messages
};

// The torrent's id as Shoal names it (v1 hash, else the truncated v2 hash).
TorrentId id_of(const lt::add_torrent_params& params);

// `request.source` must hold metadata or a magnet (URLs are fetched before this).
Result<PreparedAdd> prepare_add(const AddRequest& request, const Settings& settings);

// The save path a request will use: the request's, else the setting, else ~/Downloads.
std::filesystem::path effective_save_path(const AddRequest& request, const Settings& settings);

// Brings saved resume state (pieces we have, counters) into a new add of the same torrent
// at the same place; the new request's choices (paused, selection, limits) win.
void merge_saved_state(lt::add_torrent_params& saved, lt::add_torrent_params&& fresh);

}  // namespace shoal::engine
