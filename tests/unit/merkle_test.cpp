// The ledger's own proofs: for every tree size up to 70, every inclusion proof and every
// consistency proof it makes verifies, and no altered one does.
#include <shoal/ledger/merkle.h>

#include <gtest/gtest.h>

namespace shoal::ledger {
namespace {

std::vector<Hash> leaves(std::size_t n) {
    std::vector<Hash> out;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string data = "entry " + std::to_string(i);
        out.push_back(leaf_hash({reinterpret_cast<const std::uint8_t*>(data.data()), data.size()}));
    }
    return out;
}

Bytes b(const Hash& h) {
    return Bytes(h.begin(), h.end());
}

std::vector<Bytes> b(const std::vector<Hash>& v) {
    std::vector<Bytes> out;
    for (const auto& h : v)
        out.push_back(b(h));
    return out;
}

TEST(Merkle, KnownRoots) {
    // RFC 6962 leaf and node hashing of the empty tree and one empty leaf.
    EXPECT_EQ(b(empty_tree_hash()),
              (Bytes{0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
                     0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
                     0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55}));
    const Hash leaf = leaf_hash({});
    EXPECT_EQ(b(leaf)[0], 0x6e);  // SHA-256(0x00) = 6e340b9c...
    EXPECT_EQ(tree_hash(std::vector<Hash>{leaf}), leaf);
}

TEST(Merkle, CompactRangeMatchesTheRecursiveDefinition) {
    auto all = leaves(70);
    CompactRange range;
    for (std::size_t n = 1; n <= all.size(); ++n) {
        range.append(all[n - 1]);
        std::span<const Hash> first(all.data(), n);
        // MTH by the RFC's recursion, written out.
        std::function<Hash(std::span<const Hash>)> mth = [&](std::span<const Hash> d) -> Hash {
            if (d.size() == 1) return d[0];
            std::size_t k = 1;
            while (k * 2 < d.size())
                k *= 2;
            return node_hash(mth(d.first(k)), mth(d.subspan(k)));
        };
        EXPECT_EQ(range.root(), mth(first)) << n;
        CompactRange restored;
        ASSERT_TRUE(restored.restore(range.size(), range.hashes()));
        EXPECT_EQ(restored.root(), range.root());
    }
}

TEST(Merkle, EveryInclusionProofVerifiesAndNoAlteredOneDoes) {
    auto all = leaves(70);
    for (std::size_t n = 1; n <= all.size(); ++n) {
        std::span<const Hash> tree(all.data(), n);
        const Bytes root = b(tree_hash(tree));
        for (std::size_t i = 0; i < n; ++i) {
            auto proof = b(inclusion_proof(tree, i));
            ASSERT_TRUE(verify_inclusion(i, n, b(tree[i]), proof, root)) << i << " of " << n;
            EXPECT_FALSE(verify_inclusion(i, n, b(all[(i + 1) % all.size()]), proof, root));
            if (!proof.empty()) {
                auto bad = proof;
                bad.back()[0] ^= 1;
                EXPECT_FALSE(verify_inclusion(i, n, b(tree[i]), bad, root));
            }
        }
    }
}

TEST(Merkle, EveryConsistencyProofVerifiesAndNoAlteredOneDoes) {
    auto all = leaves(40);
    for (std::size_t n = 1; n <= all.size(); ++n) {
        const Bytes root2 = b(tree_hash(std::span<const Hash>(all.data(), n)));
        for (std::size_t m = 1; m <= n; ++m) {
            const Bytes root1 = b(tree_hash(std::span<const Hash>(all.data(), m)));
            auto proof = b(consistency_proof(std::span<const Hash>(all.data(), n), m));
            ASSERT_TRUE(verify_consistency(m, n, proof, root1, root2)) << m << " -> " << n;
            if (m < n) {
                EXPECT_FALSE(verify_consistency(m, n, proof, root2, root1));
                auto bad = proof;
                bad.front()[5] ^= 0x10;
                EXPECT_FALSE(verify_consistency(m, n, bad, root1, root2));
            }
        }
    }
}

}  // namespace
}  // namespace shoal::ledger
