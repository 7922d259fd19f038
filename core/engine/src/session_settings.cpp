#include "session_settings.h"

#include "receive_buffer.h"
#include "tick_rate.h"

#include <climits>
#include <libtorrent/alert.hpp>
#include <libtorrent/fingerprint.hpp>

#include <algorithm>
#include <fstream>
#include <limits>
#include <thread>

namespace shoal::engine {
namespace {

int clamp_int(std::int64_t v) {
    return static_cast<int>(std::clamp<std::int64_t>(v, 0, INT_MAX));
}

int cores() {
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// net.core.rmem_max: the largest receive buffer a process may set; 0 if it cannot be read.
std::int64_t kernel_receive_buffer_max() {
    std::ifstream in("/proc/sys/net/core/rmem_max");
    std::int64_t v = 0;
    return in >> v ? v : 0;
}

}  // namespace

std::string listen_interfaces_with_port(const std::string& interfaces, int port) {
    std::string out;
    std::size_t start = 0;
    while (start <= interfaces.size()) {
        auto comma = interfaces.find(',', start);
        std::string addr = interfaces.substr(
            start, comma == std::string::npos ? std::string::npos : comma - start);
        addr.erase(0, addr.find_first_not_of(' '));
        addr.erase(addr.find_last_not_of(' ') + 1);
        if (!addr.empty()) {
            if (!out.empty()) out += ',';
            out += addr + ':' + std::to_string(port);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

lt::settings_pack to_settings_pack(const Settings& s) {
    using sp = lt::settings_pack;
    sp p;

    // Identity
    p.set_str(sp::user_agent, s.peer_user_agent);
    p.set_str(sp::peer_fingerprint, lt::generate_fingerprint("SH", 0, 1, 0, 0));

    // Connection
    p.set_str(sp::listen_interfaces,
              listen_interfaces_with_port(s.listen_interfaces, s.listen_port));
    // A port the user chose is honoured or reported as failing, never silently replaced.
    p.set_int(sp::max_retry_port_bind, 0);
    p.set_bool(sp::enable_upnp, s.enable_upnp);
    p.set_bool(sp::enable_natpmp, s.enable_natpmp);
    p.set_bool(sp::enable_lsd, s.enable_lsd);
    p.set_bool(sp::enable_outgoing_utp, s.enable_outgoing_utp);
    p.set_bool(sp::enable_incoming_utp, s.enable_incoming_utp);
    const int policy = s.encryption == "forced"     ? sp::pe_forced
                       : s.encryption == "disabled" ? sp::pe_disabled
                                                    : sp::pe_enabled;
    p.set_int(sp::out_enc_policy, policy);
    p.set_int(sp::in_enc_policy, policy);
    p.set_int(sp::allowed_enc_level, sp::pe_both);
    p.set_bool(sp::allow_multiple_connections_per_ip, s.allow_multiple_connections_per_ip);
    p.set_int(sp::connections_limit, s.connections_limit);
    p.set_int(sp::unchoke_slots_limit, s.upload_slots);

    // DHT
    p.set_bool(sp::enable_dht, s.enable_dht);
    p.set_str(sp::dht_bootstrap_nodes, s.dht_bootstrap_nodes);
    const bool strict = !s.dht_allow_local_nodes;
    p.set_bool(sp::dht_restrict_routing_ips, strict);
    p.set_bool(sp::dht_restrict_search_ips, strict);
    p.set_bool(sp::dht_ignore_dark_internet, strict);
    p.set_bool(sp::dht_prefer_verified_node_ids, strict);
    // libtorrent's DHT ignores an IP for 5 minutes once it sent 50 packets in 10 s. Several
    // nodes on one IP (a test network on 127.0.0.1, a LAN behind one address) share that
    // budget and reached it while forming and announcing: the DHT then split for minutes.
    p.set_int(sp::dht_block_ratelimit, strict ? 5 : 1000);

    // Rate limits (local-network peers are in their own, unlimited peer class).
    const bool alt = s.alt_rate_limits_enabled;
    p.set_int(sp::download_rate_limit,
              clamp_int(alt ? s.alt_download_rate_limit : s.download_rate_limit));
    p.set_int(sp::upload_rate_limit,
              clamp_int(alt ? s.alt_upload_rate_limit : s.upload_rate_limit));

    // Queueing
    p.set_int(sp::active_downloads, s.queueing_enabled ? s.max_active_downloads : -1);
    p.set_int(sp::active_seeds, s.queueing_enabled ? s.max_active_seeds : -1);
    p.set_int(sp::active_limit, s.queueing_enabled ? s.max_active_torrents : -1);
    p.set_bool(sp::dont_count_slow_torrents, true);

    // Disk and hashing
    p.set_int(sp::aio_threads, s.disk_threads > 0 ? s.disk_threads : std::max(4, 2 * cores()));
    p.set_int(sp::hashing_threads, s.hashing_threads > 0 ? s.hashing_threads : cores());
    // "pread" is libtorrent's threaded mmap_disk_io with the mapping turned off: pread/pwrite
    // on its pool of open files. As fast as mapping the files (bench/run, 1 GiB download),
    // without the files' pages in the process's resident set (peak 55-134 MiB instead of
    // ~1.1 GiB). "posix" is libtorrent's single-threaded back end (I/O and hashing on the
    // network thread).
    if (s.disk_io == "pread") {
        p.set_int(sp::disk_write_mode, sp::always_pwrite);
        p.set_int(sp::mmap_file_size_cutoff, std::numeric_limits<int>::max());
    } else if (s.disk_io == "mmap") {
        p.set_int(sp::disk_write_mode, sp::auto_mmap_write);
    }

    // Throughput on fast links: deep request queues so one peer can fill a 10 Gbit/s (or
    // loopback) link, and enough disk bytes in flight to keep the disk busy. Up to 1 MiB
    // read ahead for each peer we upload to (libtorrent: 500 KiB) is enough: seeding 1 GiB
    // over loopback to one libtorrent leecher took 3.59-3.68 s with it and 3.90-3.93 s
    // with 4 MiB, and a leecher of a 4-leecher swarm peaked at 65-77 MiB against 75-99.
    p.set_int(sp::max_out_request_queue, 1500);
    p.set_int(sp::max_allowed_in_request_queue, 2000);
    p.set_int(sp::send_buffer_watermark, 1 << 20);
    p.set_int(sp::send_buffer_low_watermark, 256 << 10);
    p.set_int(sp::send_buffer_watermark_factor, 150);
    p.set_int(sp::max_queued_disk_bytes, 16 << 20);
    p.set_int(sp::request_queue_time, 2);
    p.set_int(sp::recv_socket_buffer_size,
              peer_receive_buffer(s.peer_receive_buffer, kernel_receive_buffer_max()));

    // The session starts with the fast tick; the engine slows it while all is idle
    // (tick_rate.h).
    p.set_int(sp::tick_interval, kBusyTickMs);

    // Shutdown should take seconds, not the default tracker timeout.
    p.set_int(sp::stop_tracker_timeout, 2);

    p.set_int(sp::alert_queue_size, 100000);
    p.set_int(
        sp::alert_mask,
        static_cast<int>(static_cast<std::uint32_t>(
            lt::alert_category::error | lt::alert_category::status | lt::alert_category::storage |
            lt::alert_category::tracker | lt::alert_category::port_mapping |
            lt::alert_category::file_progress | lt::alert_category::piece_progress)));
    return p;
}

}  // namespace shoal::engine
