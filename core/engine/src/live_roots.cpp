#include "live_roots.h"

#include "lt_convert.h"

#include <shoal/hashing/piece_roots.h>

#include <libtorrent/alert_types.hpp>
#include <libtorrent/torrent_info.hpp>

namespace shoal::engine {
namespace {

// Pieces read back and not yet hashed, in bytes: bounds the memory this costs (the worker
// hashes ~1.8 GB/s, faster than any download, so the queue stays short).
constexpr std::int64_t kMaxBytesInFlight = 8 << 20;
// Leaf hashes take 32 bytes per 16 KiB (0.2 %): larger torrents are hashed after completion.
constexpr std::int64_t kMaxTorrentSize = std::int64_t(16) << 30;

}  // namespace

struct LiveRoots::Work {
    Work(std::vector<hashing::PieceFile> files, std::int64_t piece_length, std::int64_t total)
        : roots(std::move(files), piece_length, total) {}
    hashing::PieceRoots roots;  // the worker's only
};

LiveRoots::LiveRoots(Post post_to_engine) : post_(std::move(post_to_engine)) {}

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
                             lt::piece_index_t piece) {
    if (!enabled()) return;
    auto [it, inserted] = tracks_.try_emplace(id);
    Track& t = it->second;
    if (inserted) {
        t.handle = h;
        auto ti = h.torrent_file();
        if (ti && !ti->info_hashes().has_v2() && ti->total_size() <= kMaxTorrentSize) {
            const auto& fs = ti->files();
            std::vector<hashing::PieceFile> files;
            files.reserve(static_cast<std::size_t>(fs.num_files()));
            for (auto i : fs.file_range())
                files.push_back({fs.file_offset(i), fs.file_size(i), fs.pad_file_at(i)});
            t.piece_length = ti->piece_length();
            t.work = std::make_shared<Work>(std::move(files), ti->piece_length(), ti->total_size());
        }
    }
    if (!t.work) return;
    t.to_read.push_back(piece);
    pump();
}

void LiveRoots::pump() {
    for (auto& [id, t] : tracks_) {
        while (t.work && !t.to_read.empty() &&
               (bytes_in_flight_ == 0 || bytes_in_flight_ + t.piece_length <= kMaxBytesInFlight)) {
            t.handle.read_piece(t.to_read.front());
            t.to_read.pop_front();
            ++t.reading;
            bytes_in_flight_ += t.piece_length;
        }
    }
}

void LiveRoots::piece_read(const TorrentId& id, const lt::read_piece_alert& a) {
    auto it = tracks_.find(id);
    if (it == tracks_.end() || it->second.reading == 0) return;  // not a read of ours
    Track& t = it->second;
    --t.reading;
    if (a.error || !t.work) {
        // Without this piece its files get no roots here; the recorder hashes them.
        bytes_in_flight_ -= t.piece_length;
        t.work.reset();
        t.to_read.clear();
        pump();
        settle(id);
        return;
    }
    ++t.hashing;
    queue_job([this, id, work = t.work, buffer = a.buffer, piece = a.piece, size = a.size] {
        work->roots.add_piece(
            static_cast<int>(piece),
            {reinterpret_cast<const std::uint8_t*>(buffer.get()), static_cast<std::size_t>(size)});
        post_([this, id] { hashed(id); });
    });
}

void LiveRoots::hashed(const TorrentId& id) {
    auto it = tracks_.find(id);
    if (it == tracks_.end()) return;
    --it->second.hashing;
    bytes_in_flight_ -= it->second.piece_length;
    pump();
    settle(id);
}

void LiveRoots::finish(const TorrentId& id, Done done) {
    auto it = tracks_.find(id);
    if (it == tracks_.end() || it->second.forgotten) {
        done({});
        return;
    }
    it->second.on_finish.push_back(std::move(done));
    settle(id);
}

// Once nothing of the torrent is left to read or hash: hands the roots to whoever waits,
// and drops a removed torrent.
void LiveRoots::settle(const TorrentId& id) {
    auto it = tracks_.find(id);
    if (it == tracks_.end()) return;
    Track& t = it->second;
    if (!t.to_read.empty() || t.reading > 0 || t.hashing > 0) return;
    if (t.forgotten) {
        tracks_.erase(it);
        return;
    }
    if (t.on_finish.empty()) return;
    std::vector<Done> waiting = std::move(t.on_finish);
    std::shared_ptr<Work> work = std::move(t.work);
    tracks_.erase(it);
    if (!work) {
        for (auto& done : waiting)
            done({});
        return;
    }
    queue_job([this, work, waiting = std::move(waiting)]() mutable {
        std::vector<std::string> hex;
        for (const auto& root : work->roots.roots())
            hex.push_back(root ? hashing::hex(*root) : std::string());
        post_([waiting = std::move(waiting), hex = std::move(hex)] {
            for (auto& done : waiting)
                done(hex);
        });
    });
}

void LiveRoots::forget(const TorrentId& id) {
    auto it = tracks_.find(id);
    if (it == tracks_.end()) return;
    it->second.forgotten = true;
    it->second.work.reset();
    it->second.to_read.clear();
    it->second.on_finish.clear();
    settle(id);
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
