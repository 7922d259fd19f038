#include "details_collector.h"

#include "lt_convert.h"
#include "snapshot_from_params.h"

#include <libtorrent/announce_entry.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/peer_info.hpp>
#include <libtorrent/torrent_info.hpp>
#include <libtorrent/torrent_status.hpp>

#include <chrono>

namespace shoal::engine {
namespace {

// `progress`: verified bytes per file; `priorities`: per file (missing ones: normal).
std::vector<FileEntry> files_of(const lt::torrent_info& ti,
                                const std::vector<std::int64_t>& progress,
                                const std::vector<lt::download_priority_t>& priorities,
                                const std::vector<std::string>& v1_roots) {
    std::vector<FileEntry> out;
    const auto& fs = ti.files();
    const bool v2 = ti.info_hashes().has_v2();
    for (auto i : fs.file_range()) {
        if (fs.pad_file_at(i)) continue;
        FileEntry f;
        f.index = static_cast<int>(i);
        f.path = fs.file_path(i);
        f.size = fs.file_size(i);
        const auto idx = static_cast<std::size_t>(static_cast<int>(i));
        f.done = idx < progress.size() ? progress[idx] : 0;
        const auto prio = idx < priorities.size() ? static_cast<std::uint8_t>(priorities[idx]) : 4;
        f.priority = prio == 0  ? FilePriority::skip
                     : prio < 4 ? FilePriority::low
                     : prio > 4 ? FilePriority::high
                                : FilePriority::normal;
        if (v2 && f.size > 0)
            f.pieces_root = digest_hex(fs.root(i));
        else if (idx < v1_roots.size())
            f.pieces_root = v1_roots[idx];
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<FileEntry> files_of(const lt::torrent_handle& h, const lt::torrent_info& ti,
                                const std::vector<std::string>& v1_roots) {
    std::vector<std::int64_t> progress;
    h.file_progress(progress);
    return files_of(ti, progress, h.get_file_priorities(), v1_roots);
}

std::vector<TrackerEntry> trackers_of(const lt::torrent_handle& h) {
    std::vector<TrackerEntry> out;
    const auto now = lt::clock_type::now();
    for (const lt::announce_entry& ae : h.trackers()) {
        TrackerEntry t;
        t.url = ae.url;
        t.tier = ae.tier;
        bool updating = false, working = false, failed = false, contacted = false;
        for (const auto& ep : ae.endpoints) {
            for (const auto& ih : ep.info_hashes) {
                updating = updating || ih.updating;
                const bool tried = ih.fails > 0 || ih.start_sent;
                contacted = contacted || tried;
                if (ih.last_error) {
                    failed = true;
                    t.message = ih.message.empty() ? ih.last_error.message() : ih.message;
                } else if (tried) {
                    working = true;
                    if (!ih.message.empty()) t.message = ih.message;
                }
                t.seeds = std::max(t.seeds, ih.scrape_complete);
                t.peers = std::max(t.peers, ih.scrape_incomplete);
                t.downloaded = std::max(t.downloaded, ih.scrape_downloaded);
                if (ih.next_announce > now) {
                    auto secs =
                        std::chrono::duration_cast<std::chrono::seconds>(ih.next_announce - now)
                            .count();
                    if (t.next_announce_in < 0 || secs < t.next_announce_in)
                        t.next_announce_in = secs;
                }
            }
        }
        t.status = updating    ? "updating"
                   : working   ? "working"
                   : failed    ? "error"
                   : contacted ? "working"
                               : "not contacted";
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<PeerEntry> peers_of(const lt::torrent_handle& h) {
    std::vector<lt::peer_info> infos;
    h.get_peer_info(infos);
    std::vector<PeerEntry> out;
    out.reserve(infos.size());
    for (const auto& pi : infos) {
        PeerEntry p;
        const auto addr = pi.ip.address().to_string();
        p.address = (pi.ip.address().is_v6() ? "[" + addr + "]" : addr) + ":" +
                    std::to_string(pi.ip.port());
        p.client = pi.client;
        auto flag = [&](bool on, const char* letter) {
            if (!on) return;
            if (!p.flags.empty()) p.flags += ' ';
            p.flags += letter;
        };
        // Letters as qBittorrent shows them.
        flag((pi.flags & lt::peer_info::interesting) && !(pi.flags & lt::peer_info::choked), "D");
        flag((pi.flags & lt::peer_info::interesting) && (pi.flags & lt::peer_info::choked), "d");
        flag((pi.flags & lt::peer_info::remote_interested) &&
                 !(pi.flags & lt::peer_info::remote_choked),
             "U");
        flag((pi.flags & lt::peer_info::remote_interested) &&
                 (pi.flags & lt::peer_info::remote_choked),
             "u");
        flag(static_cast<bool>(pi.flags & lt::peer_info::rc4_encrypted), "E");
        flag(static_cast<bool>(pi.flags & lt::peer_info::utp_socket), "P");
        flag(static_cast<bool>(pi.source & lt::peer_info::dht), "H");
        flag(static_cast<bool>(pi.source & lt::peer_info::pex), "X");
        flag(static_cast<bool>(pi.source & lt::peer_info::lsd), "L");
        flag(static_cast<bool>(pi.source & lt::peer_info::tracker), "T");
        flag(static_cast<bool>(pi.flags & lt::peer_info::local_connection), "I");
        p.connection = pi.connection_type == lt::peer_info::web_seed ||
                               pi.connection_type == lt::peer_info::http_seed
                           ? "Web"
                       : (pi.flags & lt::peer_info::utp_socket) ? "uTP"
                                                                : "BT";
        p.download_rate = pi.payload_down_speed;
        p.upload_rate = pi.payload_up_speed;
        p.downloaded = pi.total_download;
        p.uploaded = pi.total_upload;
        p.progress = pi.progress;
        p.is_seed = static_cast<bool>(pi.flags & lt::peer_info::seed);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<PieceState> pieces_of(const lt::torrent_handle& h) {
    const lt::torrent_status st = h.status(lt::torrent_handle::query_pieces);
    std::vector<PieceState> out(static_cast<std::size_t>(st.pieces.size()), PieceState::missing);
    for (int i = 0; i < st.pieces.size(); ++i)
        if (st.pieces[lt::piece_index_t(i)]) out[static_cast<std::size_t>(i)] = PieceState::have;
    std::vector<lt::partial_piece_info> queue;
    h.get_download_queue(queue);
    for (const auto& pp : queue) {
        const auto idx = static_cast<std::size_t>(static_cast<int>(pp.piece_index));
        if (idx < out.size() && out[idx] == PieceState::missing) out[idx] = PieceState::downloading;
    }
    return out;
}

// What the metadata itself says.
void describe_metadata(const lt::torrent_info& ti, TorrentDetails& d) {
    for (const auto& ws : ti.web_seeds())
        d.web_seeds.push_back(ws.url);
    d.comment = ti.comment();
    d.creator = ti.creator();
    d.creation_date = static_cast<std::int64_t>(ti.creation_date());
}

}  // namespace

TorrentDetails collect_details(const TorrentEntry& entry, const DetailRequest& what) {
    TorrentDetails d;
    d.id = entry.id;
    const lt::torrent_handle& h = entry.handle;
    auto ti = h.torrent_file();
    if (ti && ti->is_valid()) {
        if (what.files) d.files = files_of(h, *ti, entry.extras.v1_roots);
        describe_metadata(*ti, d);
    }
    if (what.trackers) d.trackers = trackers_of(h);
    if (what.peers) d.peers = peers_of(h);
    if (what.pieces) d.pieces = pieces_of(h);
    d.magnet_uri = lt::make_magnet_uri(h);
    return d;
}

TorrentDetails collect_parked_details(const TorrentEntry& entry, const lt::add_torrent_params& p,
                                      const DetailRequest& what) {
    TorrentDetails d;
    d.id = entry.id;
    if (p.ti && p.ti->is_valid()) {
        const auto& fs = p.ti->files();
        if (what.files) {
            std::vector<std::int64_t> progress(static_cast<std::size_t>(fs.num_files()), 0);
            for_each_file_piece(fs, [&](int file, int piece, std::int64_t bytes) {
                if (has_piece(p, piece)) progress[static_cast<std::size_t>(file)] += bytes;
            });
            d.files = files_of(*p.ti, progress, p.file_priorities, entry.extras.v1_roots);
        }
        describe_metadata(*p.ti, d);
        if (what.pieces) {
            d.pieces.assign(static_cast<std::size_t>(fs.num_pieces()), PieceState::missing);
            for (int i = 0; i < fs.num_pieces(); ++i)
                if (has_piece(p, i))
                    d.pieces[static_cast<std::size_t>(i)] = PieceState::have;
                else if (p.unfinished_pieces.count(lt::piece_index_t(i)))
                    d.pieces[static_cast<std::size_t>(i)] = PieceState::downloading;
        }
    }
    // Paused since it was saved: no tracker contacted, no peer connected.
    if (what.trackers)
        for (std::size_t i = 0; i < p.trackers.size(); ++i) {
            TrackerEntry t;
            t.url = p.trackers[i];
            t.tier = i < p.tracker_tiers.size() ? p.tracker_tiers[i] : 0;
            t.status = "not contacted";
            d.trackers.push_back(std::move(t));
        }
    d.magnet_uri = lt::make_magnet_uri(p);
    return d;
}

}  // namespace shoal::engine
