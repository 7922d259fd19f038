#include "trpc_session.h"

#include "trpc_fields.h"

#include <set>

namespace shoal::api {
namespace {

using nlohmann::json;

// Session fields: Shoal's name and the name before Transmission 4.1.
const std::vector<std::pair<std::string, std::string>>& session_names() {
    static const std::vector<std::pair<std::string, std::string>> names = {
        {"alt_speed_down", "alt-speed-down"},
        {"alt_speed_enabled", "alt-speed-enabled"},
        {"alt_speed_up", "alt-speed-up"},
        {"config_dir", "config-dir"},
        {"dht_enabled", "dht-enabled"},
        {"download_dir", "download-dir"},
        {"download_queue_enabled", "download-queue-enabled"},
        {"download_queue_size", "download-queue-size"},
        {"encryption", "encryption"},
        {"idle_seeding_limit", "idle-seeding-limit"},
        {"idle_seeding_limit_enabled", "idle-seeding-limit-enabled"},
        {"lpd_enabled", "lpd-enabled"},
        {"peer_limit_global", "peer-limit-global"},
        {"peer_limit_per_torrent", "peer-limit-per-torrent"},
        {"peer_port", "peer-port"},
        {"pex_enabled", "pex-enabled"},
        {"port_forwarding_enabled", "port-forwarding-enabled"},
        {"rpc_version", "rpc-version"},
        {"rpc_version_minimum", "rpc-version-minimum"},
        {"rpc_version_semver", "rpc-version-semver"},
        {"seed_queue_enabled", "seed-queue-enabled"},
        {"seed_queue_size", "seed-queue-size"},
        {"seed_ratio_limit", "seedRatioLimit"},
        {"seed_ratio_limited", "seedRatioLimited"},
        {"session_id", "session-id"},
        {"speed_limit_down", "speed-limit-down"},
        {"speed_limit_down_enabled", "speed-limit-down-enabled"},
        {"speed_limit_up", "speed-limit-up"},
        {"speed_limit_up_enabled", "speed-limit-up-enabled"},
        {"start_added_torrents", "start-added-torrents"},
        {"units", "units"},
        {"version", "version"},
    };
    return names;
}

int listen_port_of(const engine::SessionStats& stats) {
    for (const auto& e : stats.listen_endpoints) {
        const auto colon = e.rfind(':');
        if (colon != std::string::npos) return std::atoi(e.c_str() + colon + 1);
    }
    return 0;
}

json session_values(const ApiContext& ctx, const std::string& session_id) {
    const auto s = ctx.engine.settings();
    const auto stats = ctx.mirror.stats();
    const std::string enc = s.encryption == "forced"     ? "required"
                            : s.encryption == "disabled" ? "tolerated"
                                                         : "preferred";
    return {{"alt_speed_down", s.alt_download_rate_limit / 1000},
            {"alt_speed_enabled", s.alt_rate_limits_enabled},
            {"alt_speed_up", s.alt_upload_rate_limit / 1000},
            {"config_dir", ""},
            {"dht_enabled", s.enable_dht},
            {"download_dir",
             s.default_save_path.empty()
                 ? std::string(std::getenv("HOME") ? std::getenv("HOME") : "") + "/Downloads"
                 : s.default_save_path},
            {"download_queue_enabled", s.queueing_enabled},
            {"download_queue_size", s.max_active_downloads},
            {"encryption", enc},
            {"idle_seeding_limit", std::max<std::int64_t>(s.seeding_time_limit, 0)},
            {"idle_seeding_limit_enabled", s.seeding_time_limit >= 0},
            {"lpd_enabled", s.enable_lsd},
            {"peer_limit_global", s.connections_limit},
            {"peer_limit_per_torrent", s.connections_per_torrent},
            {"peer_port", listen_port_of(stats)},
            {"pex_enabled", s.enable_pex},
            {"port_forwarding_enabled", s.enable_upnp || s.enable_natpmp},
            {"rpc_version", 17},
            {"rpc_version_minimum", 14},
            {"rpc_version_semver", "5.3.0"},
            {"seed_queue_enabled", s.queueing_enabled && s.max_active_seeds >= 0},
            {"seed_queue_size", std::max(s.max_active_seeds, 0)},
            {"seed_ratio_limit", std::max(s.share_ratio_limit, 0.0)},
            {"seed_ratio_limited", s.share_ratio_limit >= 0},
            {"session_id", session_id},
            {"speed_limit_down", s.download_rate_limit / 1000},
            {"speed_limit_down_enabled", s.download_rate_limit > 0},
            {"speed_limit_up", s.upload_rate_limit / 1000},
            {"speed_limit_up_enabled", s.upload_rate_limit > 0},
            {"start_added_torrents", true},
            {"units",
             {{"speed-units", {"kB/s", "MB/s", "GB/s", "TB/s"}},
              {"speed-bytes", 1000},
              {"size-units", {"kB", "MB", "GB", "TB"}},
              {"size-bytes", 1000},
              {"memory-units", {"KiB", "MiB", "GiB", "TiB"}},
              {"memory-bytes", 1024}}},
            {"version", "4.0.6 (Shoal 0.1.0)"}};
}

}  // namespace

json trpc_session_get(const ApiContext& ctx, const std::string& session_id, const json& args,
                      bool snake_names) {
    json all = session_values(ctx, session_id);
    json out = json::object();
    std::set<std::string> wanted;
    if (args.contains("fields"))
        for (const auto& f : args["fields"])
            wanted.insert(trpc_snake(f.get<std::string>()));
    for (const auto& [name, legacy] : session_names())
        if (wanted.empty() || wanted.contains(name)) out[snake_names ? name : legacy] = all[name];
    return out;
}

void trpc_session_set(const json& args, engine::Settings& s) {
    auto kb = [&](const char* key, std::int64_t& target) {
        if (!args.contains(key)) return;
        const double value = args[key].get<double>();
        if (!(value >= 0 && value <= 2000000))
            throw std::invalid_argument("a speed limit is out of range");
        target = static_cast<std::int64_t>(value * 1000);
    };
    std::int64_t down = s.download_rate_limit, up = s.upload_rate_limit;
    kb("speed_limit_down", down);
    kb("speed_limit_up", up);
    if (args.contains("speed_limit_down_enabled") && !args["speed_limit_down_enabled"].get<bool>())
        down = 0;
    if (args.contains("speed_limit_up_enabled") && !args["speed_limit_up_enabled"].get<bool>())
        up = 0;
    s.download_rate_limit = down;
    s.upload_rate_limit = up;
    kb("alt_speed_down", s.alt_download_rate_limit);
    kb("alt_speed_up", s.alt_upload_rate_limit);
    if (args.contains("alt_speed_enabled"))
        s.alt_rate_limits_enabled = args["alt_speed_enabled"].get<bool>();
    if (args.contains("download_dir"))
        s.default_save_path = args["download_dir"].get<std::string>();
    if (args.contains("dht_enabled")) s.enable_dht = args["dht_enabled"].get<bool>();
    if (args.contains("pex_enabled")) s.enable_pex = args["pex_enabled"].get<bool>();
    if (args.contains("lpd_enabled")) s.enable_lsd = args["lpd_enabled"].get<bool>();
    if (args.contains("peer_port")) s.listen_port = args["peer_port"].get<int>();
    if (args.contains("peer_limit_global"))
        s.connections_limit = args["peer_limit_global"].get<int>();
    if (args.contains("peer_limit_per_torrent"))
        s.connections_per_torrent = args["peer_limit_per_torrent"].get<int>();
    if (args.contains("port_forwarding_enabled"))
        s.enable_upnp = s.enable_natpmp = args["port_forwarding_enabled"].get<bool>();
    if (args.contains("download_queue_enabled"))
        s.queueing_enabled = args["download_queue_enabled"].get<bool>();
    if (args.contains("download_queue_size"))
        s.max_active_downloads = args["download_queue_size"].get<int>();
    if (args.contains("seed_ratio_limited") && !args["seed_ratio_limited"].get<bool>())
        s.share_ratio_limit = -1;
    else if (args.contains("seed_ratio_limit"))
        s.share_ratio_limit = args["seed_ratio_limit"].get<double>();
    if (args.contains("encryption")) {
        const auto e = args["encryption"].get<std::string>();
        s.encryption = e == "required" ? "forced" : e == "tolerated" ? "disabled" : "enabled";
    }
}

}  // namespace shoal::api
