#include "qbt_json.h"

#include <shoal/common/clock.h>
#include <shoal/common/uri.h>

#include <filesystem>

namespace shoal::api {

using engine::TorrentState;

std::string qbt_state(const engine::TorrentSnapshot& s) {
    const bool complete =
        s.has_metadata && (s.state == TorrentState::seeding || s.state == TorrentState::finished);
    if (!s.error.empty()) return "error";
    switch (s.state) {
        case TorrentState::moving:
            return "moving";
        case TorrentState::checking_resume_data:
            return "checkingResumeData";
        case TorrentState::checking_files:
            return complete || s.progress >= 1 ? "checkingUP" : "checkingDL";
        default:
            break;
    }
    if (s.paused) return complete ? "pausedUP" : "pausedDL";
    if (s.queued) return complete ? "queuedUP" : "queuedDL";
    if (s.state == TorrentState::fetching_metadata) return s.forced ? "forcedMetaDL" : "metaDL";
    if (complete) return s.forced ? "forcedUP" : s.upload_rate > 0 ? "uploading" : "stalledUP";
    if (s.forced) return "forcedDL";
    return s.download_rate > 0 ? "downloading" : "stalledDL";
}

std::string magnet_of(const engine::TorrentSnapshot& s) {
    std::string m = "magnet:?";
    if (!s.hashes.v1.empty()) m += "xt=urn:btih:" + s.hashes.v1 + "&";
    if (!s.hashes.v2.empty()) m += "xt=urn:btmh:1220" + s.hashes.v2 + "&";
    return m + "dn=" + percent_encode(s.name);
}

nlohmann::json qbt_torrent(const engine::TorrentSnapshot& s, const TorrentLabels& labels) {
    using nlohmann::json;
    const auto now = unix_now();
    std::string tags;
    for (const auto& t : labels.tags_of(s.id))
        tags += (tags.empty() ? "" : ", ") + t;
    const bool active = s.download_rate > 0 || s.upload_rate > 0;
    json j;
    j["added_on"] = s.added_time;
    j["amount_left"] = std::max<std::int64_t>(0, s.wanted_size - s.wanted_done);
    j["auto_tmm"] = false;
    j["availability"] = s.availability < 0 ? -1.0 : s.availability;
    j["category"] = labels.category_of(s.id);
    j["completed"] = s.wanted_done;
    j["completion_on"] = s.completed_time > 0 ? s.completed_time : -1;
    j["content_path"] = (std::filesystem::path(s.save_path) / s.name).string();
    j["dl_limit"] = s.download_limit > 0 ? s.download_limit : -1;
    j["dlspeed"] = s.download_rate;
    j["download_path"] = "";
    j["downloaded"] = s.downloaded_total;
    j["downloaded_session"] = s.downloaded_session;
    j["eta"] = s.eta ? *s.eta : 8640000;
    j["f_l_piece_prio"] = false;
    j["force_start"] = s.forced;
    j["hash"] = s.id.hex();
    j["infohash_v1"] = s.hashes.v1;
    j["infohash_v2"] = s.hashes.v2;
    j["last_activity"] = active ? now : s.added_time;
    j["magnet_uri"] = magnet_of(s);
    j["max_ratio"] = s.ratio_limit;
    j["max_seeding_time"] = s.seeding_time_limit;
    j["name"] = s.name;
    j["num_complete"] = std::max(s.swarm_seeds, 0);
    j["num_incomplete"] = std::max(s.swarm_peers, 0);
    j["num_leechs"] = s.peers - s.seeds;
    j["num_seeds"] = s.seeds;
    j["priority"] = s.queue_position >= 0 ? s.queue_position + 1 : 0;
    j["progress"] = s.progress;
    j["ratio"] = s.ratio;
    j["ratio_limit"] = s.ratio_limit;
    j["save_path"] = s.save_path;
    j["seeding_time"] = s.seeding_seconds;
    j["seeding_time_limit"] = s.seeding_time_limit;
    j["seen_complete"] = s.completed_time > 0 ? s.completed_time : -1;
    j["seq_dl"] = s.sequential;
    j["size"] = s.wanted_size;
    j["state"] = qbt_state(s);
    j["super_seeding"] = false;
    j["tags"] = tags;
    j["time_active"] = s.active_seconds;
    j["total_size"] = s.total_size;
    j["tracker"] = s.current_tracker;
    j["trackers_count"] = s.current_tracker.empty() ? 0 : 1;
    j["up_limit"] = s.upload_limit > 0 ? s.upload_limit : -1;
    j["uploaded"] = s.uploaded_total;
    j["uploaded_session"] = s.uploaded_session;
    j["upspeed"] = s.upload_rate;
    return j;
}

nlohmann::json qbt_preferences(const engine::Settings& s, const std::string& web_address,
                               int web_port, const std::string& web_user) {
    const int encryption = s.encryption == "forced" ? 1 : s.encryption == "disabled" ? 2 : 0;
    return {{"save_path", s.default_save_path},
            {"listen_port", s.listen_port},
            {"upnp", s.enable_upnp || s.enable_natpmp},
            {"dl_limit", s.download_rate_limit},
            {"up_limit", s.upload_rate_limit},
            {"alt_dl_limit", s.alt_download_rate_limit},
            {"alt_up_limit", s.alt_upload_rate_limit},
            {"scheduler_enabled", false},
            {"dht", s.enable_dht},
            {"pex", s.enable_pex},
            {"lsd", s.enable_lsd},
            {"encryption", encryption},
            {"max_connec", s.connections_limit},
            {"max_connec_per_torrent", s.connections_per_torrent},
            {"max_uploads", s.upload_slots},
            {"queueing_enabled", s.queueing_enabled},
            {"max_active_downloads", s.max_active_downloads},
            {"max_active_torrents", s.max_active_torrents},
            {"max_active_uploads", s.max_active_seeds},
            {"max_ratio_enabled", s.share_ratio_limit >= 0},
            {"max_ratio", s.share_ratio_limit},
            {"max_seeding_time_enabled", s.seeding_time_limit >= 0},
            {"max_seeding_time", s.seeding_time_limit},
            {"max_ratio_act", 0},
            {"web_ui_address", web_address},
            {"web_ui_port", web_port},
            {"web_ui_username", web_user},
            {"create_subfolder_enabled", true},
            {"start_paused_enabled", false},
            {"auto_tmm_enabled", false},
            {"temp_path_enabled", false},
            {"temp_path", ""},
            {"incomplete_files_ext", false},
            {"preallocate_all", false}};
}

Result<void> apply_qbt_preferences(const nlohmann::json& j, engine::Settings& s) {
    if (!j.is_object()) return bad_input("the preferences are not a JSON object");
    try {
        if (j.contains("save_path")) s.default_save_path = j["save_path"].get<std::string>();
        if (j.contains("listen_port")) s.listen_port = j["listen_port"].get<int>();
        if (j.contains("upnp")) s.enable_upnp = s.enable_natpmp = j["upnp"].get<bool>();
        if (j.contains("dl_limit"))
            s.download_rate_limit = std::max<std::int64_t>(0, j["dl_limit"].get<std::int64_t>());
        if (j.contains("up_limit"))
            s.upload_rate_limit = std::max<std::int64_t>(0, j["up_limit"].get<std::int64_t>());
        if (j.contains("alt_dl_limit"))
            s.alt_download_rate_limit = j["alt_dl_limit"].get<std::int64_t>();
        if (j.contains("alt_up_limit"))
            s.alt_upload_rate_limit = j["alt_up_limit"].get<std::int64_t>();
        if (j.contains("dht")) s.enable_dht = j["dht"].get<bool>();
        if (j.contains("pex")) s.enable_pex = j["pex"].get<bool>();
        if (j.contains("lsd")) s.enable_lsd = j["lsd"].get<bool>();
        if (j.contains("encryption")) {
            const int e = j["encryption"].get<int>();
            s.encryption = e == 1 ? "forced" : e == 2 ? "disabled" : "enabled";
        }
        if (j.contains("max_connec")) s.connections_limit = j["max_connec"].get<int>();
        if (j.contains("max_connec_per_torrent"))
            s.connections_per_torrent = j["max_connec_per_torrent"].get<int>();
        if (j.contains("max_uploads")) s.upload_slots = j["max_uploads"].get<int>();
        if (j.contains("queueing_enabled")) s.queueing_enabled = j["queueing_enabled"].get<bool>();
        if (j.contains("max_active_downloads"))
            s.max_active_downloads = j["max_active_downloads"].get<int>();
        if (j.contains("max_active_torrents"))
            s.max_active_torrents = j["max_active_torrents"].get<int>();
        if (j.contains("max_active_uploads"))
            s.max_active_seeds = j["max_active_uploads"].get<int>();
        if (j.contains("max_ratio_enabled") && !j["max_ratio_enabled"].get<bool>())
            s.share_ratio_limit = -1;
        else if (j.contains("max_ratio"))
            s.share_ratio_limit = j["max_ratio"].get<double>();
        if (j.contains("max_seeding_time_enabled") && !j["max_seeding_time_enabled"].get<bool>())
            s.seeding_time_limit = -1;
        else if (j.contains("max_seeding_time"))
            s.seeding_time_limit = j["max_seeding_time"].get<std::int64_t>();
    } catch (const nlohmann::json::exception& e) {
        return bad_input(std::string("a preference has the wrong type: ") + e.what());
    }
    return {};
}

int qbt_file_priority(engine::FilePriority p) {
    switch (p) {
        case engine::FilePriority::skip:
            return 0;
        case engine::FilePriority::high:
            return 7;
        default:
            return 1;
    }
}

std::optional<engine::FilePriority> file_priority_from_qbt(int p) {
    switch (p) {
        case 0:
            return engine::FilePriority::skip;
        case 1:
            return engine::FilePriority::normal;
        case 6:
        case 7:
            return engine::FilePriority::high;
        default:
            return std::nullopt;
    }
}

}  // namespace shoal::api
