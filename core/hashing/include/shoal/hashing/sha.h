// SHA-1 and SHA-256 through OpenSSL (which uses the CPU's SHA instructions where present).
// A Hasher keeps its OpenSSL context, so hashing many 16 KiB blocks costs no allocations.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace shoal::hashing {

using Sha1Digest = std::array<std::uint8_t, 20>;
using Sha256Digest = std::array<std::uint8_t, 32>;

enum class Algorithm { sha1, sha256 };

class Hasher {
  public:
    explicit Hasher(Algorithm algorithm);
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    // One-shot digests of `data`.
    Sha1Digest sha1(std::span<const std::uint8_t> data);
    Sha256Digest sha256(std::span<const std::uint8_t> data);
    // SHA-256 of a ‖ b (the merkle interior node, without the RFC 6962 prefix byte).
    Sha256Digest sha256_pair(const Sha256Digest& a, const Sha256Digest& b);

    // Incremental use.
    void reset();
    void update(std::span<const std::uint8_t> data);
    void finish(std::uint8_t* out);  // 20 or 32 bytes by algorithm

  private:
    struct State;
    std::unique_ptr<State> state_;
};

std::string hex(std::span<const std::uint8_t> digest);

}  // namespace shoal::hashing
