// RootJobs: computing the BEP 52 roots of v1 torrents' files after they complete, one
// file at a time on a low-priority thread, each finished torrent becoming a `hashed`
// ledger entry. Stopping cancels the running job (internal).
#pragma once

#include <shoal/common/job_thread.h>
#include <shoal/engine/torrent_details.h>
#include <shoal/ledger/entry.h>
#include <shoal/ledger/ledger.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace shoal::recorder {

class RootJobs {
  public:
    // `ledger` is read (never written) to skip torrents whose roots it already has.
    // `threads` hash each file (0: every core); the job's own thread runs at idle priority.
    RootJobs(const ledger::Ledger& ledger, unsigned threads,
             std::function<void(ledger::LedgerEntry)> done);
    ~RootJobs();

    // `entry` carries kind, time, name and hashes; its files are filled with their roots,
    // unless the ledger already has a `hashed` or `created` entry for the same v1 hash.
    void add(ledger::LedgerEntry entry, std::string save_path,
             std::vector<engine::FileEntry> files);
    std::size_t pending() const;
    std::pair<std::int64_t, std::int64_t> progress() const;
    void wait_idle();
    void stop();

  private:
    struct Job {
        ledger::LedgerEntry entry;
        std::string save_path;
        std::vector<engine::FileEntry> files;
    };
    void run(Job& job);

    const ledger::Ledger& ledger_;
    unsigned threads_;
    std::function<void(ledger::LedgerEntry)> done_;
    std::atomic<bool> cancel_{false};
    std::atomic<std::int64_t> bytes_done_{0};
    std::atomic<std::int64_t> bytes_total_{0};
    JobThread thread_;  // last: its jobs use the members above
};

}  // namespace shoal::recorder
