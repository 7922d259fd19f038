#include "piece_hasher.h"

#include "piece_buffer.h"
#include "read_exactly.h"
#include "sha_lanes.h"

#include <shoal/hashing/file_leaves.h>
#include <shoal/hashing/merkle.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>

namespace shoal::hashing {
namespace {

// Files are read into the piece buffer, not mapped. For small files the map, the page
// faults and the unmap cost more than the copy saves (measured with 2,000 files of 512 KiB).
// For large ones it depends on the host's page faults: on 2026-12-04's (a paravirtualised
// guest) `shoal create --no-ledger` of 1 GiB in the page cache took 0.59 s mapped against
// 0.37 s read (5 runs each; mktorrent 0.41 s), where maps had won on an earlier host.
// Reading loses little where maps win and gains much where they lose.

// Each worker takes a run of pieces of this many bytes, so that each stretch of a file is
// read by one worker, in order (FileCursor keeps the file open between its pieces).
constexpr std::int64_t kRunBytes = std::int64_t{8} << 20;

// Keeps the last small file a worker read open: consecutive pieces mostly come from one file.
class FileCursor {
  public:
    ~FileCursor() { close(); }

    Result<void> read(const LayoutFile& f, std::int64_t offset, std::uint8_t* out,
                      std::size_t len) {
        if (f.disk_path != path_ || fd_ < 0) {
            close();
            fd_ = ::open(f.disk_path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd_ < 0) return cannot_read(f.disk_path, std::strerror(errno));
            ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
            path_ = f.disk_path;
        }
        if (auto why = read_exactly(fd_, offset, out, len); !why.empty())
            return cannot_read(f.disk_path, why);
        return {};
    }

  private:
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    int fd_ = -1;
    std::filesystem::path path_;
};

// Index of the file holding byte `offset`: the last non-empty file starting at or before it.
int file_at(const Layout& layout, std::int64_t offset) {
    auto it =
        std::upper_bound(layout.files.begin(), layout.files.end(), offset,
                         [](std::int64_t off, const LayoutFile& f) { return off < f.offset; });
    while (it != layout.files.begin()) {
        --it;
        if (it->size == 0) continue;
        return offset < it->offset + it->size ? static_cast<int>(it - layout.files.begin()) : -1;
    }
    return -1;
}

std::vector<std::int64_t> leaf_sizes(const Layout& layout) {
    std::vector<std::int64_t> sizes;
    sizes.reserve(layout.files.size());
    for (const auto& f : layout.files)
        sizes.push_back(f.pad ? 0 : f.size);
    return sizes;
}

// A piece's SHA-1 waits until a few pieces are read, and they are hashed together on one
// core (sha_lanes.h): up to kSha1Lanes pieces, fewer where their buffers would pass this.
constexpr std::int64_t kLaneBytes = std::int64_t{16} << 20;

// Hashes whole pieces: the files' bytes are read into a piece buffer, pad files are zeros.
class Worker {
  public:
    Worker(const Layout& layout, PieceHashes& out, FileLeaves* leaves)
        : layout_(layout),
          out_(out),
          leaves_(leaves),
          slots_(layout.v1 ? static_cast<std::size_t>(std::clamp<std::int64_t>(
                                 kLaneBytes / std::max(1, layout.piece_size), 1,
                                 static_cast<std::int64_t>(sha1_lanes())))
                           : 1),
          blocks_(static_cast<std::size_t>(layout.piece_size) / kBlockSize + 1) {}

    // Reads the piece and hashes its v2 blocks; its SHA-1 may wait for finish().
    Result<void> hash(int piece) {
        const std::int64_t start = std::int64_t{piece} * layout_.piece_size;
        const auto len = static_cast<std::size_t>(
            std::min<std::int64_t>(layout_.piece_size, layout_.total_size - start));
        Slot& slot = slots_[queued_];
        if (auto r = gather(slot, start, len); !r) return r;
        digest_v2(start, len);
        if (layout_.v1) {
            slot.piece = piece;
            slot.len = len;
            if (++queued_ == slots_.size()) finish();
        }
        return {};
    }

    // Hashes the SHA-1 of the pieces still waiting.
    void finish() {
        std::array<Message, kSha1Lanes> messages;
        std::array<Sha1Digest, kSha1Lanes> digests;
        for (std::size_t i = 0; i < queued_; ++i)
            messages[i] = slots_[i].buffer.first(slots_[i].len);
        sha1_each(sha1_, std::span(messages).first(queued_), digests.data());
        for (std::size_t i = 0; i < queued_; ++i)
            out_.v1[static_cast<std::size_t>(slots_[i].piece)] = digests[i];
        queued_ = 0;
    }

  private:
    struct Part {
        std::span<const std::uint8_t> data;
        std::size_t file = 0;   // index in the layout
        std::int64_t from = 0;  // offset in the file
    };

    // A piece's bytes, files and pad files at their offset in it.
    struct Slot {
        PieceBuffer buffer;  // made a piece long the first time a piece needs it
        // Every byte of the buffer from here on is zero, so a pad file there needs no writing
        // (in a hybrid torrent of files smaller than a piece, half of each piece is padding).
        std::size_t zero_from = 0;
        int piece = -1;
        std::size_t len = 0;
    };

    // Reads the bytes of every file part of the piece into the slot.
    Result<void> gather(Slot& slot, std::int64_t start, std::size_t len) {
        parts_.clear();
        if (slot.buffer.empty())
            slot.buffer = PieceBuffer(static_cast<std::size_t>(layout_.piece_size));
        const std::int64_t end = start + static_cast<std::int64_t>(len);
        auto it =
            std::upper_bound(layout_.files.begin(), layout_.files.end(), start,
                             [](std::int64_t off, const LayoutFile& f) { return off < f.offset; });
        if (it != layout_.files.begin()) --it;
        for (; it != layout_.files.end() && it->offset < end; ++it) {
            const std::int64_t from = std::max(start, it->offset);
            const std::int64_t to = std::min(end, it->offset + it->size);
            if (to <= from) continue;
            const auto at = static_cast<std::size_t>(from - start);
            const auto n = static_cast<std::size_t>(to - from);
            std::uint8_t* dst = slot.buffer.data() + at;
            if (it->pad) {
                if (at < slot.zero_from) std::fill_n(dst, std::min(n, slot.zero_from - at), 0);
                if (at + n >= slot.zero_from) slot.zero_from = std::min(slot.zero_from, at);
            } else {
                // Before the read: a read that fails may have written part of the range.
                slot.zero_from = std::max(slot.zero_from, at + n);
                if (auto r = cursor_.read(*it, from - it->offset, dst, n); !r) return r;
            }
            parts_.push_back({{dst, n},
                              static_cast<std::size_t>(it - layout_.files.begin()),
                              from - it->offset});
        }
        return {};
    }

    // Hashes the gathered parts' 16 KiB blocks: into the files' leaves and the piece's root.
    void digest_v2(std::int64_t start, std::size_t len) {
        if (leaves_)
            for (std::size_t i = 0; i < parts_.size(); ++i)
                if (!layout_.files[parts_[i].file].pad)
                    leaves_->take(sha256_, parts_[i].file, parts_[i].from, parts_[i].data);
        if (!layout_.v2) return;
        const int fi = file_at(layout_, start);
        if (fi < 0 || layout_.files[static_cast<std::size_t>(fi)].pad) return;
        // The piece starts in file fi (v2 pieces never cross files): parts_[0].
        const LayoutFile& f = layout_.files[static_cast<std::size_t>(fi)];
        const auto in_file =
            static_cast<std::size_t>(std::min<std::int64_t>(len, f.offset + f.size - start));
        const std::size_t nblocks = (in_file + kBlockSize - 1) / kBlockSize;
        hash_blocks(sha256_, parts_[0].data.first(in_file), std::span(blocks_).first(nblocks));
        // A file smaller than a piece has a tree just wide enough for its blocks.
        const std::size_t file_blocks = static_cast<std::size_t>(
            (f.size + std::int64_t(kBlockSize) - 1) / std::int64_t(kBlockSize));
        const std::size_t width = f.size < layout_.piece_size
                                      ? next_pow2(file_blocks)
                                      : static_cast<std::size_t>(layout_.piece_size) / kBlockSize;
        const auto p = static_cast<std::size_t>(start / layout_.piece_size);
        out_.v2[p] = merkle_root(sha256_, std::span(blocks_).first(nblocks), width, Sha256Digest{});
        out_.v2_file[p] = fi;
    }

    const Layout& layout_;
    PieceHashes& out_;
    FileLeaves* leaves_;
    std::vector<Part> parts_;
    std::vector<Slot> slots_;
    std::size_t queued_ = 0;  // slots whose SHA-1 waits
    std::vector<Sha256Digest> blocks_;
    Hasher sha1_{Algorithm::sha1};
    Hasher sha256_{Algorithm::sha256};
    FileCursor cursor_;
};

}  // namespace

Result<PieceHashes> hash_pieces(const Layout& layout, unsigned threads,
                                std::atomic<std::int64_t>& bytes_done,
                                const std::atomic<bool>* cancel, const std::function<void()>& tick,
                                ReadErrors read_errors) {
    PieceHashes out;
    const auto n = static_cast<std::size_t>(layout.num_pieces);
    if (read_errors == ReadErrors::fail_piece) out.unreadable.assign(n, 0);
    if (layout.v1) out.v1.resize(n);
    if (layout.v2) {
        out.v2.resize(n);
        out.v2_file.assign(n, -1);
    }
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::min<unsigned>(threads, static_cast<unsigned>(std::max(1, layout.num_pieces)));

    std::atomic<int> next{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::optional<Error> error;
    std::optional<FileLeaves> leaves;
    if (layout.file_roots) leaves.emplace(leaf_sizes(layout));
    const int run =
        static_cast<int>(std::max<std::int64_t>(1, kRunBytes / std::max(1, layout.piece_size)));
    auto hash_runs = [&](Worker& worker) {
        for (;;) {
            const int first = next.fetch_add(run);
            for (int piece = first; piece < std::min(first + run, layout.num_pieces); ++piece) {
                if (failed || (cancel && *cancel)) return;
                if (auto r = worker.hash(piece); !r && read_errors == ReadErrors::fail_piece) {
                    out.unreadable[static_cast<std::size_t>(piece)] = 1;
                } else if (!r) {
                    std::lock_guard lock(error_mutex);
                    if (!error) error = r.error();
                    failed = true;
                    return;
                }
                const std::int64_t start = std::int64_t{piece} * layout.piece_size;
                bytes_done += std::min<std::int64_t>(layout.piece_size, layout.total_size - start);
            }
            if (first + run >= layout.num_pieces) return;
        }
    };
    auto work = [&] {
        Worker worker(layout, out, leaves ? &*leaves : nullptr);
        hash_runs(worker);
        worker.finish();
    };
    // The workers hash; the calling thread reports progress until they are done.
    std::mutex done_mutex;
    std::condition_variable done_cv;
    unsigned running = threads;
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i)
        pool.emplace_back([&] {
            work();
            std::lock_guard lock(done_mutex);
            --running;
            done_cv.notify_all();
        });
    {
        std::unique_lock lock(done_mutex);
        while (
            !done_cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return running == 0; }))
            if (tick) tick();
    }
    for (auto& t : pool)
        t.join();
    if (error) return *error;
    if (cancel && *cancel) return runtime_error("cancelled");
    if (leaves) {
        Hasher h(Algorithm::sha256);
        out.file_roots.resize(layout.files.size());
        for (std::size_t i = 0; i < layout.files.size(); ++i)
            out.file_roots[i] = leaves->root(h, i);
    }
    return out;
}

}  // namespace shoal::hashing
