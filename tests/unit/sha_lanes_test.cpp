// Digests of several messages at once: whether the SHA extensions' interleaved lanes or
// OpenSSL one by one computes them, each is what OpenSSL alone gives for that message, for
// every length around the padding's edges and every grouping of equal and unequal lengths.
#include "sha_lanes.h"

#include "sha_ni.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace shoal::hashing {
namespace {

std::vector<std::uint8_t> bytes(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<std::uint8_t> out(n);
    for (auto& b : out)
        b = static_cast<std::uint8_t>(rng());
    return out;
}

// Runs of 1 to 7 messages of each length, then every length one after another.
std::vector<std::vector<std::vector<std::uint8_t>>> batches() {
    const std::size_t lengths[] = {
        0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 16383, 16384, (1 << 20) + 13};
    std::vector<std::vector<std::vector<std::uint8_t>>> out;
    std::uint32_t seed = 1;
    for (const std::size_t len : lengths)
        for (std::size_t count = 1; count <= 7; ++count) {
            out.emplace_back();
            for (std::size_t i = 0; i < count; ++i)
                out.back().push_back(bytes(len, seed++));
        }
    out.emplace_back();
    for (const std::size_t len : lengths)
        out.back().push_back(bytes(len, seed++));
    return out;
}

template <class Digest, class Each, class One>
void expect_each_is_openssls(Algorithm algorithm, Each each, One one) {
    Hasher lanes_fallback(algorithm);
    Hasher reference(algorithm);
    for (const auto& batch : batches()) {
        std::vector<Message> messages(batch.begin(), batch.end());
        std::vector<Digest> got(batch.size());
        each(lanes_fallback, messages, got.data());
        for (std::size_t i = 0; i < batch.size(); ++i)
            EXPECT_EQ(hex(got[i]), hex((reference.*one)(batch[i])))
                << batch.size() << " messages of " << batch[0].size() << " bytes, message " << i;
    }
}

TEST(ShaLanes, EverySha1IsOpenSsls) {
    expect_each_is_openssls<Sha1Digest>(Algorithm::sha1, sha1_each, &Hasher::sha1);
}

TEST(ShaLanes, EverySha256IsOpenSsls) {
    expect_each_is_openssls<Sha256Digest>(Algorithm::sha256, sha256_each, &Hasher::sha256);
}

// The tests above check the lanes only where the CPU has them: make sure that is where the
// kernel says it has, so that a wrong check cannot quietly route every digest to OpenSSL.
TEST(ShaLanes, TheExtensionsAreFoundWhereTheKernelListsThem) {
#if defined(__x86_64__) && defined(__linux__)
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    bool listed = false;
    while (std::getline(cpuinfo, line))
        if (line.rfind("flags", 0) == 0) {
            std::istringstream words(line);
            for (std::string w; words >> w;)
                listed = listed || w == "sha_ni";
            break;
        }
    EXPECT_EQ(ni::supported(), listed);
#else
    EXPECT_FALSE(ni::supported());
#endif
}

}  // namespace
}  // namespace shoal::hashing
