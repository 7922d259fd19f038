// SignedTreeHead: a signed statement "the log had tree_size entries with this root at
// this time". The signed bytes are RFC 6962's TreeHeadSignature (section 3.5):
//   version 0x00 | signature_type 0x01 (tree_hash) | timestamp (uint64, ms, big-endian)
//   | tree_size (uint64, big-endian) | root (32 bytes)
// 50 bytes, signed with Ed25519 (RFC 8032) by the node's key.
#pragma once

#include <shoal/ledger/merkle.h>

#include <cstdint>
#include <span>
#include <vector>

namespace shoal::ledger {

struct SignedTreeHead {
    std::uint64_t tree_size = 0;
    Hash root{};
    std::uint64_t timestamp_ms = 0;
    std::vector<std::uint8_t> signature;  // 64 bytes
};

std::vector<std::uint8_t> tree_head_message(std::uint64_t tree_size, const Hash& root,
                                            std::uint64_t timestamp_ms);
bool verify_tree_head(const SignedTreeHead& head, std::span<const std::uint8_t> public_key);

}  // namespace shoal::ledger
