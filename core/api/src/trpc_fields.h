// Transmission RPC: its names (any of the three styles, kept as snake_case inside), its
// status numbers, and a torrent's fields as torrent-get returns them (internal).
#pragma once

#include <shoal/engine/torrent_details.h>
#include <shoal/engine/torrent_snapshot.h>

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::api {

// "hashString", "hash-string" and "hash_string" are all "hash_string".
std::string trpc_snake(std::string_view key);
// The arguments object with every key in snake_case.
nlohmann::json trpc_normalized(const nlohmann::json& args);
// 0 stopped, 1 check wait, 2 checking, 3 download wait, 4 downloading, 5 seed wait, 6 seeding.
int trpc_status(const engine::TorrentSnapshot& s);
// Fields that need the torrent's details (files, trackers, peers...) from the engine.
const std::set<std::string>& trpc_detail_fields();
// One field of a torrent (snake_case name); null for an unknown field. `details` may be
// null when no detail field was asked for.
nlohmann::json trpc_torrent_field(const std::string& field, const engine::TorrentSnapshot& s,
                                  const engine::TorrentDetails* details, int number,
                                  const std::vector<std::string>& labels);

}  // namespace shoal::api
