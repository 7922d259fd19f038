#include "snapshot_from_params.h"

#include "lt_convert.h"
#include "snapshot_from_status.h"

#include <libtorrent/torrent_info.hpp>

#include <algorithm>
#include <vector>

namespace shoal::engine {
namespace {

struct Done {
    std::int64_t wanted = 0;
    std::int64_t wanted_done = 0;
    std::int64_t total_done = 0;
    int pieces = 0;  // the torrent has
};

// libtorrent's counting: a piece is wanted when a wanted file has bytes in it, and its bytes
// count where the torrent has it; padding counts nowhere.
Done count_done(const lt::add_torrent_params& p, const lt::file_storage& fs) {
    const auto pieces = static_cast<std::size_t>(fs.num_pieces());
    std::vector<std::int64_t> payload(pieces, 0);
    std::vector<bool> wanted(pieces, false);
    for_each_file_piece(fs, [&](int file, int piece, std::int64_t bytes) {
        const auto f = static_cast<std::size_t>(file);
        const auto i = static_cast<std::size_t>(piece);
        payload[i] += bytes;
        wanted[i] =
            wanted[i] || f >= p.file_priorities.size() || p.file_priorities[f] > lt::dont_download;
    });
    Done d;
    for (std::size_t i = 0; i < pieces; ++i) {
        const bool have = has_piece(p, static_cast<int>(i));
        if (have) {
            d.total_done += payload[i];
            ++d.pieces;
        }
        if (wanted[i]) d.wanted += payload[i];
        if (wanted[i] && have) d.wanted_done += payload[i];
    }
    return d;
}

}  // namespace

void for_each_file_piece(const lt::file_storage& fs,
                         const std::function<void(int file, int piece, std::int64_t bytes)>& fn) {
    const std::int64_t piece_len = fs.piece_length();
    for (const lt::file_index_t f : fs.file_range()) {
        const std::int64_t size = fs.file_size(f);
        if (fs.pad_file_at(f) || size == 0) continue;
        const std::int64_t begin = fs.file_offset(f);
        const std::int64_t end = begin + size;
        for (std::int64_t piece = begin / piece_len; piece * piece_len < end; ++piece)
            fn(static_cast<int>(f), static_cast<int>(piece),
               std::min(end, (piece + 1) * piece_len) - std::max(begin, piece * piece_len));
    }
}

bool has_piece(const lt::add_torrent_params& params, int piece) {
    if (params.flags & lt::torrent_flags::seed_mode) return true;
    return piece < params.have_pieces.size() && params.have_pieces[lt::piece_index_t(piece)];
}

std::int64_t payload_size(const lt::torrent_info& ti) {
    const auto& fs = ti.files();
    std::int64_t total = 0;
    for (const auto f : fs.file_range())
        if (!fs.pad_file_at(f)) total += fs.file_size(f);
    return total;
}

TorrentSnapshot snapshot_from_params(const TorrentId& id, const lt::add_torrent_params& p,
                                     const TorrentExtras& extras) {
    TorrentSnapshot s;
    s.id = id;
    const bool metadata = p.ti && p.ti->is_valid();
    s.hashes = to_hashes(p.ti ? p.ti->info_hashes() : p.info_hashes);
    s.name = metadata ? p.ti->name() : p.name;
    if (s.name.empty()) s.name = id.hex();
    s.save_path = p.save_path;
    s.has_metadata = metadata;
    s.paused = true;
    s.sequential = static_cast<bool>(p.flags & lt::torrent_flags::sequential_download);
    s.state = TorrentState::fetching_metadata;
    if (metadata) {
        s.is_private = p.ti->priv();
        s.piece_size = p.ti->piece_length();
        s.num_pieces = p.ti->num_pieces();
        const Done d = count_done(p, p.ti->files());
        s.wanted_size = d.wanted;
        s.wanted_done = d.wanted_done;
        s.total_done = d.total_done;
        s.pieces_done = d.pieces;
        s.state = s.pieces_done == s.num_pieces    ? TorrentState::seeding
                  : s.wanted_done == s.wanted_size ? TorrentState::finished
                                                   : TorrentState::downloading;
        s.progress = s.wanted_size > 0
                         ? static_cast<double>(s.wanted_done) / static_cast<double>(s.wanted_size)
                         : 1.0;
        if (s.wanted_done == s.wanted_size) s.eta = 0;
    }
    s.swarm_seeds = p.num_complete;
    s.swarm_peers = p.num_incomplete;

    s.added_time = p.added_time;
    s.completed_time = p.completed_time;
    s.active_seconds = p.active_time;
    s.seeding_seconds = p.seeding_time;

    copy_extras(extras, s);
    return s;
}

}  // namespace shoal::engine
