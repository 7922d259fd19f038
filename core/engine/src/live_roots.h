// LiveRoots: the BEP 52 roots of v1 torrents' files, hashed while they download. The check
// of each downloaded piece also gives the leaves of the files in it (leaf_hashing_disk_io.h:
// from the blocks as they were written, whatever the layout; from libtorrent's check where
// the files start on piece boundaries), and those are taken as the piece passes. Pieces
// that passed without them (seen only in part as they were written, as after a resume)
// are read again: gathered in batches of 16 MiB, a worker thread reads those whose blocks
// are all written (libtorrent's piece picker says it has them; a piece can pass while its
// last blocks are still queued for the disk) from the files (maps of large files, reads of
// small ones, from the page cache) and hashes their 16 KiB blocks. Pieces not yet written
// go with the next batch, or at completion, which comes after a flush. The roots the ledger
// records are then ready when the download completes, instead of costing a second read of
// everything afterwards. Files not fully covered by pieces that passed in this session get
// no root here; the ledger's recorder hashes them from disk (internal; engine thread only,
// except the worker).
#pragma once

#include "check_leaves.h"

#include <shoal/common/job_thread.h>
#include <shoal/engine/torrent_id.h>

#include <libtorrent/fwd.hpp>
#include <libtorrent/session_params.hpp>
#include <libtorrent/torrent_handle.hpp>
#include <libtorrent/units.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
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
    bool enabled() const { return worker_ != nullptr; }
    // The session's disk I/O, wrapped (leaf_hashing_disk_io.h): downloaded pieces are
    // checked as they were written, and once enabled the checks give leaves where they can.
    lt::disk_io_constructor_type disk_io(lt::disk_io_constructor_type inner) const;

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
        std::shared_ptr<Work> work;             // null: not followed (v2, too large, no metadata)
        std::vector<lt::piece_index_t> passed;  // not yet given to the worker
        std::vector<std::pair<lt::piece_index_t, Leaves>> checked;  // passed, with leaves
        int hashing = 0;                                            // batches with the worker
        std::vector<Done> on_finish;  // set once everything is on disk
    };
    // Hands the passed pieces to the worker; those it finds not yet written come back.
    void hash_batch(const TorrentId& id, Track& t);
    void batch_done(const TorrentId& id, const std::shared_ptr<Work>& work,
                    std::vector<lt::piece_index_t> unwritten);
    void settle(const TorrentId& id);
    void queue_job(std::function<void()> job);

    Post post_;
    std::shared_ptr<CheckLeaves> check_leaves_ = std::make_shared<CheckLeaves>();
    std::map<TorrentId, Track> tracks_;

    std::vector<std::uint8_t> buffer_;   // the worker's: one piece, kept between batches
    std::unique_ptr<JobThread> worker_;  // set by enable()
};

}  // namespace shoal::engine
