// The registry: one line per setting. Adding a setting means adding a field to Settings,
// a line here, and (if libtorrent needs it) a line in session_settings.cpp.
#include <shoal/common/format.h>
#include <shoal/engine/settings.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace shoal::engine {
namespace {

constexpr std::array<std::string_view, 3> kEncryption{"enabled", "forced", "disabled"};
constexpr std::array<std::string_view, 3> kDiskIo{"pread", "mmap", "posix"};
constexpr std::int64_t kNoMax = std::numeric_limits<int>::max();

using S = Settings;
const std::array kRegistry{
    SettingInfo{"listen_interfaces", "addresses to listen on, comma-separated",
                &S::listen_interfaces},
    SettingInfo{"listen_port",
                "TCP/UDP port for peers and the DHT (0: any free port)",
                &S::listen_port,
                {},
                0,
                65535},
    SettingInfo{"enable_upnp", "map the port on UPnP routers", &S::enable_upnp},
    SettingInfo{"enable_natpmp", "map the port with NAT-PMP", &S::enable_natpmp},
    SettingInfo{"enable_lsd", "find peers on the local network (BEP 14)", &S::enable_lsd},
    SettingInfo{"enable_pex", "exchange peers with peers (BEP 11)", &S::enable_pex},
    SettingInfo{"enable_incoming_utp", "accept peers over uTP", &S::enable_incoming_utp},
    SettingInfo{"enable_outgoing_utp", "dial peers over uTP before TCP", &S::enable_outgoing_utp},
    SettingInfo{"encryption", "peer connection encryption", &S::encryption, kEncryption},
    SettingInfo{"allow_multiple_connections_per_ip", "allow several peers from one address",
                &S::allow_multiple_connections_per_ip},
    SettingInfo{
        "connections_limit", "global connection limit", &S::connections_limit, {}, 2, kNoMax},
    SettingInfo{"connections_per_torrent",
                "connection limit per torrent",
                &S::connections_per_torrent,
                {},
                2,
                kNoMax},
    SettingInfo{"upload_slots", "peers unchoked at once", &S::upload_slots, {}, 1, kNoMax},
    SettingInfo{"peer_receive_buffer",
                "kernel receive buffer of each peer connection in bytes (0: auto-tuning)",
                &S::peer_receive_buffer,
                {},
                0,
                64 << 20},
    SettingInfo{"peer_user_agent", "client name sent to peers and trackers", &S::peer_user_agent},
    SettingInfo{"enable_dht", "use the Kademlia DHT (BEP 5)", &S::enable_dht},
    SettingInfo{"dht_bootstrap_nodes", "host:port list the DHT joins through",
                &S::dht_bootstrap_nodes},
    SettingInfo{"dht_allow_local_nodes", "keep private-network DHT nodes (LAN, tests)",
                &S::dht_allow_local_nodes},
    SettingInfo{"download_rate_limit",
                "global download limit in bytes/s (0: none)",
                &S::download_rate_limit,
                {},
                0,
                kNoMax},
    SettingInfo{"upload_rate_limit",
                "global upload limit in bytes/s (0: none)",
                &S::upload_rate_limit,
                {},
                0,
                kNoMax},
    SettingInfo{"alt_rate_limits_enabled", "use the alternative rate limits",
                &S::alt_rate_limits_enabled},
    SettingInfo{"alt_download_rate_limit",
                "alternative download limit in bytes/s",
                &S::alt_download_rate_limit,
                {},
                0,
                kNoMax},
    SettingInfo{"alt_upload_rate_limit",
                "alternative upload limit in bytes/s",
                &S::alt_upload_rate_limit,
                {},
                0,
                kNoMax},
    SettingInfo{"queueing_enabled", "limit how many torrents are active", &S::queueing_enabled},
    SettingInfo{"max_active_downloads",
                "active downloads when queueing (-1: no limit)",
                &S::max_active_downloads,
                {},
                -1,
                kNoMax},
    SettingInfo{"max_active_seeds",
                "active seeds when queueing (-1: no limit)",
                &S::max_active_seeds,
                {},
                -1,
                kNoMax},
    SettingInfo{"max_active_torrents",
                "active torrents when queueing (-1: no limit)",
                &S::max_active_torrents,
                {},
                -1,
                kNoMax},
    SettingInfo{"share_ratio_limit",
                "pause seeding at this ratio (-1: never)",
                &S::share_ratio_limit,
                {},
                -1,
                1000000},
    SettingInfo{"seeding_time_limit",
                "pause seeding after these minutes (-1: never)",
                &S::seeding_time_limit,
                {},
                -1,
                kNoMax},
    SettingInfo{"default_save_path", "where downloads go (empty: ~/Downloads)",
                &S::default_save_path},
    SettingInfo{"disk_io", "disk I/O back end", &S::disk_io, kDiskIo},
    SettingInfo{"disk_threads", "disk I/O threads (0: automatic)", &S::disk_threads, {}, 0, 64},
    SettingInfo{"hashing_threads",
                "piece hashing threads (0: one per core)",
                &S::hashing_threads,
                {},
                0,
                64},
    SettingInfo{"resume_save_interval",
                "seconds between saves of resume data",
                &S::resume_save_interval,
                {},
                5,
                86400},
};

template <class T>
Result<T> parse_number(std::string_view text, const SettingInfo& info) {
    T value{};
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size())
        return bad_input("setting '" + std::string(info.name) + "': '" + std::string(text) +
                         "' is not a number");
    return value;
}

Result<void> check_range(const SettingInfo& info, double value) {
    if (info.min == info.max) return {};
    if (value < static_cast<double>(info.min) || value > static_cast<double>(info.max))
        return bad_input("setting '" + std::string(info.name) + "' must be between " +
                         std::to_string(info.min) + " and " + std::to_string(info.max));
    return {};
}

}  // namespace

std::span<const SettingInfo> setting_registry() {
    return kRegistry;
}

const SettingInfo* find_setting(std::string_view name) {
    for (const auto& info : kRegistry)
        if (info.name == name) return &info;
    return nullptr;
}

Result<void> set_setting(Settings& settings, std::string_view name, std::string_view text) {
    const SettingInfo* info = find_setting(name);
    if (!info) return bad_input("unknown setting '" + std::string(name) + "'");
    return std::visit(
        [&](auto member) -> Result<void> {
            using T = std::remove_reference_t<decltype(settings.*member)>;
            if constexpr (std::is_same_v<T, bool>) {
                if (text == "true" || text == "1" || text == "on" || text == "yes")
                    settings.*member = true;
                else if (text == "false" || text == "0" || text == "off" || text == "no")
                    settings.*member = false;
                else
                    return bad_input("setting '" + std::string(name) + "' must be true or false");
                return {};
            } else if constexpr (std::is_same_v<T, std::string>) {
                if (!info->choices.empty()) {
                    bool known = false;
                    for (auto c : info->choices)
                        known = known || c == text;
                    if (!known) {
                        std::string list;
                        for (auto c : info->choices)
                            list += (list.empty() ? "" : ", ") + std::string(c);
                        return bad_input("setting '" + std::string(name) + "' must be one of " +
                                         list);
                    }
                }
                settings.*member = std::string(text);
                return {};
            } else if constexpr (std::is_same_v<T, double>) {
                auto v = parse_number<double>(text, *info);
                if (!v) return v.error();
                if (auto r = check_range(*info, *v); !r) return r;
                settings.*member = *v;
                return {};
            } else {
                // Integers; byte rates and buffers also accept sizes such as "10M".
                std::optional<std::int64_t> v;
                if (auto n = parse_number<std::int64_t>(text, *info))
                    v = *n;
                else if (name.ends_with("_rate_limit") || name.ends_with("_buffer"))
                    v = parse_size(text);
                if (!v)
                    return bad_input("setting '" + std::string(name) + "': '" + std::string(text) +
                                     "' is not a number");
                if (auto r = check_range(*info, static_cast<double>(*v)); !r) return r;
                settings.*member = static_cast<T>(*v);
                return {};
            }
        },
        info->member);
}

std::string setting_text(const Settings& settings, const SettingInfo& info) {
    return std::visit(
        [&](auto member) -> std::string {
            const auto& v = settings.*member;
            using T = std::remove_cvref_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>)
                return v ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::string>)
                return v;
            else if constexpr (std::is_same_v<T, double>) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%g", v);
                return buf;
            } else
                return std::to_string(v);
        },
        info.member);
}

}  // namespace shoal::engine
