// EngineEvent: things that happen once (a download completed, an error, a port bound),
// delivered to subscribers alongside the snapshot deltas.
#pragma once

#include <shoal/engine/torrent_id.h>

#include <optional>
#include <string>

namespace shoal::engine {

struct EngineEvent {
    enum class Kind {
        torrent_added,     // added by a request
        torrent_restored,  // brought back from the profile at start
        torrent_removed,
        metadata_received,
        torrent_finished,  // every selected piece downloaded and verified
        torrent_checked,   // a check of the data on disk ended
        torrent_error,     // the torrent stopped: message says why
        file_error,        // a read or write failed: message names the file
        tracker_error,
        storage_moved,
        storage_move_failed,
        seeding_limit_reached,  // ratio or seeding time limit: the torrent was paused
        listen_succeeded,       // message: "0.0.0.0:6881"
        listen_failed,          // message: what could not be bound and why
        resume_save_failed,
        session_ready,    // the session runs; saved torrents follow (torrent_restored)
        session_stopped,  // shutdown finished
    };
    Kind kind;
    std::optional<TorrentId> torrent;
    std::string message;
};

}  // namespace shoal::engine
