#include "sha_ni.h"

#include <cstdlib>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace shoal::hashing::ni {

#if defined(__x86_64__)

namespace {

#define SHOAL_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

alignas(16) constexpr std::uint32_t kSha256K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

SHOAL_SHA_TARGET inline __m128i load(const std::uint8_t* p) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// Four message words, read big-endian: for SHA-1 in reverse lane order (word 0 in the top
// lane, as sha1rnds4 takes them), for SHA-256 in order.
SHOAL_SHA_TARGET inline __m128i sha1_words(const std::uint8_t* p) {
    return _mm_shuffle_epi8(load(p), _mm_set_epi64x(0x0001020304050607, 0x08090a0b0c0d0e0f));
}
SHOAL_SHA_TARGET inline __m128i sha256_words(const std::uint8_t* p) {
    return _mm_shuffle_epi8(load(p), _mm_set_epi64x(0x0c0d0e0f08090a0b, 0x0405060700010203));
}

// sha1rnds4 takes its round function as an immediate.
SHOAL_SHA_TARGET inline __m128i sha1_rounds(__m128i abcd, __m128i e, int group) {
    switch (group / 5) {
        case 0:
            return _mm_sha1rnds4_epu32(abcd, e, 0);
        case 1:
            return _mm_sha1rnds4_epu32(abcd, e, 1);
        case 2:
            return _mm_sha1rnds4_epu32(abcd, e, 2);
        default:
            return _mm_sha1rnds4_epu32(abcd, e, 3);
    }
}

// The state is kept as ABCD (A in the top lane) and E (in the top lane of its own register).
// Each of the 20 groups runs 4 rounds; w holds the last 16 message words, 4 to a register.
template <std::size_t L>
SHOAL_SHA_TARGET void sha1_lanes(std::uint32_t* const* states, const std::uint8_t* const* data,
                                 std::size_t blocks) {
    __m128i abcd[L], e0[L];
    for (std::size_t l = 0; l < L; ++l) {
        abcd[l] = _mm_shuffle_epi32(load(reinterpret_cast<const std::uint8_t*>(states[l])), 0x1B);
        e0[l] = _mm_set_epi32(static_cast<int>(states[l][4]), 0, 0, 0);
    }
    for (std::size_t at = 0; at < blocks * 64; at += 64) {
        __m128i saved_abcd[L], saved_e[L], w[L][4], prev[L], e[L];
#pragma GCC unroll 20
        for (int g = 0; g < 20; ++g) {
#pragma GCC unroll 4
            for (std::size_t l = 0; l < L; ++l) {
                __m128i* W = w[l];
                if (g < 4)
                    W[g] = sha1_words(data[l] + at + 16 * g);
                else
                    W[g & 3] = _mm_sha1msg2_epu32(
                        _mm_xor_si128(_mm_sha1msg1_epu32(W[g & 3], W[(g + 1) & 3]), W[(g + 2) & 3]),
                        W[(g + 3) & 3]);
                if (g == 0) {
                    saved_abcd[l] = abcd[l];
                    saved_e[l] = e0[l];
                    e[l] = _mm_add_epi32(e0[l], W[0]);
                } else {
                    e[l] = _mm_sha1nexte_epu32(prev[l], W[g & 3]);
                }
                prev[l] = abcd[l];
                abcd[l] = sha1_rounds(abcd[l], e[l], g);
            }
        }
        for (std::size_t l = 0; l < L; ++l) {
            e0[l] = _mm_sha1nexte_epu32(prev[l], saved_e[l]);
            abcd[l] = _mm_add_epi32(abcd[l], saved_abcd[l]);
        }
    }
    for (std::size_t l = 0; l < L; ++l) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(states[l]), _mm_shuffle_epi32(abcd[l], 0x1B));
        states[l][4] = static_cast<std::uint32_t>(_mm_extract_epi32(e0[l], 3));
    }
}

// The state is kept as ABEF and CDGH, as sha256rnds2 takes it. Each of the 16 groups runs
// 4 rounds, two per sha256rnds2.
template <std::size_t L>
SHOAL_SHA_TARGET void sha256_lanes(std::uint32_t* const* states, const std::uint8_t* const* data,
                                   std::size_t blocks) {
    __m128i abef[L], cdgh[L];
    for (std::size_t l = 0; l < L; ++l) {
        const __m128i dcba = load(reinterpret_cast<const std::uint8_t*>(states[l]));
        const __m128i hgfe = load(reinterpret_cast<const std::uint8_t*>(states[l] + 4));
        const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
        const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
        abef[l] = _mm_alignr_epi8(cdab, efgh, 8);
        cdgh[l] = _mm_blend_epi16(efgh, cdab, 0xF0);
    }
    for (std::size_t at = 0; at < blocks * 64; at += 64) {
        __m128i saved_abef[L], saved_cdgh[L], w[L][4];
        for (std::size_t l = 0; l < L; ++l) {
            saved_abef[l] = abef[l];
            saved_cdgh[l] = cdgh[l];
        }
#pragma GCC unroll 16
        for (int g = 0; g < 16; ++g) {
            const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(kSha256K + 4 * g));
#pragma GCC unroll 4
            for (std::size_t l = 0; l < L; ++l) {
                __m128i* W = w[l];
                if (g < 4)
                    W[g] = sha256_words(data[l] + at + 16 * g);
                else
                    W[g & 3] = _mm_sha256msg2_epu32(
                        _mm_add_epi32(_mm_sha256msg1_epu32(W[g & 3], W[(g + 1) & 3]),
                                      _mm_alignr_epi8(W[(g + 3) & 3], W[(g + 2) & 3], 4)),
                        W[(g + 3) & 3]);
                const __m128i wk = _mm_add_epi32(W[g & 3], k);
                cdgh[l] = _mm_sha256rnds2_epu32(cdgh[l], abef[l], wk);
                abef[l] = _mm_sha256rnds2_epu32(abef[l], cdgh[l], _mm_shuffle_epi32(wk, 0x0E));
            }
        }
        for (std::size_t l = 0; l < L; ++l) {
            abef[l] = _mm_add_epi32(abef[l], saved_abef[l]);
            cdgh[l] = _mm_add_epi32(cdgh[l], saved_cdgh[l]);
        }
    }
    for (std::size_t l = 0; l < L; ++l) {
        const __m128i feba = _mm_shuffle_epi32(abef[l], 0x1B);
        const __m128i dchg = _mm_shuffle_epi32(cdgh[l], 0xB1);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(states[l]), _mm_blend_epi16(feba, dchg, 0xF0));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(states[l] + 4), _mm_alignr_epi8(dchg, feba, 8));
    }
}

#undef SHOAL_SHA_TARGET

}  // namespace

bool supported() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
    const bool ssse3_sse41 = (c & bit_SSSE3) && (c & bit_SSE4_1);
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return ssse3_sse41 && (b & bit_SHA);
}

void sha1_compress(std::uint32_t* const* states, const std::uint8_t* const* data, std::size_t lanes,
                   std::size_t blocks) {
    switch (lanes) {
        case 2:
            return sha1_lanes<2>(states, data, blocks);
        case 3:
            return sha1_lanes<3>(states, data, blocks);
        default:
            std::abort();
    }
}

void sha256_compress(std::uint32_t* const* states, const std::uint8_t* const* data,
                     std::size_t lanes, std::size_t blocks) {
    switch (lanes) {
        case 2:
            return sha256_lanes<2>(states, data, blocks);
        case 3:
            return sha256_lanes<3>(states, data, blocks);
        case 4:
            return sha256_lanes<4>(states, data, blocks);
        default:
            std::abort();
    }
}

#else

bool supported() {
    return false;
}

void sha1_compress(std::uint32_t* const*, const std::uint8_t* const*, std::size_t, std::size_t) {
    std::abort();
}

void sha256_compress(std::uint32_t* const*, const std::uint8_t* const*, std::size_t, std::size_t) {
    std::abort();
}

#endif

}  // namespace shoal::hashing::ni
