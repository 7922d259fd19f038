// The digests of several messages at once (internal). With the CPU's SHA extensions, runs of
// messages of equal length are hashed a few at a time, interleaved on one core (sha_ni.h);
// without them, or for a message of a length of its own, `fallback` hashes one at a time.
#pragma once

#include "sha_ni.h"

#include <shoal/hashing/sha.h>

#include <cstdint>
#include <span>

namespace shoal::hashing {

using Message = std::span<const std::uint8_t>;

// How many messages of one length are hashed at once with the SHA extensions; how many
// this CPU hashes at once (1 without them).
using ni::kSha1Lanes;
using ni::kSha256Lanes;
std::size_t sha1_lanes();

// out[i] is the SHA-1 / SHA-256 of messages[i]; `fallback` is a Hasher of that algorithm.
void sha1_each(Hasher& fallback, std::span<const Message> messages, Sha1Digest* out);
void sha256_each(Hasher& fallback, std::span<const Message> messages, Sha256Digest* out);

}  // namespace shoal::hashing
