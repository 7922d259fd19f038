// CliSession: what `get` and `seed` share: the profile (locked), its settings with this
// run's overrides, a started engine that listens, and an ordered shutdown (internal).
#pragma once

#include "job_monitor.h"

#include <shoal/common/profile_lock.h>
#include <shoal/common/result.h>
#include <shoal/engine/engine.h>
#include <shoal/ledger/ledger.h>
#include <shoal/recorder/ledger_recorder.h>
#include <shoal/recorder/profile_recording.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shoal::cli {

struct SessionOptions {
    std::filesystem::path profile;  // empty: the XDG default
    std::optional<int> port;
    bool no_dht = false;
    bool loopback = false;  // stay on 127.0.0.1: no UPnP/NAT-PMP/LSD, no public DHT nodes
    std::vector<std::string> dht_bootstrap;
    std::string max_down;  // "10M", bytes/s; applied per torrent
    std::string max_up;
    std::vector<std::string> settings;  // "name=value" overrides for this run only
    bool no_ledger = false;             // do not record this run in the profile's ledger
    unsigned root_threads = 1;          // hashing v1 roots for the ledger; 0: every core
};

// The profile's settings with this run's options (--loopback, --port, --no-dht,
// --dht-bootstrap, --set) applied.
Result<engine::Settings> with_session_options(engine::Settings settings, const SessionOptions& o);

class CliSession {
  public:
    static Result<std::unique_ptr<CliSession>> open(const SessionOptions& options);
    ~CliSession();

    engine::Engine& engine() { return *engine_; }
    JobMonitor& monitor() { return *monitor_; }
    int max_down() const { return max_down_; }
    int max_up() const { return max_up_; }
    // Drops a finished torrent from the profile (its data stays): a one-shot command keeps
    // state in the profile only for work it has not finished.
    void forget(const engine::TorrentId& id);
    // Appends one entry to the profile's ledger now (nothing with --no-ledger).
    Result<void> record(const ledger::LedgerEntry& entry);
    // Waits for the ledger to record the file roots of finished v1 torrents, showing
    // progress; false if interrupted by Ctrl-C (the roots are then not recorded).
    bool finish_ledger_roots();
    // Saves resume data and closes the session (waits at most a few seconds).
    void close();

  private:
    CliSession(ProfileLock lock) : lock_(std::move(lock)) {}
    Result<void> wait_for_listen(const engine::Settings& settings, bool port_was_chosen);

    ProfileLock lock_;
    std::unique_ptr<ledger::Ledger> ledger_;
    std::unique_ptr<engine::Engine> engine_;
    std::unique_ptr<recorder::LedgerRecorder> recorder_;
    std::unique_ptr<JobMonitor> monitor_;
    int max_down_ = 0;
    int max_up_ = 0;
    bool closed_ = false;
};

}  // namespace shoal::cli
