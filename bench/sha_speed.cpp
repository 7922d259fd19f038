// Bench helper: the all-core throughput of Shoal's own SHA-1 / SHA-256 (core/hashing's
// sha1_each / sha256_each, several messages interleaved per core where the CPU has the SHA
// extensions) over 16 KiB messages in memory, measured like `openssl speed -evp DIGEST
// -bytes 16384 -multi N`: one thread per core, each hashing its own buffer for SECONDS.
// Prints bytes per second. bench/run shows it beside OpenSSL's figure as a hashing limit.
//   shoal_sha_speed sha1|sha256 THREADS SECONDS
#include "sha_lanes.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t kMessage = 16 * 1024;
constexpr std::size_t kBatch = 12;  // a multiple of every lane count

template <class Digest, class Each>
void hash_until(shoal::hashing::Algorithm algorithm, Each each, const std::atomic<bool>& stop,
                std::uint64_t& bytes) {
    using namespace shoal::hashing;
    std::vector<std::uint8_t> data(kMessage * kBatch);
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<std::uint8_t>(i * 2654435761u >> 13);
    std::vector<Message> messages;
    for (std::size_t i = 0; i < kBatch; ++i)
        messages.emplace_back(data.data() + i * kMessage, kMessage);
    std::vector<Digest> out(kBatch);
    Hasher fallback(algorithm);
    while (!stop.load(std::memory_order_relaxed)) {
        each(fallback, messages, out.data());
        bytes += kMessage * kBatch;
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace shoal::hashing;
    const std::string digest = argc == 4 ? argv[1] : "";
    const int threads = argc == 4 ? std::atoi(argv[2]) : 0;
    const double seconds = argc == 4 ? std::atof(argv[3]) : 0;
    if ((digest != "sha1" && digest != "sha256") || threads < 1 || seconds <= 0) {
        std::fprintf(stderr, "usage: %s sha1|sha256 THREADS SECONDS\n", argv[0]);
        return 2;
    }
    std::atomic<bool> stop{false};
    std::vector<std::uint64_t> bytes(static_cast<std::size_t>(threads), 0);
    std::vector<std::thread> pool;
    const auto start = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            auto& b = bytes[static_cast<std::size_t>(t)];
            if (digest == "sha1")
                hash_until<Sha1Digest>(Algorithm::sha1, sha1_each, stop, b);
            else
                hash_until<Sha256Digest>(Algorithm::sha256, sha256_each, stop, b);
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : pool)
        t.join();
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::uint64_t total = 0;
    for (const auto b : bytes)
        total += b;
    std::printf("%.0f\n", static_cast<double>(total) / elapsed);
    return 0;
}
