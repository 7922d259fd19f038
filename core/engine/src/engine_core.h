// EngineCore: the engine thread and everything it owns: the io_context it runs, the
// libtorrent session, the torrent table, the profile store and the subscribers. The
// public Engine posts commands here; alert handlers (by concern, in *_alerts.cpp) update
// the state through it (internal).
#pragma once

#include "add_params.h"
#include "alert_router.h"
#include "data_checks.h"
#include "live_roots.h"
#include "metadata_probes.h"
#include "publisher.h"
#include "resume_store.h"
#include "tick_rate.h"
#include "torrent_table.h"

#include <shoal/engine/engine.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <libtorrent/session.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>  // before Asio

namespace shoal::engine {

// Where a torrent handed to libtorrent comes from.
enum class AddOrigin {
    request,  // added by a user
    saved,    // added again by a one-shot command, continuing from its saved state
    restore,  // one of the profile's torrents, restored at start-up
    wake,     // a parked torrent that a command needs in the session
    checked,  // a torrent whose data on disk Shoal checked before adding it
};

struct PendingAdd {
    TorrentId id;
    Callback<Result<TorrentId>> done;
    TorrentExtras extras;
    std::vector<char> metainfo;
    std::vector<std::string> peer_names;
    std::string display_name;
    AddOrigin origin = AddOrigin::request;
    bool from_profile() const {
        return origin == AddOrigin::saved || origin == AddOrigin::restore ||
               origin == AddOrigin::wake;
    }
};

class EngineCore {
  public:
    explicit EngineCore(EngineConfig config);
    ~EngineCore();

    // --- any thread ---
    // Runs `fn` on the engine thread; once the engine is closing, runs `rejected` (if
    // given) on the caller's thread instead, so that no callback is silently lost.
    void post(std::function<void()> fn, std::function<void()> rejected = {});
    // Before start() nothing else touches the engine's state: runs `fn` here and now.
    // After it, as post().
    void run_or_post(std::function<void()> fn, std::function<void()> rejected = {});
    bool started() const { return started_; }
    void start();
    void shutdown(std::chrono::milliseconds deadline);
    Settings settings_copy() const;

    // --- engine thread: commands ---
    void add(AddRequest request, Callback<Result<TorrentId>> done);
    void remove(TorrentId id, RemoveMode mode, Callback<Result<void>> done);
    void apply_settings(Settings settings, bool persist);
    void connect_peer(const TorrentId& id, const std::string& host_port);
    TorrentEntry* find_or_report(const TorrentId& id);
    // Runs `fn` on the torrent once it is in libtorrent's session: at once, or when a parked
    // torrent has been added to it (paused); `failed` gets why it could not be. Reports a
    // torrent that does not exist.
    void with_live(const TorrentId& id, std::function<void(TorrentEntry&)> fn,
                   std::function<void(const std::string&)> failed = {});
    bool waking(const TorrentId& id) const { return waking_.contains(id); }
    // A parked torrent is in the session (or could not be added; then its commands fail).
    void woke(TorrentId id, const lt::torrent_handle& handle, const std::string& error);
    // A woken torrent has read its resume data (or stopped on an error): its commands run.
    void ready(TorrentId id);
    // A torrent of the profile restored at start-up was added (or refused): the next ones go.
    void restored_one();
    // The add of a torrent whose data Shoal is checking first (DataChecks), else null.
    const lt::add_torrent_params* checking_params(const TorrentId& id) const;

    // --- engine thread: shared with the alert handlers ---
    void save_resume(TorrentEntry& entry, lt::resume_data_flags_t flags = {});
    // Calls `then` once every write queued for the torrent so far is on disk.
    void flush(TorrentEntry& entry, std::function<void()> then);
    // Copies the entry's extras (limits) into its snapshot and announces the change.
    void refresh_extras(TorrentEntry& entry);
    void resume_save_finished();
    void report(EngineEvent::Kind kind, std::optional<TorrentId> id, std::string message);

    EngineConfig config;
    Settings settings;  // the engine thread's copy
    boost::asio::io_context ioc;
    std::unique_ptr<lt::session> session;
    AlertRouter router;
    TorrentTable table;
    Publisher publisher;
    std::unique_ptr<ResumeStore> store;
    std::unordered_map<PendingAdd*, std::unique_ptr<PendingAdd>> pending_adds;
    std::unordered_map<TorrentId, Callback<Result<void>>> pending_deletes;
    MetadataProbes probes{*this};
    LiveRoots live_roots{[this](std::function<void()> fn) { post(std::move(fn)); }};
    DataChecks checks{[this](std::function<void()> fn) { post(std::move(fn)); }};
    std::vector<std::string> listen_endpoints;
    bool closing = false;
    bool unclean_start = false;

    // libtorrent's tick: fast while the session has work, slow when all is idle. `work`:
    // libtorrent's latest counters (kept); the engine's own work is added here.
    void update_tick_rate(std::optional<SessionWork> work = std::nullopt);
    // A command that starts work was given to a torrent in the session (resume, force start,
    // recheck, reannounce, a peer to dial): the fast tick for the next 2 s, by when
    // libtorrent's counters show the work. Queries (details) do not call it: a details
    // panel polled every second would keep an idle session ticking fast.
    void quicken_tick();

  private:
    void run_session();
    void restore_profile();
    void restore_more();
    void submit(PreparedAdd prepared, Callback<Result<TorrentId>> done, AddOrigin origin);
    // Enters a torrent in the table from its add parameters alone, without a handle: listed
    // (once published) but not in libtorrent's session.
    TorrentEntry& list_outside_session(const TorrentId& id, const lt::add_torrent_params& p,
                                       TorrentExtras extras);
    // Lists a user-paused torrent of the profile from its saved state, outside the session.
    void park(PreparedAdd prepared);
    // Lists a torrent added with data on disk as checking while DataChecks checks it; it
    // enters the session (like a parked torrent woken) with the pieces found.
    void check_first(PreparedAdd prepared, Callback<Result<TorrentId>> done);
    void checked(const TorrentId& id, const PreparedAdd* key, Result<std::vector<bool>> found);
    void publish_check_progress();
    void pump_alerts();
    void schedule_tick();
    void schedule_resume_saves();
    void begin_shutdown(std::chrono::milliseconds deadline, std::function<void()> finished);
    void finish_shutdown();

    mutable std::mutex settings_mutex_;
    Settings settings_shared_;  // copy for settings_copy(), guarded by settings_mutex_
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::thread thread_;
    std::atomic<bool> started_{false};
    std::atomic<bool> stopped_{false};
    std::atomic<bool> alerts_posted_{false};
    boost::asio::steady_timer tick_timer_{ioc};
    boost::asio::steady_timer resume_timer_{ioc};
    boost::asio::steady_timer shutdown_timer_{ioc};
    int outstanding_resume_ = 0;
    int tick_ms_ = kBusyTickMs;  // what libtorrent was last told
    SessionWork session_work_;   // libtorrent's side of it, at the last stats
    std::chrono::steady_clock::time_point fast_until_{};
    // The profile's torrents are handed to libtorrent a batch at a time: each added torrent
    // leaves an alert carrying its whole add_torrent_params, and libtorrent's alert queue
    // keeps the largest size it ever reached.
    static constexpr int kRestoreBatch = 256;
    std::vector<TorrentId> to_restore_;              // not yet handed over, last first
    std::unordered_set<TorrentId> waiting_restore_;  // the same, to look up
    int restoring_ = 0;                              // handed over, not yet added
    // Parked torrents being added to the session, with the commands waiting for them.
    struct WakeWaiter {
        std::function<void(TorrentEntry&)> run;
        std::function<void(const std::string&)> failed;
    };
    std::unordered_map<TorrentId, std::vector<WakeWaiter>> waking_;
    // Torrents whose data DataChecks is checking before they are added, with their add.
    struct Checking {
        std::uint64_t check = 0;
        std::unique_ptr<PreparedAdd> prepared;
    };
    std::unordered_map<TorrentId, Checking> checking_;
    void fail_waiters(std::vector<WakeWaiter>& waiters, const std::string& why);
    // The settings that act on each torrent (PEX, connections per torrent).
    void apply_torrent_settings(const lt::torrent_handle& h);
    bool shutting_down_ = false;
    bool shutdown_finished_ = false;
    std::function<void()> on_shutdown_finished_;
};

}  // namespace shoal::engine
