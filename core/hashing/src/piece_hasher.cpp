#include "piece_hasher.h"

#include "piece_buffer.h"
#include "read_exactly.h"

#include <shoal/hashing/file_leaves.h>
#include <shoal/hashing/merkle.h>

#include <algorithm>
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

// Hashes whole pieces: the files' bytes are read into a piece buffer, pad files are zeros.
class Worker {
  public:
    Worker(const Layout& layout, PieceHashes& out, FileLeaves* leaves)
        : layout_(layout),
          out_(out),
          leaves_(leaves),
          blocks_(static_cast<std::size_t>(layout.piece_size) / kBlockSize + 1) {}

    Result<void> hash(int piece) {
        const std::int64_t start = std::int64_t{piece} * layout_.piece_size;
        const auto len = static_cast<std::size_t>(
            std::min<std::int64_t>(layout_.piece_size, layout_.total_size - start));
        if (auto r = gather(start, len); !r) return r;
        digest(piece, start, len);
        return {};
    }

  private:
    struct Part {
        std::span<const std::uint8_t> data;
        std::size_t file = 0;   // index in the layout
        std::int64_t from = 0;  // offset in the file
    };

    // Reads the bytes of every file part of the piece.
    Result<void> gather(std::int64_t start, std::size_t len) {
        parts_.clear();
        const std::int64_t end = start + static_cast<std::int64_t>(len);
        auto it =
            std::upper_bound(layout_.files.begin(), layout_.files.end(), start,
                             [](std::int64_t off, const LayoutFile& f) { return off < f.offset; });
        if (it != layout_.files.begin()) --it;
        for (; it != layout_.files.end() && it->offset < end; ++it) {
            const std::int64_t from = std::max(start, it->offset);
            const std::int64_t to = std::min(end, it->offset + it->size);
            if (to <= from) continue;
            const auto n = static_cast<std::size_t>(to - from);
            Part part{{}, static_cast<std::size_t>(it - layout_.files.begin()), from - it->offset};
            if (it->pad) {
                part.data = piece_sized(zeros_).first(n);
            } else {
                std::uint8_t* dst = piece_sized(buffer_).data() + (from - start);
                if (auto r = cursor_.read(*it, part.from, dst, n); !r) return r;
                part.data = {dst, n};
            }
            parts_.push_back(part);
        }
        return {};
    }

    // `b`, made a piece long the first time a piece needs it.
    PieceBuffer& piece_sized(PieceBuffer& b) const {
        if (b.empty()) b = PieceBuffer(static_cast<std::size_t>(layout_.piece_size));
        return b;
    }

    // Hashes the gathered parts.
    void digest(int piece, std::int64_t start, std::size_t len) {
        if (leaves_)
            for (std::size_t i = 0; i < parts_.size(); ++i)
                if (!layout_.files[parts_[i].file].pad)
                    leaves_->take(sha256_, parts_[i].file, parts_[i].from, parts_[i].data);
        const auto p = static_cast<std::size_t>(piece);
        if (layout_.v1) {
            sha1_.reset();
            for (const Part& part : parts_)
                sha1_.update(part.data);
            sha1_.finish(out_.v1[p].data());
        }
        if (layout_.v2) {
            const int fi = file_at(layout_, start);
            if (fi >= 0 && !layout_.files[static_cast<std::size_t>(fi)].pad) {
                // The piece starts in file fi (v2 pieces never cross files): parts_[0].
                const LayoutFile& f = layout_.files[static_cast<std::size_t>(fi)];
                const auto in_file = static_cast<std::size_t>(
                    std::min<std::int64_t>(len, f.offset + f.size - start));
                const std::size_t nblocks = (in_file + kBlockSize - 1) / kBlockSize;
                hash_blocks(sha256_, parts_[0].data.first(in_file),
                            std::span(blocks_).first(nblocks));
                // A file smaller than a piece has a tree just wide enough for its blocks.
                const std::size_t file_blocks = static_cast<std::size_t>(
                    (f.size + std::int64_t(kBlockSize) - 1) / std::int64_t(kBlockSize));
                const std::size_t width =
                    f.size < layout_.piece_size
                        ? next_pow2(file_blocks)
                        : static_cast<std::size_t>(layout_.piece_size) / kBlockSize;
                out_.v2[p] =
                    merkle_root(sha256_, std::span(blocks_).first(nblocks), width, Sha256Digest{});
                out_.v2_file[p] = fi;
            }
        }
    }

    const Layout& layout_;
    PieceHashes& out_;
    FileLeaves* leaves_;
    std::vector<Part> parts_;
    PieceBuffer buffer_;  // the files' bytes, at their offset in the piece
    PieceBuffer zeros_;   // pad files
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
    auto work = [&] {
        Worker worker(layout, out, leaves ? &*leaves : nullptr);
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
