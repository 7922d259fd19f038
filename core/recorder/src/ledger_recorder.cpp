#include "root_job.h"

#include <shoal/common/clock.h>
#include <shoal/recorder/ledger_recorder.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace shoal::recorder {
namespace {

using engine::EngineEvent;
using engine::TorrentId;
using engine::TorrentSnapshot;
using ledger::EntryKind;
using ledger::LedgerEntry;

LedgerEntry entry_from(EntryKind kind, std::int64_t time, const TorrentSnapshot& s) {
    LedgerEntry e;
    e.kind = kind;
    e.time = time;
    e.info_hash_v1 = s.hashes.v1;
    e.info_hash_v2 = s.hashes.v2;
    e.name = s.name;
    e.size = s.total_size;
    return e;
}

void add_files(LedgerEntry& e, const engine::TorrentDetails& d) {
    std::int64_t total = 0;
    for (const auto& f : d.files) {
        e.files.push_back({f.path, f.size, f.pieces_root});
        total += f.size;
    }
    if (!d.files.empty()) e.size = total;
}

// Whether a v1 torrent's details lack the root of a file it downloaded (the engine hashes
// them as pieces pass, but not files that were partly on disk before, say).
bool missing_roots(const engine::TorrentDetails& d) {
    for (const auto& f : d.files)
        if (f.size > 0 && f.priority != engine::FilePriority::skip && f.pieces_root.empty())
            return true;
    return false;
}

bool is_complete(const TorrentSnapshot& s) {
    return s.has_metadata &&
           (s.state == engine::TorrentState::seeding ||
            s.state == engine::TorrentState::finished) &&
           s.wanted_done >= s.wanted_size;
}

}  // namespace

class LedgerRecorder::Impl {
  public:
    Impl(engine::Engine& engine, ledger::Ledger& ledger, RecorderOptions options)
        : engine_(engine),
          ledger_(ledger),
          options_(std::move(options)),
          roots_(ledger, options_.root_threads, [this](LedgerEntry e) { push(std::move(e)); }) {
        if (!options_.now) options_.now = unix_now;
        engine.hash_v1_roots();
        last_seeded_round_ = std::chrono::steady_clock::now();
        engine.on_update([this](const engine::TorrentUpdate& u) { on_update(u); });
        engine.on_event([this](const EngineEvent& e) { on_event(e); });
        writer_ = std::thread([this] { write_loop(); });
    }

    ~Impl() { stop(); }

    void stop() {
        {
            std::lock_guard lock(mutex_);
            if (stopped_) return;
            stopped_ = true;
        }
        roots_.stop();
        seeded_round();
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        cv_.notify_all();
        writer_.join();
    }

    void flush(bool roots) {
        // The engine publishes a completion before its event: a caller who has just seen a
        // torrent complete has its `completed` entry queued once the engine is through.
        auto synced = std::make_shared<std::promise<void>>();
        auto through = synced->get_future();
        engine_.sync([synced] { synced->set_value(); });
        through.wait();  // an unrun callback, destroyed, breaks the promise: never a hang
        if (roots) roots_.wait_idle();
        std::unique_lock lock(mutex_);
        ++flushing_;  // someone waits: append now instead of gathering a batch
        cv_.notify_all();
        idle_cv_.wait(lock, [&] { return queue_.empty() && inflight_ == 0 && !appending_; });
        --flushing_;
    }

    void record(LedgerEntry e) { push(std::move(e)); }

    std::size_t pending_roots() const { return roots_.pending(); }
    std::pair<std::int64_t, std::int64_t> root_progress() const { return roots_.progress(); }

  private:
    // --- engine thread: only look and queue ---
    void on_update(const engine::TorrentUpdate& u) {
        std::vector<TorrentSnapshot> now_complete;
        {
            std::lock_guard lock(mutex_);
            for (const auto& s : u.added)
                snapshots_[s.id] = s;
            for (const auto& c : u.changed) {
                snapshots_[c.snapshot.id] = c.snapshot;
                if (!check_roots_.count(c.snapshot.id)) continue;
                if (is_complete(c.snapshot)) {
                    check_roots_.erase(c.snapshot.id);
                    now_complete.push_back(c.snapshot);
                } else if (c.snapshot.state == engine::TorrentState::downloading) {
                    // It completes in this session: `torrent_finished` records its roots.
                    check_roots_.erase(c.snapshot.id);
                }
            }
            // Removed torrents keep their last snapshot until their `removed` entry is made.
        }
        for (const auto& s : now_complete)
            resume_roots_if_missing(s);
    }

    void on_event(const EngineEvent& e) {
        if (!e.torrent) return;
        const TorrentId id = *e.torrent;
        const std::int64_t time = options_.now();
        switch (e.kind) {
            case EngineEvent::Kind::torrent_added:
                with_files(id,
                           [this, time](const TorrentSnapshot& s, const engine::TorrentDetails* d) {
                               LedgerEntry entry = entry_from(EntryKind::added, time, s);
                               if (d) add_files(entry, *d);
                               push(std::move(entry));
                           });
                break;
            case EngineEvent::Kind::torrent_restored: {
                // A v1 torrent that completed before its roots were recorded gets them now.
                std::lock_guard lock(mutex_);
                check_roots_.insert(id);
                break;
            }
            case EngineEvent::Kind::torrent_finished:
                with_files(id, [this, time](const TorrentSnapshot& s,
                                            const engine::TorrentDetails* d) {
                    LedgerEntry entry = entry_from(EntryKind::completed, time, s);
                    entry.uploaded = s.uploaded_total;
                    entry.downloaded = s.downloaded_total;
                    if (d) add_files(entry, *d);
                    // A v1 torrent's `completed` entry carries its roots only when it has
                    // them all; else a `hashed` entry follows, from the files on disk.
                    if (s.hashes.v2.empty() && d && missing_roots(*d)) {
                        for (auto& f : entry.files)
                            f.pieces_root.clear();
                        roots_.add(entry_from(EntryKind::hashed, time, s), s.save_path, d->files);
                    }
                    push(std::move(entry));
                });
                break;
            case EngineEvent::Kind::torrent_removed: {
                std::optional<TorrentSnapshot> last;
                {
                    std::lock_guard lock(mutex_);
                    if (auto it = snapshots_.find(id); it != snapshots_.end()) {
                        last = it->second;
                        snapshots_.erase(it);
                    }
                    check_roots_.erase(id);
                }
                if (!last) break;
                LedgerEntry entry = entry_from(EntryKind::removed, time, *last);
                entry.uploaded = last->uploaded_total;
                entry.downloaded = last->downloaded_total;
                push(std::move(entry));
                break;
            }
            default:
                break;
        }
    }

    // Asks the engine for the torrent's files (never waiting for it), then calls `make`.
    void with_files(
        const TorrentId& id,
        std::function<void(const TorrentSnapshot&, const engine::TorrentDetails*)> make) {
        {
            std::lock_guard lock(mutex_);
            ++inflight_;
        }
        engine::DetailRequest what;
        what.trackers = what.peers = what.pieces = false;
        engine_.details(id, what,
                        [this, id, make = std::move(make)](Result<engine::TorrentDetails> d) {
                            std::optional<TorrentSnapshot> s;
                            {
                                std::lock_guard lock(mutex_);
                                if (auto it = snapshots_.find(id); it != snapshots_.end())
                                    s = it->second;
                            }
                            if (s) make(*s, d ? &*d : nullptr);
                            std::lock_guard lock(mutex_);
                            --inflight_;
                            idle_cv_.notify_all();
                        });
    }

    void resume_roots_if_missing(const TorrentSnapshot& s) {
        if (!s.hashes.v2.empty() || s.hashes.v1.empty()) return;
        with_files(s.id, [this](const TorrentSnapshot& snap, const engine::TorrentDetails* d) {
            if (!d) return;
            // The ledger is read on the root job's own thread, not here.
            roots_.add(entry_from(EntryKind::hashed, options_.now(), snap), snap.save_path,
                       d->files);
        });
    }

    void push(LedgerEntry e) {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(e));
        cv_.notify_all();
    }

    // Counters of every torrent whose totals moved since they were last recorded.
    void seeded_round() {
        std::lock_guard lock(mutex_);
        const std::int64_t time = options_.now();
        for (const auto& [id, s] : snapshots_) {
            auto& last = counters_[id];
            if (last == std::make_pair(s.uploaded_total, s.downloaded_total)) continue;
            if (s.uploaded_total == 0 && s.downloaded_total == 0) continue;
            last = {s.uploaded_total, s.downloaded_total};
            LedgerEntry e = entry_from(EntryKind::seeded, time, s);
            e.uploaded = s.uploaded_total;
            e.downloaded = s.downloaded_total;
            queue_.push_back(std::move(e));
        }
        last_seeded_round_ = std::chrono::steady_clock::now();
        cv_.notify_all();
    }

    // --- the recorder's thread: batches appends ---
    void write_loop() {
        std::unique_lock lock(mutex_);
        for (;;) {
            cv_.wait_for(lock, options_.batch_delay, [&] { return stopping_ || !queue_.empty(); });
            if (!queue_.empty() && !stopping_) {
                // Let a burst of entries gather into one transaction and one tree head.
                cv_.wait_for(lock, options_.batch_delay,
                             [&] { return stopping_ || flushing_ > 0; });
            }
            if (std::chrono::steady_clock::now() - last_seeded_round_ >= options_.seeded_interval &&
                !stopping_) {
                lock.unlock();
                seeded_round();
                lock.lock();
            }
            if (!queue_.empty()) {
                std::vector<LedgerEntry> batch(std::make_move_iterator(queue_.begin()),
                                               std::make_move_iterator(queue_.end()));
                queue_.clear();
                appending_ = true;
                lock.unlock();
                auto r = ledger_.append(batch);
                if (!r && options_.on_error) options_.on_error(r.error().message);
                lock.lock();
                appending_ = false;
            }
            idle_cv_.notify_all();
            if (stopping_ && queue_.empty()) return;
        }
    }

    engine::Engine& engine_;
    ledger::Ledger& ledger_;
    RecorderOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::condition_variable idle_cv_;
    std::map<TorrentId, TorrentSnapshot> snapshots_;
    std::map<TorrentId, std::pair<std::int64_t, std::int64_t>> counters_;
    std::set<TorrentId> check_roots_;
    std::deque<LedgerEntry> queue_;
    int inflight_ = 0;
    bool appending_ = false;
    bool stopping_ = false;
    int flushing_ = 0;  // callers waiting in flush()
    bool stopped_ = false;
    std::chrono::steady_clock::time_point last_seeded_round_;
    RootJobs roots_;
    std::thread writer_;
};

LedgerRecorder::LedgerRecorder(engine::Engine& engine, ledger::Ledger& ledger,
                               RecorderOptions options)
    : impl_(std::make_unique<Impl>(engine, ledger, std::move(options))) {}
LedgerRecorder::~LedgerRecorder() = default;
void LedgerRecorder::record(ledger::LedgerEntry entry) {
    impl_->record(std::move(entry));
}
std::size_t LedgerRecorder::pending_root_jobs() const {
    return impl_->pending_roots();
}
std::pair<std::int64_t, std::int64_t> LedgerRecorder::root_job_progress() const {
    return impl_->root_progress();
}
void LedgerRecorder::flush(bool roots) {
    impl_->flush(roots);
}
void LedgerRecorder::stop() {
    impl_->stop();
}

}  // namespace shoal::recorder
