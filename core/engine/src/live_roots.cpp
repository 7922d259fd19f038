#include "live_roots.h"

#include <shoal/hashing/piece_roots.h>

#include <libtorrent/torrent_info.hpp>

#include <atomic>

namespace shoal::engine {
namespace {

// Pieces gathered before a flush puts them on disk for the worker: a flush is a fence in
// the torrent's disk queue, so not one per piece.
constexpr std::int64_t kBatchBytes = 16 << 20;
// Leaf hashes take 32 bytes per 16 KiB (0.2 %): larger torrents are hashed after completion.
constexpr std::int64_t kMaxTorrentSize = std::int64_t(16) << 30;

}  // namespace

struct LiveRoots::Work {
    Work(std::vector<hashing::PieceFile> files, std::int64_t piece_length, std::int64_t total)
        : roots(std::move(files), piece_length, total) {}
    hashing::PieceRoots roots;        // the worker's only
    std::atomic<bool> failed{false};  // a piece could not be read: no roots
};

LiveRoots::LiveRoots(Post post_to_engine, Flush flush)
    : post_(std::move(post_to_engine)), flush_(std::move(flush)) {}

LiveRoots::~LiveRoots() {
    stop();
}

void LiveRoots::enable() {
    if (!worker_.joinable()) worker_ = std::thread([this] { run_worker(); });
}

void LiveRoots::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        jobs_.clear();
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
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
            t.work = std::make_shared<Work>(std::move(files), ti->piece_length(), ti->total_size());
        }
    }
    if (!t.work) return;
    t.unflushed.push_back(piece);
    if (std::int64_t(t.unflushed.size()) * t.work->roots.piece_length() < kBatchBytes) return;
    ++t.flushing;
    flush_(id, [this, id, work = t.work, pieces = std::move(t.unflushed)]() mutable {
        auto found = tracks_.find(id);
        if (found == tracks_.end() || found->second.work != work) return;
        --found->second.flushing;
        hash_batch(id, found->second, std::move(pieces));
    });
    t.unflushed.clear();
}

// `pieces` are on disk: the worker reads and hashes them.
void LiveRoots::hash_batch(const TorrentId& id, Track& t, std::vector<lt::piece_index_t> pieces) {
    ++t.hashing;
    queue_job([this, id, work = t.work, pieces = std::move(pieces)] {
        // buffer_ is kept between batches: a fresh piece-sized buffer costs page faults.
        for (auto piece : pieces) {
            if (work->failed) break;
            if (!work->roots.add_piece_from_disk(static_cast<int>(piece), buffer_))
                work->failed = true;
        }
        post_([this, id, work] { batch_done(id, work); });
    });
}

void LiveRoots::batch_done(const TorrentId& id, const std::shared_ptr<Work>& work) {
    auto it = tracks_.find(id);
    if (it == tracks_.end() || it->second.work != work) return;
    --it->second.hashing;
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
    // Everything is on disk now: the last pieces need no flush of their own.
    if (!t.unflushed.empty()) hash_batch(id, t, std::move(t.unflushed));
    t.unflushed.clear();
    settle(id);
}

// Once nothing of the torrent is left to flush or hash: hands the roots to whoever waits.
void LiveRoots::settle(const TorrentId& id) {
    auto it = tracks_.find(id);
    if (it == tracks_.end()) return;
    Track& t = it->second;
    if (t.on_finish.empty() || !t.unflushed.empty() || t.flushing > 0 || t.hashing > 0) return;
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
    // Flushes and jobs still out find no track (or another one) and are dropped.
    tracks_.erase(id);
}

void LiveRoots::queue_job(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stop_) return;
        jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
}

void LiveRoots::run_worker() {
    std::unique_lock lock(mutex_);
    for (;;) {
        cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
        if (stop_) return;
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        job();
        lock.lock();
    }
}

}  // namespace shoal::engine
