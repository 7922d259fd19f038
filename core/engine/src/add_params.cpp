#include "add_params.h"

#include "load_torrent_info.h"
#include "lt_convert.h"

#include <shoal/engine/metainfo.h>

#include <libtorrent/address.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/torrent_flags.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace shoal::engine {
namespace {

// "1.2.3.4:5", "[::1]:5" -> endpoint; nullopt for host names (resolved later).
std::optional<lt::tcp::endpoint> parse_endpoint(std::string_view text) {
    std::string_view host;
    std::string_view port;
    if (text.starts_with("[")) {
        auto close = text.find("]:");
        if (close == std::string_view::npos) return std::nullopt;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string_view::npos) return std::nullopt;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    int p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc{} || ptr != port.data() + port.size() || p <= 0 || p > 65535)
        return std::nullopt;
    lt::error_code aec;
    auto addr = lt::make_address(std::string(host), aec);
    if (aec) return std::nullopt;
    return lt::tcp::endpoint(addr, static_cast<std::uint16_t>(p));
}

bool valid_host_port(std::string_view text) {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    int p = 0;
    auto port = text.substr(colon + 1);
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    return ec == std::errc{} && ptr == port.data() + port.size() && p > 0 && p <= 65535;
}

Result<void> check_writable_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return bad_input("cannot save to '" + dir.string() + "': " + ec.message());
    if (!std::filesystem::is_directory(dir, ec))
        return bad_input("cannot save to '" + dir.string() + "': not a directory");
    // access() says yes to root on read-only file systems; try a real file.
    const auto probe = dir / (".shoal-write-test-" + std::to_string(::getpid()));
    {
        std::ofstream out(probe);
        if (!out)
            return bad_input("cannot save to '" + dir.string() +
                             "': the directory is not writable");
    }
    std::filesystem::remove(probe, ec);
    return {};
}

}  // namespace

TorrentId id_of(const lt::add_torrent_params& params) {
    return to_id(params.ti ? params.ti->info_hashes() : params.info_hashes);
}

std::filesystem::path effective_save_path(const AddRequest& request, const Settings& settings) {
    std::filesystem::path p = request.save_path;
    if (p.empty()) p = settings.default_save_path;
    if (p.empty()) {
        const char* home = std::getenv("HOME");
        p = std::filesystem::path(home && *home ? home : ".") / "Downloads";
    }
    std::error_code ec;
    auto abs = std::filesystem::absolute(p, ec);
    return (ec ? p : abs).lexically_normal();
}

Result<PreparedAdd> prepare_add(const AddRequest& request, const Settings& settings) {
    PreparedAdd out;
    lt::add_torrent_params& p = out.params;
    // Held as a flag and a vector: GCC 12 warns (wrongly) that an optional vector copied here
    // may be used uninitialized.
    bool selected = request.selected_files.has_value();
    std::vector<int> selection = request.selected_files.value_or(std::vector<int>{});

    if (const auto* meta = std::get_if<MetainfoSource>(&request.source)) {
        auto ti = load_torrent_info(meta->bytes, meta->origin);
        if (!ti) return ti.error();
        p.ti = *ti;
        out.metainfo.assign(meta->bytes.begin(), meta->bytes.end());
        out.display_name = meta->origin;
    } else if (const auto* magnet = std::get_if<MagnetSource>(&request.source)) {
        auto info = parse_magnet(magnet->uri);
        if (!info) return info.error();
        lt::error_code ec;
        lt::parse_magnet_uri(lt::string_view(magnet->uri.data(), magnet->uri.size()), p, ec);
        if (ec)
            return bad_input("cannot read magnet '" + shorten(magnet->uri) + "': " + ec.message());
        // The selection is ours to apply (libtorrent's leaves unlisted files wanted).
        p.file_priorities.clear();
        if (!selected && info->selected_files) {
            selected = true;
            selection = *info->selected_files;
        }
        out.display_name = info->name.empty() ? info->id.hex() : info->name;
    } else {
        return bad_input("cannot add torrent: a URL must be fetched first");
    }
    out.id = id_of(p);

    const auto save_path = effective_save_path(request, settings);
    if (auto r = check_writable_dir(save_path); !r) return r.error();
    p.save_path = save_path.string();

    p.flags = lt::torrent_flags::update_subscribe | lt::torrent_flags::apply_ip_filter |
              lt::torrent_flags::need_save_resume;
    if (request.paused)
        p.flags |= lt::torrent_flags::paused;
    else if (settings.queueing_enabled)
        p.flags |= lt::torrent_flags::auto_managed;
    if (request.sequential) p.flags |= lt::torrent_flags::sequential_download;
    if (!settings.enable_pex) p.flags |= lt::torrent_flags::disable_pex;
    if (request.skip_checking) p.flags |= lt::torrent_flags::seed_mode;

    if (selected) {
        if (p.ti) {
            const int n = p.ti->num_files();
            for (int i : selection)
                if (i >= n)
                    return bad_input("cannot select file " + std::to_string(i) + " of '" +
                                     out.display_name + "': it has " + std::to_string(n) +
                                     " files (0 to " + std::to_string(n - 1) + ")");
        }
        const int top = selection.empty() ? 0 : selection.back() + 1;
        p.file_priorities.assign(static_cast<std::size_t>(top), lt::dont_download);
        for (int i : selection)
            p.file_priorities[static_cast<std::size_t>(i)] = lt::default_priority;
        p.flags |= lt::torrent_flags::default_dont_download;
    }

    for (const auto& peer : request.peers) {
        if (auto ep = parse_endpoint(peer))
            p.peers.push_back(*ep);
        else if (valid_host_port(peer))
            out.peer_names.push_back(peer);
        else
            return bad_input("cannot use peer '" + peer + "': expected HOST:PORT");
    }
    int tier = 0;
    for (int t : p.tracker_tiers)
        tier = std::max(tier, t + 1);
    if (p.ti)
        for (const auto& t : p.ti->trackers())
            tier = std::max(tier, t.tier + 1);
    for (const auto& url : request.extra_trackers) {
        p.trackers.push_back(url);
        p.tracker_tiers.resize(p.trackers.size() - 1, 0);
        p.tracker_tiers.push_back(tier++);
    }

    p.download_limit = request.download_limit > 0 ? request.download_limit : -1;
    p.upload_limit = request.upload_limit > 0 ? request.upload_limit : -1;
    p.max_connections = settings.connections_per_torrent;
    out.extras.download_limit = std::max(0, request.download_limit);
    out.extras.upload_limit = std::max(0, request.upload_limit);
    out.extras.ratio_limit = request.ratio_limit;
    out.extras.seeding_time_limit = request.seeding_time_limit;
    return out;
}

void merge_saved_state(lt::add_torrent_params& saved, lt::add_torrent_params&& fresh) {
    if (!saved.ti) saved.ti = std::move(fresh.ti);
    saved.flags = fresh.flags;
    if (!fresh.file_priorities.empty()) saved.file_priorities = std::move(fresh.file_priorities);
    saved.peers.insert(saved.peers.end(), fresh.peers.begin(), fresh.peers.end());
    for (std::size_t i = 0; i < fresh.trackers.size(); ++i) {
        if (std::find(saved.trackers.begin(), saved.trackers.end(), fresh.trackers[i]) !=
            saved.trackers.end())
            continue;
        saved.trackers.push_back(fresh.trackers[i]);
        saved.tracker_tiers.resize(saved.trackers.size() - 1, 0);
        saved.tracker_tiers.push_back(i < fresh.tracker_tiers.size() ? fresh.tracker_tiers[i] : 0);
    }
    saved.download_limit = fresh.download_limit;
    saved.upload_limit = fresh.upload_limit;
    saved.max_connections = fresh.max_connections;
}

}  // namespace shoal::engine
