// LiveRoots: the BEP 52 roots of v1 torrents' files, hashed while they download. Each
// piece that passes its SHA-1 check is read back through libtorrent (from the file, or
// from the blocks still queued for it) and hashed on a worker thread, so that the roots
// the ledger records are ready when the download completes instead of costing a second
// read of everything afterwards. Torrents whose pieces did not all pass in this session
// (resumed, checked, partly skipped) get roots only for the files fully covered; the
// ledger's recorder hashes the rest from disk (internal; engine thread only).
#pragma once

#include <shoal/engine/torrent_id.h>

#include <libtorrent/fwd.hpp>
#include <libtorrent/torrent_handle.hpp>
#include <libtorrent/units.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace shoal::engine {

class LiveRoots {
  public:
    using Post = std::function<void(std::function<void()>)>;  // runs on the engine thread
    using Done = std::function<void(std::vector<std::string>)>;

    explicit LiveRoots(Post post_to_engine);
    ~LiveRoots();
    LiveRoots(const LiveRoots&) = delete;
    LiveRoots& operator=(const LiveRoots&) = delete;

    // Off until enabled (before the engine starts): then a worker thread hashes.
    void enable();
    bool enabled() const { return worker_.joinable(); }

    void piece_passed(const TorrentId& id, const lt::torrent_handle& h, lt::piece_index_t piece);
    void piece_read(const TorrentId& id, const lt::read_piece_alert& a);
    // Once every piece passed so far is hashed, `done` gets each file's root (hex, by file
    // index, "" where unknown; empty for a torrent not followed) and the torrent is forgotten.
    void finish(const TorrentId& id, Done done);
    void forget(const TorrentId& id);
    void stop();

  private:
    struct Work;
    struct Track {
        std::shared_ptr<Work> work;  // null: not followed (v2, too large, no metadata, failed)
        lt::torrent_handle handle;
        std::int64_t piece_length = 0;
        std::deque<lt::piece_index_t> to_read;
        int reading = 0;         // read_piece asked, its alert not yet here
        int hashing = 0;         // with the worker
        bool forgotten = false;  // removed: kept only until its reads and jobs are back
        std::vector<Done> on_finish;
    };
    void pump();
    void hashed(const TorrentId& id);
    void settle(const TorrentId& id);
    void run_worker();
    void queue_job(std::function<void()> job);

    Post post_;
    std::map<TorrentId, Track> tracks_;
    std::int64_t bytes_in_flight_ = 0;

    std::mutex mutex_;  // guards jobs_ and stop_, shared with the worker
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    bool stop_ = false;
    std::thread worker_;
};

}  // namespace shoal::engine
