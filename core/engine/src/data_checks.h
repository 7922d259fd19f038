// DataChecks: the data of a torrent added with its files already on disk, checked by Shoal's
// own hasher (shoal/hashing/piece_check.h: every core, straight from the page cache) before
// the torrent enters libtorrent's session with the pieces it found. libtorrent's own check
// goes a piece at a time through its disk and hashing threads: bench/run measured 1 GiB in
// 0.55 s, about half of the machine's SHA-1 throughput, where this takes ~0.3 s. One check
// at a time, in the order they were asked for, on a worker thread (internal; engine thread
// only, except the worker).
#pragma once

#include <shoal/common/job_thread.h>
#include <shoal/common/result.h>

#include <libtorrent/add_torrent_params.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace shoal::engine {

class DataChecks {
  public:
    using Post = std::function<void(std::function<void()>)>;  // runs on the engine thread
    // Which pieces are on disk and intact, or why the check stopped (cancelled).
    using Done = std::function<void(Result<std::vector<bool>>)>;

    explicit DataChecks(Post post_to_engine);
    ~DataChecks();
    DataChecks(const DataChecks&) = delete;
    DataChecks& operator=(const DataChecks&) = delete;

    // Whether a torrent about to be added should be checked here first: it has metadata with
    // v1 piece hashes, no saved pieces, and some of its files are in its save path.
    static bool worth_checking(const lt::add_torrent_params& params);

    // Queues the check of the torrent's files in params.save_path; returns its number.
    // `done` runs on the engine thread, unless the check is cancelled first.
    std::uint64_t start(const lt::add_torrent_params& params, Done done);
    // How far the check has got, 0..1 (0 while queued).
    double progress(std::uint64_t check) const;
    // Stops the check; with `tell`, its `done` gets an error, else it never runs.
    void cancel(std::uint64_t check, bool tell);
    // Cancels every check and waits for the one running.
    void stop();

  private:
    struct Check;
    Post post_;
    std::uint64_t next_ = 1;
    std::unordered_map<std::uint64_t, std::shared_ptr<Check>> checks_;
    std::unique_ptr<JobThread> worker_;  // made by the first check
};

}  // namespace shoal::engine
