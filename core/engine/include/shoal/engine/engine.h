// Engine: Shoal's BitTorrent session. It owns one thread that drives libtorrent; its API
// never blocks the caller. Commands are posted to that thread and answered through
// callbacks; torrent state comes back as batched deltas (TorrentUpdate) and one-off
// events (EngineEvent). Callbacks run on the engine thread: a GUI marshals them to its
// own thread, a command-line job hands them to its main loop.
#pragma once

#include <shoal/common/result.h>
#include <shoal/engine/add_request.h>
#include <shoal/engine/engine_event.h>
#include <shoal/engine/settings.h>
#include <shoal/engine/torrent_details.h>
#include <shoal/engine/torrent_snapshot.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace shoal::engine {

struct EngineConfig {
    std::filesystem::path profile_dir;  // where torrents, resume data and session state live
    Settings settings;
    // true: every torrent saved in the profile is restored at start (desktop app, daemon).
    // false: saved state is used only for torrents added again (one-shot commands).
    bool restore_torrents = true;
    std::chrono::milliseconds update_interval{1000};
};

enum class RemoveMode { keep_data, delete_data };
enum class QueueMove { top, up, down, bottom };

template <class T>
using Callback = std::function<void(T)>;

// "2.0.8": the libtorrent Shoal runs on, for "about" screens and APIs.
std::string libtorrent_version();

class Engine {
  public:
    explicit Engine(EngineConfig config);
    ~Engine();  // shuts down if still running
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Subscribers are called on the engine thread. One registered before start() hears
    // everything; one registered after hears what comes after the calls queued before it
    // (a subscriber registered before an add hears that torrent's every update and event).
    void on_update(std::function<void(const TorrentUpdate&)> callback);
    void on_event(std::function<void(const EngineEvent&)> callback);
    // Hash the BEP 52 roots of v1 torrents' files from their pieces as they pass (a worker
    // thread, ~0.6 s of one core per GiB), so that torrent_finished's details carry them.
    // Call before start(): after it, the call changes nothing.
    void hash_v1_roots();

    // Starts the engine thread, the session and (if configured) restores the profile's
    // torrents. Returns at once; session_ready or listen_failed events follow.
    void start();

    void add(AddRequest request, Callback<Result<TorrentId>> done = {});
    void pause(const TorrentId& id);
    void resume(const TorrentId& id);
    void remove(const TorrentId& id, RemoveMode mode, Callback<Result<void>> done = {});
    void recheck(const TorrentId& id);
    void reannounce(const TorrentId& id);
    void move_storage(const TorrentId& id, std::filesystem::path destination);
    void set_rate_limits(const TorrentId& id, int download_limit, int upload_limit);
    void set_share_limits(const TorrentId& id, double ratio_limit, std::int64_t seeding_time_limit);
    void set_sequential(const TorrentId& id, bool sequential);
    // Moves the torrent in the download queue (when queueing is on).
    void move_in_queue(const TorrentId& id, QueueMove move);
    // A force-started torrent runs whatever the queue limits; false returns it to the queue.
    void set_force_start(const TorrentId& id, bool force);
    void set_file_priorities(const TorrentId& id,
                             std::vector<std::pair<int, FilePriority>> priorities);
    void connect_peer(const TorrentId& id, std::string host_port);
    void details(const TorrentId& id, DetailRequest what, Callback<Result<TorrentDetails>> done);
    // Fetches a magnet's metadata from peers (trackers, DHT, x.pe) for an add dialog,
    // downloading no payload and keeping nothing; `done` gets the .torrent's bytes.
    void fetch_metadata(std::string magnet_uri, Callback<Result<std::string>> done);
    void cancel_metadata(const TorrentId& id);
    // Calls `done` on the engine thread once everything it was doing or had queued when this
    // was called has run, and delivered the updates and events it published: the events of
    // an update seen now have reached every subscriber by then. Where the engine does not
    // run (not started, or stopped), `done` is called at once. Never wait for it on the
    // engine's own thread.
    void sync(std::function<void()> done);

    // Applies settings live; with persist, also writes them to the profile.
    void apply_settings(Settings settings, bool persist = true);
    Settings settings() const;

    // Ordered shutdown: stops taking commands, saves resume data of modified torrents (up to
    // `deadline`), writes session state, closes the session. Blocks the caller until done:
    // call it off any GUI thread.
    void shutdown(std::chrono::milliseconds deadline = std::chrono::seconds(5));

    class Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace shoal::engine
