#include <shoal/hashing/sha.h>
#include <shoal/ledger/merkle.h>

#include <algorithm>
#include <bit>

namespace shoal::ledger {
namespace {

hashing::Hasher& hasher() {
    thread_local hashing::Hasher h(hashing::Algorithm::sha256);
    return h;
}

// Largest power of two strictly less than n (n >= 2).
std::uint64_t split_point(std::uint64_t n) {
    return std::bit_floor(n - 1);
}

Hash to_hash(const Bytes& b) {
    Hash h{};
    std::copy(b.begin(), b.end(), h.begin());
    return h;
}

Hash children(const Hash& l, const Hash& r) {
    return node_hash(l, r);
}

// Folds audit path elements that sit to the left (bit set) or right (bit clear) of the
// running hash, level by level, for the inner part of a proof.
Hash chain_inner(Hash seed, std::span<const Bytes> proof, std::uint64_t index) {
    for (std::size_t i = 0; i < proof.size(); ++i)
        seed = ((index >> i) & 1) == 0 ? children(seed, to_hash(proof[i]))
                                       : children(to_hash(proof[i]), seed);
    return seed;
}

// The same, keeping only the elements to the left: the hash of the tree truncated at
// the running node.
Hash chain_inner_right(Hash seed, std::span<const Bytes> proof, std::uint64_t index) {
    for (std::size_t i = 0; i < proof.size(); ++i)
        if (((index >> i) & 1) == 1) seed = children(to_hash(proof[i]), seed);
    return seed;
}

// Above the point where the path leaves the right edge, every element is a left sibling.
Hash chain_border_right(Hash seed, std::span<const Bytes> proof) {
    for (const auto& p : proof)
        seed = children(to_hash(p), seed);
    return seed;
}

// Splits a proof for leaf `index` in a tree of `size` into the part below the level
// where the path joins the tree's right border (inner) and the part on it (border).
std::pair<std::size_t, std::size_t> decompose(std::uint64_t index, std::uint64_t size) {
    const auto inner = static_cast<std::size_t>(std::bit_width(index ^ (size - 1)));
    const auto border = static_cast<std::size_t>(std::popcount(index >> inner));
    return {inner, border};
}

bool all_hashes(const std::vector<Bytes>& proof) {
    return std::all_of(proof.begin(), proof.end(), [](const Bytes& b) { return b.size() == 32; });
}

Bytes bytes_of(const Hash& h) {
    return Bytes(h.begin(), h.end());
}

void subproof(std::span<const Hash> leaves, std::uint64_t m, bool complete,
              std::vector<Hash>& out) {
    const std::uint64_t n = leaves.size();
    if (m == n) {
        if (!complete) out.push_back(tree_hash(leaves));
        return;
    }
    const std::uint64_t k = split_point(n);
    if (m <= k) {
        subproof(leaves.first(k), m, complete, out);
        out.push_back(tree_hash(leaves.subspan(k)));
    } else {
        subproof(leaves.subspan(k), m - k, false, out);
        out.push_back(tree_hash(leaves.first(k)));
    }
}

}  // namespace

Hash leaf_hash(std::span<const std::uint8_t> entry) {
    static constexpr std::uint8_t prefix = 0x00;
    auto& h = hasher();
    h.update({&prefix, 1});
    h.update(entry);
    Hash out{};
    h.finish(out.data());
    return out;
}

Hash node_hash(const Hash& left, const Hash& right) {
    static constexpr std::uint8_t prefix = 0x01;
    auto& h = hasher();
    h.update({&prefix, 1});
    h.update(left);
    h.update(right);
    Hash out{};
    h.finish(out.data());
    return out;
}

Hash empty_tree_hash() {
    Hash out{};
    hasher().finish(out.data());
    return out;
}

void CompactRange::append(const Hash& leaf) {
    Hash carry = leaf;
    // Each trailing one bit of the size is a complete subtree of the same size as the
    // carry: merge them.
    for (std::uint64_t s = size_; s & 1; s >>= 1) {
        carry = node_hash(hashes_.back(), carry);
        hashes_.pop_back();
    }
    hashes_.push_back(carry);
    ++size_;
}

Hash CompactRange::root() const {
    if (hashes_.empty()) return empty_tree_hash();
    Hash r = hashes_.back();
    for (auto it = hashes_.rbegin() + 1; it != hashes_.rend(); ++it)
        r = node_hash(*it, r);
    return r;
}

bool CompactRange::restore(std::uint64_t size, std::vector<Hash> hashes) {
    if (static_cast<std::size_t>(std::popcount(size)) != hashes.size()) return false;
    size_ = size;
    hashes_ = std::move(hashes);
    return true;
}

Hash tree_hash(std::span<const Hash> leaves) {
    CompactRange range;
    for (const auto& l : leaves)
        range.append(l);
    return range.root();
}

std::vector<Hash> inclusion_proof(std::span<const Hash> leaves, std::uint64_t index) {
    std::vector<Hash> path;
    std::uint64_t m = index;
    // Walk down from the root, collecting the sibling of the side that holds the leaf;
    // the path is listed leaf to root, so build it in reverse.
    std::vector<Hash> reversed;
    while (leaves.size() > 1) {
        const std::uint64_t k = split_point(leaves.size());
        if (m < k) {
            reversed.push_back(tree_hash(leaves.subspan(k)));
            leaves = leaves.first(k);
        } else {
            reversed.push_back(tree_hash(leaves.first(k)));
            leaves = leaves.subspan(k);
            m -= k;
        }
    }
    path.assign(reversed.rbegin(), reversed.rend());
    return path;
}

std::vector<Hash> consistency_proof(std::span<const Hash> leaves, std::uint64_t old_size) {
    std::vector<Hash> out;
    if (old_size == 0 || old_size >= leaves.size()) return out;
    subproof(leaves, old_size, true, out);
    return out;
}

bool verify_inclusion(std::uint64_t index, std::uint64_t size, const Bytes& leaf,
                      const std::vector<Bytes>& proof, const Bytes& root) {
    if (index >= size || leaf.size() != 32 || root.size() != 32 || !all_hashes(proof)) return false;
    const auto [inner, border] = decompose(index, size);
    if (proof.size() != inner + border) return false;
    Hash r = chain_inner(to_hash(leaf), std::span(proof).first(inner), index);
    r = chain_border_right(r, std::span(proof).subspan(inner));
    return bytes_of(r) == root;
}

bool verify_consistency(std::uint64_t size1, std::uint64_t size2, const std::vector<Bytes>& proof,
                        const Bytes& root1, const Bytes& root2) {
    if (size2 < size1 || !all_hashes(proof)) return false;
    // A tree of no leaves has nothing to be consistent with: never accepted as a proof.
    if (size1 == 0) return false;
    if (size1 == size2) return proof.empty() && root1 == root2;
    if (proof.empty() || root1.size() != 32 || root2.size() != 32) return false;

    auto [inner, border] = decompose(size1 - 1, size2);
    const auto shift = static_cast<std::size_t>(std::countr_zero(size1));
    inner -= shift;
    // Unless the old tree is itself a complete subtree, the proof starts with the hash of
    // the largest complete subtree on the old tree's right edge.
    Hash seed{};
    std::size_t start = 0;
    if (size1 == (std::uint64_t{1} << shift)) {
        seed = to_hash(root1);
    } else {
        seed = to_hash(proof[0]);
        start = 1;
    }
    if (proof.size() != start + inner + border) return false;
    const auto rest = std::span(proof).subspan(start);
    const std::uint64_t mask = (size1 - 1) >> shift;
    Hash h1 = chain_inner_right(seed, rest.first(inner), mask);
    h1 = chain_border_right(h1, rest.subspan(inner));
    if (bytes_of(h1) != root1) return false;
    Hash h2 = chain_inner(seed, rest.first(inner), mask);
    h2 = chain_border_right(h2, rest.subspan(inner));
    return bytes_of(h2) == root2;
}

}  // namespace shoal::ledger
