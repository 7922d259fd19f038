#include "snapshot_from_status.h"

#include "lt_convert.h"

#include <libtorrent/torrent_info.hpp>

#include <algorithm>

namespace shoal::engine {
namespace {

TorrentState state_of(const lt::torrent_status& st) {
    if (st.moving_storage) return TorrentState::moving;
    switch (st.state) {
        case lt::torrent_status::checking_resume_data:
            return TorrentState::checking_resume_data;
        case lt::torrent_status::checking_files:
            return TorrentState::checking_files;
        case lt::torrent_status::downloading_metadata:
            return TorrentState::fetching_metadata;
        case lt::torrent_status::downloading:
            return TorrentState::downloading;
        case lt::torrent_status::finished:
            return TorrentState::finished;
        case lt::torrent_status::seeding:
            return TorrentState::seeding;
        default:
            return TorrentState::checking_files;
    }
}

}  // namespace

void copy_limits(const TorrentExtras& extras, TorrentSnapshot& s) {
    s.download_limit = extras.download_limit;
    s.upload_limit = extras.upload_limit;
    s.ratio_limit = extras.ratio_limit;
    s.seeding_time_limit = extras.seeding_time_limit;
}

void copy_extras(const TorrentExtras& extras, TorrentSnapshot& s) {
    s.total_size = std::max<std::int64_t>(extras.total_size, 0);
    s.downloaded_total = extras.counters.downloaded;
    s.uploaded_total = extras.counters.uploaded;
    s.ratio = share_ratio(s.uploaded_total, s.downloaded_total, s.total_done);
    copy_limits(extras, s);
    s.tracker_message = extras.tracker_message;
}

double share_ratio(std::int64_t uploaded_total, std::int64_t downloaded_total,
                   std::int64_t total_done) {
    const std::int64_t base = std::max(downloaded_total, total_done);
    return base > 0 ? static_cast<double>(uploaded_total) / static_cast<double>(base) : 0;
}

TorrentSnapshot snapshot_from_status(const TorrentId& id, const lt::torrent_status& st,
                                     const TorrentExtras& extras) {
    TorrentSnapshot s;
    s.id = id;
    s.hashes = to_hashes(st.info_hashes);
    s.name = st.name.empty() ? id.hex() : st.name;
    s.save_path = st.save_path;
    s.has_metadata = st.has_metadata;
    if (auto ti = st.torrent_file.lock()) {
        s.is_private = ti->priv();
        s.piece_size = ti->is_valid() ? ti->piece_length() : 0;
        s.num_pieces = ti->is_valid() ? ti->num_pieces() : 0;
    }

    s.state = state_of(st);
    const bool paused = static_cast<bool>(st.flags & lt::torrent_flags::paused);
    const bool managed = static_cast<bool>(st.flags & lt::torrent_flags::auto_managed);
    s.paused = paused && !managed;
    s.queued = paused && managed;
    s.forced = extras.force_started && !paused && !managed;
    s.sequential = static_cast<bool>(st.flags & lt::torrent_flags::sequential_download);
    if (st.errc) {
        s.error = st.errc.message();
        if (st.error_file == lt::torrent_status::error_file_metadata)
            s.error += " (metadata)";
        else if (st.error_file >= lt::file_index_t{0}) {
            if (auto ti = st.torrent_file.lock(); ti && ti->is_valid())
                s.error += " (" + ti->files().file_path(st.error_file, st.save_path) + ")";
        }
    }

    s.progress = st.progress_ppm / 1e6;
    // 100% means done and on disk. libtorrent counts blocks not yet checked, and with threaded
    // disk I/O the last piece can pass its check (is_finished) before its blocks are written
    // (num_pieces counts written pieces), even before torrent_finished reaches the engine.
    const bool unwritten_seed =
        st.state == lt::torrent_status::seeding && st.num_pieces < s.num_pieces;
    if (s.progress >= 1.0 && (!st.is_finished || extras.finish_pending || unwritten_seed))
        s.progress = 0.999999;
    s.wanted_size = st.total_wanted;
    s.wanted_done = st.total_wanted_done;
    s.total_done = st.total_done;
    s.pieces_done = st.num_pieces;

    s.download_rate = st.download_payload_rate;
    s.upload_rate = st.upload_payload_rate;
    s.downloaded_session = st.total_payload_download;
    s.uploaded_session = st.total_payload_upload;
    const std::int64_t left = st.total_wanted - st.total_wanted_done;
    if (left <= 0 && st.has_metadata)
        s.eta = 0;
    else if (st.download_payload_rate > 0)
        s.eta = left / st.download_payload_rate;

    s.peers = st.num_peers;
    s.seeds = st.num_seeds;
    s.swarm_seeds = st.num_complete;
    s.swarm_peers = st.num_incomplete;
    s.availability = st.distributed_copies;

    s.added_time = st.added_time;
    s.completed_time = st.completed_time;
    s.active_seconds = st.active_duration.count();
    s.seeding_seconds = st.seeding_duration.count();

    s.queue_position = static_cast<int>(st.queue_position);

    s.current_tracker = st.current_tracker;
    copy_extras(extras, s);
    return s;
}

}  // namespace shoal::engine
