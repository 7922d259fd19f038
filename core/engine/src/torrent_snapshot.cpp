#include <shoal/engine/torrent_snapshot.h>

namespace shoal::engine {

FieldSet TorrentSnapshot::differs_from(const TorrentSnapshot& o) const {
    FieldSet f;
    if (name != o.name || hashes != o.hashes || save_path != o.save_path ||
        has_metadata != o.has_metadata || is_private != o.is_private)
        f |= Field::identity;
    if (state != o.state || paused != o.paused || queued != o.queued || forced != o.forced ||
        sequential != o.sequential || error != o.error)
        f |= Field::state;
    if (progress != o.progress || total_size != o.total_size || wanted_size != o.wanted_size ||
        wanted_done != o.wanted_done || total_done != o.total_done || num_pieces != o.num_pieces ||
        pieces_done != o.pieces_done || piece_size != o.piece_size)
        f |= Field::progress;
    if (download_rate != o.download_rate || upload_rate != o.upload_rate ||
        downloaded_session != o.downloaded_session || uploaded_session != o.uploaded_session ||
        downloaded_total != o.downloaded_total || uploaded_total != o.uploaded_total ||
        ratio != o.ratio || eta != o.eta)
        f |= Field::transfer;
    if (peers != o.peers || seeds != o.seeds || swarm_seeds != o.swarm_seeds ||
        swarm_peers != o.swarm_peers || availability != o.availability)
        f |= Field::swarm;
    if (added_time != o.added_time || completed_time != o.completed_time ||
        active_seconds != o.active_seconds || seeding_seconds != o.seeding_seconds)
        f |= Field::times;
    if (download_limit != o.download_limit || upload_limit != o.upload_limit ||
        queue_position != o.queue_position || ratio_limit != o.ratio_limit ||
        seeding_time_limit != o.seeding_time_limit)
        f |= Field::limits;
    if (current_tracker != o.current_tracker || tracker_message != o.tracker_message)
        f |= Field::tracker;
    return f;
}

void apply_update(const TorrentUpdate& update, std::map<TorrentId, TorrentSnapshot>& table) {
    for (const auto& s : update.added)
        table[s.id] = s;
    for (const auto& c : update.changed)
        table[c.snapshot.id] = c.snapshot;
    for (const auto& id : update.removed)
        table.erase(id);
}

std::string display_state(const TorrentSnapshot& s) {
    if (!s.error.empty()) return "error";
    switch (s.state) {
        case TorrentState::checking_resume_data:
        case TorrentState::checking_files:
            return "checking";
        case TorrentState::moving:
            return "moving";
        default:
            break;
    }
    if (s.paused) return "paused";
    if (s.queued) return "queued";
    switch (s.state) {
        case TorrentState::fetching_metadata:
            return "fetching metadata";
        case TorrentState::downloading:
            return s.download_rate > 0 ? "downloading" : "stalled";
        case TorrentState::finished:
            return "finished";
        case TorrentState::seeding:
            return "seeding";
        default:
            return "unknown";
    }
}

}  // namespace shoal::engine
