// LedgerRecorder: writes what the engine does into the ledger: torrents added, completed
// and removed, transfer counters (`seeded`) periodically and at shutdown, and the BEP 52
// roots of v1 torrents' files (`hashed`), computed after completion at low priority.
// Engine callbacks only queue work; appends happen in batches on the recorder's own
// thread, so transfers never wait on the ledger.
#pragma once

#include <shoal/engine/engine.h>
#include <shoal/ledger/ledger.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace shoal::recorder {

struct RecorderOptions {
    std::chrono::seconds seeded_interval{30 * 60};
    std::chrono::milliseconds batch_delay{200};  // how long appends gather into one batch
    // Threads hashing v1 roots: one in the background; 0 (every core) when a user waits.
    unsigned root_threads = 1;
    std::function<std::int64_t()> now;                 // Unix seconds; the system clock if unset
    std::function<void(const std::string&)> on_error;  // a failed append or root job
};

class LedgerRecorder {
  public:
    // Subscribes to `engine` and asks it for v1 roots: construct it before engine.start(),
    // or after it (before the first add) on an engine told to hash_v1_roots() before.
    LedgerRecorder(engine::Engine& engine, ledger::Ledger& ledger, RecorderOptions options = {});
    ~LedgerRecorder();
    LedgerRecorder(const LedgerRecorder&) = delete;
    LedgerRecorder& operator=(const LedgerRecorder&) = delete;

    // Queues an entry made outside the engine (a torrent created here) for the recorder's
    // thread: it is appended with the next batch, so the caller never waits on the disk.
    void record(ledger::LedgerEntry entry);
    // Root jobs queued or running (v1 torrents whose roots are still being computed).
    std::size_t pending_root_jobs() const;
    // Bytes hashed / to hash by the running root job, for progress display.
    std::pair<std::int64_t, std::int64_t> root_job_progress() const;
    // Blocks until every queued entry is in the ledger (and, with `roots`, every root job),
    // including those of the events the engine delivers after what the caller has seen. Not
    // from the engine's thread.
    void flush(bool roots = false);
    // Records final counters, cancels unfinished root jobs and stops. Call after the
    // engine's last snapshots and before it is destroyed.
    void stop();

    class Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace shoal::recorder
