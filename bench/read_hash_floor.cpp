// Bench helper (not a test, no Shoal code): the least work any torrent creator or checker
// does on a payload in the page cache. It reads every byte once with pread() into a buffer
// per thread and hashes it on every core: SHA-1 per piece (v1), SHA-256 per 16 KiB block
// (v2), or both (hybrid, whose SHA-1 also covers the zeros that pad each file but the last
// to a whole piece); it makes no torrent and keeps no tree. bench/run times it beside
// the clients, so that a hashing row shows how far `openssl speed` alone is from what
// reading the files allows on this machine.
//   shoal_read_hash_floor v1|v2|hybrid PIECE_BYTES PATH
#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

constexpr std::size_t kBlock = 16 * 1024;
constexpr std::size_t kHugePage = 2 << 20;

struct Chunk {
    std::size_t file;
    std::int64_t offset;
    std::size_t size;
    std::size_t pad;  // zeros after it in its v1 piece (hybrid)
};

std::vector<std::filesystem::path> files_of(const std::filesystem::path& path) {
    if (!std::filesystem::is_directory(path)) return {path};
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

// One thread: takes chunks until none are left; returns false on a read error.
// sha1/sha256: fetched once (null: not hashed); OpenSSL 3 looks a digest up again on each
// EVP_DigestInit_ex() given EVP_sha1() or EVP_sha256().
bool hash_chunks(const std::vector<std::filesystem::path>& files, const std::vector<Chunk>& chunks,
                 std::atomic<std::size_t>& next, std::size_t piece, const EVP_MD* sha1,
                 const EVP_MD* sha256, unsigned char& fold) {
    const std::size_t capacity = (piece + kHugePage - 1) / kHugePage * kHugePage;
    auto* buffer = static_cast<unsigned char*>(std::aligned_alloc(kHugePage, capacity));
    if (!buffer) return false;
    ::madvise(buffer, capacity, MADV_HUGEPAGE);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned char digest[EVP_MAX_MD_SIZE];
    int fd = -1;
    std::size_t open_file = files.size();
    bool ok = true;
    for (std::size_t i = next++; ok && i < chunks.size(); i = next++) {
        const Chunk& c = chunks[i];
        if (c.file != open_file) {
            if (fd >= 0) ::close(fd);
            fd = ::open(files[c.file].c_str(), O_RDONLY | O_CLOEXEC);
            open_file = c.file;
        }
        std::size_t got = 0;
        int err = fd < 0 ? errno : 0;
        while (fd >= 0 && got < c.size) {
            const auto n =
                ::pread(fd, buffer + got, c.size - got, c.offset + static_cast<std::int64_t>(got));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                err = n < 0 ? errno : 0;
                break;
            }
            got += static_cast<std::size_t>(n);
        }
        if (got < c.size) {
            std::fprintf(stderr, "cannot read %s: %s\n", files[c.file].c_str(),
                         err ? std::strerror(err) : "it is shorter than it was");
            ok = false;
            break;
        }
        if (sha1) {
            EVP_DigestInit_ex(ctx, sha1, nullptr);
            EVP_DigestUpdate(ctx, buffer, c.size);
            for (std::size_t left = c.pad; left > 0;) {
                static const std::vector<unsigned char> zeros(kBlock * 16, 0);
                const auto n = std::min(left, zeros.size());
                EVP_DigestUpdate(ctx, zeros.data(), n);
                left -= n;
            }
            EVP_DigestFinal_ex(ctx, digest, nullptr);
            fold ^= digest[0];
        }
        for (std::size_t at = 0; sha256 && at < c.size; at += kBlock) {
            EVP_DigestInit_ex(ctx, sha256, nullptr);
            EVP_DigestUpdate(ctx, buffer + at, std::min(kBlock, c.size - at));
            EVP_DigestFinal_ex(ctx, digest, nullptr);
            fold ^= digest[0];
        }
    }
    if (fd >= 0) ::close(fd);
    EVP_MD_CTX_free(ctx);
    std::free(buffer);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string format = argc == 4 ? argv[1] : "";
    const long piece = argc == 4 ? std::atol(argv[2]) : 0;
    if ((format != "v1" && format != "v2" && format != "hybrid") || piece < long(kBlock) ||
        piece % long(kBlock) != 0) {
        std::fprintf(stderr, "usage: %s v1|v2|hybrid PIECE_BYTES PATH\n", argv[0]);
        return 2;
    }
    std::error_code ec;
    const auto files = files_of(argv[3]);
    std::vector<Chunk> chunks;
    for (std::size_t f = 0; f < files.size(); ++f) {
        const auto size = static_cast<std::int64_t>(std::filesystem::file_size(files[f], ec));
        if (ec) {
            std::fprintf(stderr, "%s: %s\n", files[f].c_str(), ec.message().c_str());
            return 1;
        }
        for (std::int64_t at = 0; at < size; at += piece) {
            const auto n = static_cast<std::size_t>(std::min<std::int64_t>(piece, size - at));
            const bool padded = format == "hybrid" && f + 1 < files.size();
            chunks.push_back({f, at, n, padded ? static_cast<std::size_t>(piece) - n : 0});
        }
    }
    EVP_MD* sha1 = format != "v2" ? EVP_MD_fetch(nullptr, "SHA1", nullptr) : nullptr;
    EVP_MD* sha256 = format != "v1" ? EVP_MD_fetch(nullptr, "SHA256", nullptr) : nullptr;
    if ((format != "v2" && !sha1) || (format != "v1" && !sha256)) {
        std::fprintf(stderr, "OpenSSL has no SHA-1/SHA-256 implementation\n");
        return 1;
    }
    std::atomic<std::size_t> next{0};
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<unsigned char> folds(threads, 0);
    std::vector<char> oks(threads, 0);
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            oks[t] = hash_chunks(files, chunks, next, static_cast<std::size_t>(piece), sha1, sha256,
                                 folds[t]);
        });
    unsigned fold = 0;
    bool ok = true;
    for (unsigned t = 0; t < threads; ++t) {
        pool[t].join();
        fold ^= folds[t];
        ok = ok && oks[t];
    }
    EVP_MD_free(sha1);
    EVP_MD_free(sha256);
    if (!ok) return 1;
    std::printf("%s: %zu files, %zu pieces hashed on %u threads (fold %02x)\n", format.c_str(),
                files.size(), chunks.size(), threads, fold);
    return 0;
}
