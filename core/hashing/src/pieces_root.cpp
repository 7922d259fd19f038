#include "read_exactly.h"

#include <shoal/hashing/merkle.h>
#include <shoal/hashing/pieces_root.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace shoal::hashing {
namespace {

// Work unit: a complete subtree of this many blocks (4 MiB), hashed by one thread.
constexpr std::size_t kChunkBlocks = 256;
constexpr std::size_t kChunkBytes = kChunkBlocks * kBlockSize;

}  // namespace

Result<std::optional<Sha256Digest>> file_pieces_root(
    const std::filesystem::path& file, unsigned threads, const std::atomic<bool>* cancel,
    const std::function<void(const RootProgress&)>& progress) {
    const std::string what = "cannot hash '" + file.string() + "': ";
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return bad_input(what + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return bad_input(what + "not a regular file");
    }
    const auto size = static_cast<std::int64_t>(st.st_size);
    if (size == 0) {
        ::close(fd);
        return std::optional<Sha256Digest>{};
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    const std::size_t blocks =
        static_cast<std::size_t>((size + std::int64_t(kBlockSize) - 1) / std::int64_t(kBlockSize));
    const std::size_t chunks = (blocks + kChunkBlocks - 1) / kChunkBlocks;
    // A file of one chunk or less is one tree just wide enough for its blocks.
    const std::size_t chunk_width = chunks == 1 ? next_pow2(blocks) : kChunkBlocks;

    std::vector<Sha256Digest> chunk_roots(chunks);
    std::atomic<std::size_t> next{0};
    std::atomic<std::int64_t> done{0};
    std::mutex m;
    std::condition_variable cv;
    std::optional<Error> error;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, chunks));
    unsigned running = threads;

    auto work = [&] {
        Hasher h(Algorithm::sha256);
        std::vector<std::uint8_t> buf(kChunkBytes);
        std::vector<Sha256Digest> leaves(kChunkBlocks);
        for (;;) {
            const std::size_t c = next.fetch_add(1);
            if (c >= chunks || (cancel && *cancel)) break;
            {
                std::lock_guard lock(m);
                if (error) break;
            }
            const auto offset = static_cast<std::int64_t>(c * kChunkBytes);
            const auto len =
                static_cast<std::size_t>(std::min<std::int64_t>(kChunkBytes, size - offset));
            if (auto why = read_exactly(fd, offset, buf.data(), len); !why.empty()) {
                std::lock_guard lock(m);
                if (!error) error = bad_input(what + why);
                break;
            }
            const std::size_t nblocks = (len + kBlockSize - 1) / kBlockSize;
            hash_blocks(h, {buf.data(), len}, std::span(leaves).first(nblocks));
            chunk_roots[c] =
                merkle_root(h, std::span(leaves).first(nblocks), chunk_width, Sha256Digest{});
            done += static_cast<std::int64_t>(len);
        }
        std::lock_guard lock(m);
        --running;
        cv.notify_all();
    };
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i)
        pool.emplace_back(work);
    {
        std::unique_lock lock(m);
        while (!cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return running == 0; }))
            if (progress) progress({done.load(), size});
    }
    for (auto& t : pool)
        t.join();
    ::close(fd);
    if (error) return *error;
    if (cancel && *cancel) return runtime_error(what + "cancelled");
    if (progress) progress({size, size});
    if (chunks == 1) return std::optional<Sha256Digest>(chunk_roots[0]);
    Hasher h(Algorithm::sha256);
    return std::optional<Sha256Digest>(
        merkle_root(h, chunk_roots, next_pow2(chunks), zero_subtree_root(h, kChunkBlocks)));
}

}  // namespace shoal::hashing
