#include "live_roots.h"

#include "leaf_hashing_disk_io.h"

#include <shoal/common/background_priority.h>
#include <shoal/hashing/piece_roots.h>

#include <libtorrent/torrent_info.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <utility>

namespace shoal::engine {
namespace {

// Pieces gathered before the worker takes them. A flush per batch instead (a fence in the
// torrent's disk queue that also closes its files) cost each leecher of the 1 GiB swarm
// 0.3 s more system time (2.44 vs 2.14 s, 4 runs each).
constexpr std::int64_t kBatchBytes = 16 << 20;
// Leaf hashes take 32 bytes per 16 KiB (0.2 %): larger torrents are hashed after completion.
constexpr std::int64_t kMaxTorrentSize = std::int64_t(16) << 30;

// Which of these passed pieces still have blocks on their way to the disk (sorted). A
// passed piece leaves libtorrent's download queue once its last write completes. One
// blocking call into libtorrent's network thread per batch, made from the worker: one per
// piece (have_piece) waited 1-4 ms each on a busy network thread, more than hashing it.
std::vector<lt::piece_index_t> pieces_being_written(const lt::torrent_handle& h,
                                                    const std::vector<lt::piece_index_t>& all) {
    std::vector<lt::piece_index_t> queued;
    try {
        for (const auto& partial : h.get_download_queue())
            queued.push_back(partial.piece_index);
    } catch (const std::exception&) {  // the torrent is gone: nothing is known written
        queued = all;
    }
    std::sort(queued.begin(), queued.end());
    return queued;
}

}  // namespace

struct LiveRoots::Work {
    Work(lt::torrent_handle h, std::shared_ptr<const lt::torrent_info> info,
         std::vector<hashing::PieceFile> files)
        : handle(std::move(h)),
          ti(std::move(info)),
          roots(std::move(files), ti->piece_length(), ti->total_size()) {}
    const lt::torrent_handle handle;
    const std::shared_ptr<const lt::torrent_info> ti;
    hashing::PieceRoots roots;        // the worker's only
    std::atomic<bool> failed{false};  // a piece could not be read: no roots
};

LiveRoots::LiveRoots(Post post_to_engine) : post_(std::move(post_to_engine)) {}

LiveRoots::~LiveRoots() {
    stop();
}

void LiveRoots::enable() {
    // Below the transfer it follows (DESIGN: v1 roots are hashed at low priority): when
    // the CPU is short, the download goes first and the roots catch up. Leaves from the
    // piece check are hashed at the transfer's priority: those bytes are in the CPU's
    // cache only then.
    if (!worker_)
        worker_ = std::make_unique<JobThread>(JobThread::OnStop::drop, lower_this_thread_priority);
}

lt::disk_io_constructor_type LiveRoots::disk_io(lt::disk_io_constructor_type inner) const {
    return leaf_hashing_disk_io(std::move(inner), enabled() ? check_leaves_ : nullptr,
                                kMaxTorrentSize);
}

void LiveRoots::stop() {
    if (worker_) worker_->stop();
    tracks_.clear();
}

void LiveRoots::piece_passed(const TorrentId& id, const lt::torrent_handle& h,
                             const std::string& save_path, lt::piece_index_t piece) {
    if (!enabled()) return;
    auto [it, inserted] = tracks_.try_emplace(id);
    Track& t = it->second;
    if (inserted) {
        auto ti = h.torrent_file();
        if (ti && !ti->info_hashes().has_v2() && ti->total_size() <= kMaxTorrentSize) {
            const auto& fs = ti->files();
            std::vector<hashing::PieceFile> files;
            files.reserve(static_cast<std::size_t>(fs.num_files()));
            for (auto i : fs.file_range())
                files.push_back({fs.file_offset(i), fs.file_size(i), fs.pad_file_at(i),
                                 fs.file_path(i, save_path)});
            t.work = std::make_shared<Work>(h, ti, std::move(files));
        }
    }
    if (!t.work) return;
    const auto& ti = *t.work->ti;
    auto leaves = check_leaves_->take(ti.info_hashes().v1, piece, ti.hash_for_piece(piece));
    // A piece passing while the torrent completes belongs to a later completion (files
    // wanted again): its files are hashed from disk by the recorder instead.
    if (!t.on_finish.empty()) return;
    if (leaves)
        t.checked.emplace_back(piece, std::move(*leaves));
    else
        t.passed.push_back(piece);
    const auto pieces = static_cast<std::int64_t>(t.passed.size() + t.checked.size());
    if (pieces * t.work->roots.piece_length() < kBatchBytes) return;
    hash_batch(id, t);
}

void LiveRoots::hash_batch(const TorrentId& id, Track& t) {
    ++t.hashing;
    // After finish() everything is on disk: nothing to ask libtorrent.
    const bool all_written = !t.on_finish.empty();
    queue_job([this, id, work = t.work, pieces = std::exchange(t.passed, {}),
               checked = std::exchange(t.checked, {}), all_written]() mutable {
        // Leaves that do not cover the piece's files (not expected) leave the piece to be
        // read from disk.
        for (auto& [piece, leaves] : checked)
            if (!work->roots.add_piece_leaves(static_cast<int>(piece), leaves))
                pieces.push_back(piece);
        const auto writing = all_written || pieces.empty()
                                 ? std::vector<lt::piece_index_t>{}
                                 : pieces_being_written(work->handle, pieces);
        std::vector<lt::piece_index_t> unwritten;
        // buffer_ is kept between batches: a fresh piece-sized buffer costs page faults.
        for (auto piece : pieces) {
            if (work->failed) break;
            if (std::binary_search(writing.begin(), writing.end(), piece)) {
                unwritten.push_back(piece);
                continue;
            }
            if (!work->roots.add_piece_from_disk(static_cast<int>(piece), buffer_))
                work->failed = true;
        }
        post_([this, id, work, unwritten = std::move(unwritten)]() mutable {
            batch_done(id, work, std::move(unwritten));
        });
    });
}

void LiveRoots::batch_done(const TorrentId& id, const std::shared_ptr<Work>& work,
                           std::vector<lt::piece_index_t> unwritten) {
    auto it = tracks_.find(id);
    if (it == tracks_.end() || it->second.work != work) return;
    Track& t = it->second;
    --t.hashing;
    t.passed.insert(t.passed.end(), unwritten.begin(), unwritten.end());
    if (!t.on_finish.empty() && !t.passed.empty()) hash_batch(id, t);
    settle(id);
}

void LiveRoots::finish(const TorrentId& id, Done done) {
    auto it = tracks_.find(id);
    if (it == tracks_.end() || !it->second.work) {
        if (it != tracks_.end()) tracks_.erase(it);
        done({});
        return;
    }
    Track& t = it->second;
    t.on_finish.push_back(std::move(done));
    if (!t.passed.empty() || !t.checked.empty()) hash_batch(id, t);
    settle(id);
}

// Once nothing of the torrent is left to hash: hands the roots to whoever waits.
void LiveRoots::settle(const TorrentId& id) {
    auto it = tracks_.find(id);
    if (it == tracks_.end()) return;
    Track& t = it->second;
    if (t.on_finish.empty() || !t.passed.empty() || !t.checked.empty() || t.hashing > 0) return;
    std::vector<Done> waiting = std::move(t.on_finish);
    std::shared_ptr<Work> work = std::move(t.work);
    tracks_.erase(it);
    queue_job([this, work, waiting = std::move(waiting)]() mutable {
        std::vector<std::string> hex;
        if (!work->failed) {
            for (const auto& root : work->roots.roots())
                hex.push_back(root ? hashing::hex(*root) : std::string());
        }
        post_([waiting = std::move(waiting), hex = std::move(hex)] {
            for (auto& done : waiting)
                done(hex);
        });
    });
}

void LiveRoots::forget(const TorrentId& id) {
    // Jobs still out find no track (or another one) and are dropped.
    tracks_.erase(id);
}

void LiveRoots::queue_job(std::function<void()> job) {
    if (worker_) worker_->post(std::move(job));
}

}  // namespace shoal::engine
