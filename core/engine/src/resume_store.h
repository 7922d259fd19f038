// ResumeStore: the profile's torrents/ directory: one <id>.torrent and one <id>.resume per
// torrent. Writes are atomic and durable and happen on the store's own writer thread, in
// the order they were asked for, so the engine thread never waits on the disk (internal).
#pragma once

#include <shoal/common/job_thread.h>
#include <shoal/common/result.h>
#include <shoal/engine/torrent_id.h>

#include <libtorrent/add_torrent_params.hpp>

#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace shoal::engine {

struct TorrentExtras;

class ResumeStore {
  public:
    ResumeStore(std::filesystem::path dir, std::function<void(const std::string&)> on_error);
    ~ResumeStore();  // writes everything queued, then stops
    ResumeStore(const ResumeStore&) = delete;
    ResumeStore& operator=(const ResumeStore&) = delete;

    // Ids of saved torrents (those with resume data).
    std::vector<TorrentId> list() const;
    bool has(const TorrentId& id) const;
    // Resume data, with the metadata from <id>.torrent when it exists.
    Result<lt::add_torrent_params> load(const TorrentId& id, TorrentExtras& extras) const;

    void save_resume(const TorrentId& id, const lt::add_torrent_params& params,
                     const TorrentExtras& extras);
    void save_torrent_file(const TorrentId& id, std::vector<char> bytes);
    bool has_torrent_file(const TorrentId& id) const;
    void remove(const TorrentId& id);
    // Blocks until every queued write is on disk.
    void flush();

  private:
    struct Job {
        std::filesystem::path path;
        std::vector<char> bytes;
        bool remove = false;
    };
    void enqueue(Job job);
    void write_next();  // on the writer thread
    std::filesystem::path path_of(const TorrentId& id, const char* ext) const;

    std::filesystem::path dir_;
    std::function<void(const std::string&)> on_error_;
    std::mutex mutex_;  // guards queue_
    std::deque<Job> queue_;
    // One write_next() posted per job queued; stopping writes everything queued.
    JobThread writer_{JobThread::OnStop::finish};  // last: its jobs use the members above
};

}  // namespace shoal::engine
