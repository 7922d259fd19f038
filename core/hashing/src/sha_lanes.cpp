#include "sha_lanes.h"

#include <algorithm>
#include <array>

namespace shoal::hashing {
namespace {

struct Sha1 {
    static constexpr std::size_t kLanes = kSha1Lanes;
    static constexpr std::array<std::uint32_t, 5> kInitial{0x67452301, 0xefcdab89, 0x98badcfe,
                                                           0x10325476, 0xc3d2e1f0};
    static void compress(std::uint32_t* const* s, const std::uint8_t* const* d, std::size_t lanes,
                         std::size_t blocks) {
        ni::sha1_compress(s, d, lanes, blocks);
    }
    static Sha1Digest one(Hasher& h, Message m) { return h.sha1(m); }
};

struct Sha256 {
    static constexpr std::size_t kLanes = kSha256Lanes;
    static constexpr std::array<std::uint32_t, 8> kInitial{0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                                           0xa54ff53a, 0x510e527f, 0x9b05688c,
                                                           0x1f83d9ab, 0x5be0cd19};
    static void compress(std::uint32_t* const* s, const std::uint8_t* const* d, std::size_t lanes,
                         std::size_t blocks) {
        ni::sha256_compress(s, d, lanes, blocks);
    }
    static Sha256Digest one(Hasher& h, Message m) { return h.sha256(m); }
};

bool have_sha_extensions() {
    static const bool have = ni::supported();  // cpuid traps to the hypervisor: ask once
    return have;
}

template <class Algo, class Digest>
void digest_each(Hasher& fallback, std::span<const Message> messages, Digest* out) {
    constexpr std::size_t kLanes = Algo::kLanes;
    constexpr std::size_t kWords = Algo::kInitial.size();
    for (std::size_t i = 0; i < messages.size();) {
        const std::size_t size = messages[i].size();
        std::size_t n = 1;
        while (n < kLanes && i + n < messages.size() && messages[i + n].size() == size)
            ++n;
        if (n == 1 || !have_sha_extensions()) {
            for (std::size_t l = 0; l < n; ++l)
                out[i + l] = Algo::one(fallback, messages[i + l]);
            i += n;
            continue;
        }
        std::array<std::array<std::uint32_t, kWords>, kLanes> state;
        std::array<std::uint32_t*, kLanes> states{};
        std::array<const std::uint8_t*, kLanes> data{};
        for (std::size_t l = 0; l < n; ++l) {
            state[l] = Algo::kInitial;
            states[l] = state[l].data();
            data[l] = messages[i + l].data();
        }
        const std::size_t whole = size / 64;
        if (whole > 0) Algo::compress(states.data(), data.data(), n, whole);
        // The last bytes, then 0x80, zeros, and the length in bits, big-endian, in the last 8
        // bytes of the last block (FIPS 180-4, 5.1.1): one block, or two if they do not fit.
        const std::size_t rest = size % 64;
        const std::size_t tail_blocks = rest < 56 ? 1 : 2;
        std::array<std::array<std::uint8_t, 128>, kLanes> tail{};
        const std::uint64_t bits = std::uint64_t{size} * 8;
        for (std::size_t l = 0; l < n; ++l) {
            std::copy_n(data[l] + whole * 64, rest, tail[l].begin());
            tail[l][rest] = 0x80;
            for (std::size_t b = 0; b < 8; ++b)
                tail[l][tail_blocks * 64 - 1 - b] = static_cast<std::uint8_t>(bits >> (8 * b));
            data[l] = tail[l].data();
        }
        Algo::compress(states.data(), data.data(), n, tail_blocks);
        for (std::size_t l = 0; l < n; ++l)
            for (std::size_t w = 0; w < kWords; ++w)
                for (std::size_t b = 0; b < 4; ++b)
                    out[i + l][4 * w + b] = static_cast<std::uint8_t>(state[l][w] >> (24 - 8 * b));
        i += n;
    }
}

}  // namespace

std::size_t sha1_lanes() {
    return have_sha_extensions() ? kSha1Lanes : 1;
}

void sha1_each(Hasher& fallback, std::span<const Message> messages, Sha1Digest* out) {
    digest_each<Sha1>(fallback, messages, out);
}

void sha256_each(Hasher& fallback, std::span<const Message> messages, Sha256Digest* out) {
    digest_each<Sha256>(fallback, messages, out);
}

}  // namespace shoal::hashing
