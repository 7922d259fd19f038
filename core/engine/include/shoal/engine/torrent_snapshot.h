// TorrentSnapshot: the engine's view of one torrent at one moment, as plain values.
// Subscribers receive these in batched deltas (TorrentUpdate) with the set of fields that
// changed, so a view can repaint only the cells that moved.
#pragma once

#include <shoal/engine/torrent_id.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace shoal::engine {

enum class TorrentState : std::uint8_t {
    checking_resume_data,  // validating saved state at start
    checking_files,        // hashing data on disk (recheck, or no resume data)
    fetching_metadata,     // magnet: waiting for the info dictionary from peers
    downloading,
    finished,  // every selected file complete, some unselected pieces missing
    seeding,   // every piece present
    moving,    // storage being moved to a new save path
};

// Groups of snapshot fields; a change notification names the groups that differ.
enum class Field : std::uint32_t {
    identity = 1u << 0,  // name, hashes, save_path, has_metadata, is_private
    state = 1u << 1,     // state, paused, queued, sequential, error
    progress = 1u << 2,  // progress, sizes done/wanted/total, pieces
    transfer = 1u << 3,  // rates, session/all-time totals, ratio, eta
    swarm = 1u << 4,     // connected peers/seeds, swarm counts, availability
    times = 1u << 5,     // added/completed/active/seeding times
    limits = 1u << 6,    // rate limits, queue position, share limits
    tracker = 1u << 7,   // current tracker and its message
};

class FieldSet {
  public:
    constexpr FieldSet() = default;
    constexpr FieldSet(Field f) : bits_(static_cast<std::uint32_t>(f)) {}  // NOLINT
    static constexpr FieldSet all() { return FieldSet(0xffu); }
    constexpr bool has(Field f) const { return (bits_ & static_cast<std::uint32_t>(f)) != 0; }
    constexpr bool empty() const { return bits_ == 0; }
    constexpr FieldSet& operator|=(FieldSet o) {
        bits_ |= o.bits_;
        return *this;
    }
    constexpr bool operator==(const FieldSet&) const = default;

  private:
    constexpr explicit FieldSet(std::uint32_t bits) : bits_(bits) {}
    std::uint32_t bits_ = 0;
};

struct TorrentSnapshot {
    TorrentId id;
    InfoHashes hashes;
    std::string name;
    std::string save_path;
    bool has_metadata = false;
    bool is_private = false;

    TorrentState state = TorrentState::checking_resume_data;
    bool paused = false;      // stopped by the user
    bool queued = false;      // waiting for a queue slot
    bool forced = false;      // force-started: runs whatever the queue limits
    bool sequential = false;  // pieces fetched in order
    std::string error;        // non-empty when the torrent stopped on an error

    double progress = 0;           // 0..1 of the selected data
    std::int64_t total_size = 0;   // all files
    std::int64_t wanted_size = 0;  // selected files
    std::int64_t wanted_done = 0;  // verified bytes of selected files
    std::int64_t total_done = 0;   // verified bytes of all files
    int num_pieces = 0;
    int pieces_done = 0;
    int piece_size = 0;

    std::int64_t download_rate = 0;  // payload bytes/s
    std::int64_t upload_rate = 0;
    std::int64_t downloaded_session = 0;  // payload bytes since this engine started
    std::int64_t uploaded_session = 0;
    std::int64_t downloaded_total = 0;  // payload bytes, all time
    std::int64_t uploaded_total = 0;
    double ratio = 0;                 // uploaded_total / max(downloaded_total, done)
    std::optional<std::int64_t> eta;  // seconds until complete; nullopt if unknown

    int peers = 0;            // connected peers (including seeds)
    int seeds = 0;            // connected seeds
    int swarm_seeds = -1;     // from trackers/DHT scrape; -1 unknown
    int swarm_peers = -1;     // leechers in the swarm; -1 unknown
    double availability = 0;  // distributed copies; -1 unknown

    std::int64_t added_time = 0;      // Unix seconds
    std::int64_t completed_time = 0;  // Unix seconds, 0 if never
    std::int64_t active_seconds = 0;
    std::int64_t seeding_seconds = 0;

    int download_limit = 0;  // bytes/s, 0 unlimited
    int upload_limit = 0;
    int queue_position = -1;               // -1 when not in the download queue
    double ratio_limit = -2;               // -2: the global setting, -1: none
    std::int64_t seeding_time_limit = -2;  // minutes; -2: the global setting, -1: none

    std::string current_tracker;
    std::string tracker_message;

    // Which field groups differ from `other` (used to compute deltas).
    FieldSet differs_from(const TorrentSnapshot& other) const;
};

// "downloading", "seeding", "paused", "queued", "checking", "fetching metadata", "error"...
std::string display_state(const TorrentSnapshot& s);

struct SessionStats {
    std::int64_t download_rate = 0;  // payload bytes/s, all torrents
    std::int64_t upload_rate = 0;
    std::int64_t downloaded_session = 0;
    std::int64_t uploaded_session = 0;
    int dht_nodes = 0;
    int num_torrents = 0;
    int num_peers = 0;
    std::vector<std::string> listen_endpoints;  // "0.0.0.0:6881"
    bool operator==(const SessionStats&) const = default;
};

struct ChangedTorrent {
    TorrentSnapshot snapshot;
    FieldSet fields;
};

// One batch for subscribers: what appeared, what changed and what disappeared since the
// previous batch.
struct TorrentUpdate {
    std::vector<TorrentSnapshot> added;
    std::vector<ChangedTorrent> changed;
    std::vector<TorrentId> removed;
    std::optional<SessionStats> stats;
    bool empty() const { return added.empty() && changed.empty() && removed.empty() && !stats; }
};

// Brings a subscriber's copy of the table up to date with one batch.
void apply_update(const TorrentUpdate& update, std::map<TorrentId, TorrentSnapshot>& table);

}  // namespace shoal::engine
