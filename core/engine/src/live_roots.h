// LiveRoots: the BEP 52 roots of v1 torrents' files, hashed while they download. Pieces
// that passed their SHA-1 check are gathered in batches; once a flush (which libtorrent
// queues behind every pending write) says a batch is on disk, a worker thread reads those
// pieces from the files (one pread per piece and file, from the page cache) and hashes
// their 16 KiB blocks. The roots the ledger records are then ready when the download
// completes, instead of costing a second read of everything afterwards. Files not fully
// covered by pieces that passed in this session get no root here; the ledger's recorder
// hashes them from disk (internal; engine thread only, except the worker).
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
    // Calls the function once every write of the torrent queued so far is on disk.
    using Flush = std::function<void(const TorrentId&, std::function<void()>)>;
    using Done = std::function<void(std::vector<std::string>)>;

    LiveRoots(Post post_to_engine, Flush flush);
    ~LiveRoots();
    LiveRoots(const LiveRoots&) = delete;
    LiveRoots& operator=(const LiveRoots&) = delete;

    // Off until enabled (before the engine starts): then a worker thread hashes.
    void enable();
    bool enabled() const { return worker_.joinable(); }

    void piece_passed(const TorrentId& id, const lt::torrent_handle& h,
                      const std::string& save_path, lt::piece_index_t piece);
    // Call once every write of the torrent is on disk (after a flush). When every piece
    // passed so far is hashed, `done` gets each file's root (hex, by file index, "" where
    // unknown; empty for a torrent not followed) and the torrent is forgotten.
    void finish(const TorrentId& id, Done done);
    void forget(const TorrentId& id);
    void stop();

  private:
    struct Work;
    struct Track {
        std::shared_ptr<Work> work;  // null: not followed (v2, too large, no metadata)
        std::vector<lt::piece_index_t> unflushed;  // passed, their flush not yet asked
        int flushing = 0;                          // batches waiting for their flush
        int hashing = 0;                           // batches with the worker
        std::vector<Done> on_finish;
    };
    void hash_batch(const TorrentId& id, Track& t, std::vector<lt::piece_index_t> pieces);
    void batch_done(const TorrentId& id, const std::shared_ptr<Work>& work);
    void settle(const TorrentId& id);
    void run_worker();
    void queue_job(std::function<void()> job);

    Post post_;
    Flush flush_;
    std::map<TorrentId, Track> tracks_;

    std::mutex mutex_;  // guards jobs_ and stop_, shared with the worker
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    bool stop_ = false;
    std::vector<std::uint8_t> buffer_;  // the worker's: one piece, kept between batches
    std::thread worker_;
};

}  // namespace shoal::engine
