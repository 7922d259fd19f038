// RFC 6962 / RFC 9162 Merkle trees: leaf hash SHA-256(0x00 || entry), node hash
// SHA-256(0x01 || left || right), the tree hash of any number of leaves, inclusion and
// consistency proofs and their verification.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace shoal::ledger {

using Hash = std::array<std::uint8_t, 32>;
using Bytes = std::vector<std::uint8_t>;

Hash leaf_hash(std::span<const std::uint8_t> entry);
Hash node_hash(const Hash& left, const Hash& right);
Hash empty_tree_hash();  // SHA-256 of nothing: the root of a tree of no leaves

// The tree hash of a growing list of leaves in O(log n) memory: one hash per set bit of
// the size (the roots of the complete subtrees along the right edge).
class CompactRange {
  public:
    void append(const Hash& leaf);
    Hash root() const;
    std::uint64_t size() const { return size_; }
    const std::vector<Hash>& hashes() const { return hashes_; }
    // Rebuilds from saved hashes; false if they cannot belong to a tree of `size` leaves.
    bool restore(std::uint64_t size, std::vector<Hash> hashes);

  private:
    std::uint64_t size_ = 0;
    std::vector<Hash> hashes_;  // largest subtree first
};

Hash tree_hash(std::span<const Hash> leaves);
// The audit path of leaf `index` in the tree of all `leaves`.
std::vector<Hash> inclusion_proof(std::span<const Hash> leaves, std::uint64_t index);
// The proof that the tree of the first `old_size` leaves is a prefix of the tree of all.
std::vector<Hash> consistency_proof(std::span<const Hash> leaves, std::uint64_t old_size);

// Verifiers take raw byte strings: a value of the wrong length simply does not verify.
bool verify_inclusion(std::uint64_t index, std::uint64_t size, const Bytes& leaf,
                      const std::vector<Bytes>& proof, const Bytes& root);
bool verify_consistency(std::uint64_t size1, std::uint64_t size2, const std::vector<Bytes>& proof,
                        const Bytes& root1, const Bytes& root2);

}  // namespace shoal::ledger
