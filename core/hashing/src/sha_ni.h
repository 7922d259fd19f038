// SHA-1 and SHA-256 compression with the x86 SHA extensions, several messages interleaved on
// one core (internal). One message's rounds form a chain where each waits for the last, so
// a core that runs one message idles between instructions; the rounds of other messages
// fill those gaps. Measured on the bench host (AMD EPYC, 16 KiB and 1 MiB messages in
// cache): SHA-1 1.8 GB/s one at a time as in OpenSSL, 3.7 GB/s three at a time; SHA-256
// 1.7 GB/s against 2.8 GB/s four at a time (more lanes run out of registers and lose).
#pragma once

#include <cstddef>
#include <cstdint>

namespace shoal::hashing::ni {

inline constexpr std::size_t kSha1Lanes = 3;
inline constexpr std::size_t kSha256Lanes = 4;

// Whether this CPU has the SHA extensions (with SSSE3 and SSE4.1); false off x86-64.
bool supported();

// Compresses `blocks` 64-byte blocks of each of `lanes` messages (2 to kSha1Lanes /
// kSha256Lanes: one message alone goes to OpenSSL, as fast) into that message's state, the words
// h0..h4 / h0..h7 of FIPS 180-4. Only when supported().
void sha1_compress(std::uint32_t* const* states, const std::uint8_t* const* data, std::size_t lanes,
                   std::size_t blocks);
void sha256_compress(std::uint32_t* const* states, const std::uint8_t* const* data,
                     std::size_t lanes, std::size_t blocks);

}  // namespace shoal::hashing::ni
