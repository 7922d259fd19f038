// qBittorrent's Web API shapes: a torrent as torrents/info returns it, its state string,
// and the preferences object, from Shoal's values (internal).
#pragma once

#include <shoal/api/torrent_labels.h>
#include <shoal/engine/settings.h>
#include <shoal/engine/torrent_details.h>
#include <shoal/engine/torrent_snapshot.h>

#include <nlohmann/json.hpp>

namespace shoal::api {

std::string qbt_state(const engine::TorrentSnapshot& s);
std::string magnet_of(const engine::TorrentSnapshot& s);
nlohmann::json qbt_torrent(const engine::TorrentSnapshot& s, const TorrentLabels& labels);
nlohmann::json qbt_preferences(const engine::Settings& s, const std::string& web_address,
                               int web_port, const std::string& web_user);
// Applies the keys Shoal knows from a setPreferences object; unknown keys are ignored as
// qBittorrent does. A known key with a wrong type is an error.
Result<void> apply_qbt_preferences(const nlohmann::json& j, engine::Settings& s);
int qbt_file_priority(engine::FilePriority p);
std::optional<engine::FilePriority> file_priority_from_qbt(int p);

}  // namespace shoal::api
