// Settings: every knob of the engine in one typed struct, described once in a registry
// (name, type, range, choices) that drives persistence (settings.json in the profile),
// command-line overrides and the remote-control APIs. One function inside the engine maps
// them to libtorrent's settings.
#pragma once

#include <shoal/common/result.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace shoal::engine {

struct Settings {
    // Connection
    std::string listen_interfaces = "0.0.0.0,[::]";  // addresses; the port is listen_port
    int listen_port = 0;                             // 0: the system picks one each start
    bool enable_upnp = true;
    bool enable_natpmp = true;
    bool enable_lsd = true;
    bool enable_pex = true;
    // uTP is accepted from peers; we dial with TCP, which libtorrent drives far faster
    // on fast links (a loopback transfer is ~30x slower over its uTP).
    bool enable_incoming_utp = true;
    bool enable_outgoing_utp = false;
    std::string encryption = "enabled";  // enabled | forced | disabled
    bool allow_multiple_connections_per_ip = false;
    int connections_limit = 500;
    int connections_per_torrent = 100;
    int upload_slots = 8;
    // Bytes of each peer connection's kernel receive buffer; 0: the kernel's auto-tuning,
    // also used where the kernel allows no buffer this large (receive_buffer.h).
    int peer_receive_buffer = 2 << 20;
    std::string peer_user_agent = "Shoal/0.1.0";

    // DHT
    bool enable_dht = true;
    std::string dht_bootstrap_nodes =
        "dht.libtorrent.org:25401,router.bittorrent.com:6881,"
        "router.utorrent.com:6881,dht.transmissionbt.com:6881";
    // Lets the DHT keep nodes on private/loopback addresses and several per IP: for LANs
    // and test networks, never needed on the Internet.
    bool dht_allow_local_nodes = false;

    // Rate limits, bytes per second, 0 unlimited
    std::int64_t download_rate_limit = 0;
    std::int64_t upload_rate_limit = 0;
    bool alt_rate_limits_enabled = false;
    std::int64_t alt_download_rate_limit = 10 << 20;
    std::int64_t alt_upload_rate_limit = 1 << 20;

    // Queueing (-1: unlimited)
    bool queueing_enabled = true;
    int max_active_downloads = 5;
    int max_active_seeds = -1;
    int max_active_torrents = -1;

    // Seeding limits (-1: none); a torrent reaching one is paused
    double share_ratio_limit = -1;
    std::int64_t seeding_time_limit = -1;  // minutes

    // Storage
    std::string default_save_path;  // empty: ~/Downloads
    std::string disk_io = "pread";  // pread (threads, no mapping) | mmap | posix
    int disk_threads = 0;           // 0: automatic
    int hashing_threads = 0;        // 0: one per core
    int resume_save_interval = 60;  // seconds between saves of modified torrents

    bool operator==(const Settings&) const = default;
};

struct SettingInfo {
    using Member = std::variant<bool Settings::*, int Settings::*, std::int64_t Settings::*,
                                double Settings::*, std::string Settings::*>;
    std::string_view name;
    std::string_view description;
    Member member;
    std::span<const std::string_view> choices = {};  // for strings that are an enumeration
    std::int64_t min = 0;
    std::int64_t max = 0;  // min == max: no range
};

std::span<const SettingInfo> setting_registry();
const SettingInfo* find_setting(std::string_view name);

// Sets one setting from text ("true", "6881", "10M" for rates...), checking type and range.
Result<void> set_setting(Settings& settings, std::string_view name, std::string_view text);
std::string setting_text(const Settings& settings, const SettingInfo& info);

std::string settings_to_json(const Settings& settings);
// Unknown keys are ignored (a newer version may have written them); a key with a wrong type
// or out of range is an error naming the key.
Result<Settings> settings_from_json(std::string_view json, std::string_view origin);

// settings.json in a profile. A profile without one gets the defaults with a random
// listening port, written back so that the port stays the same across starts.
Result<Settings> load_profile_settings(const std::filesystem::path& profile_dir);
Result<void> save_profile_settings(const std::filesystem::path& profile_dir,
                                   const Settings& settings);

}  // namespace shoal::engine
