#include <shoal/ledger/identity.h>
#include <shoal/ledger/tree_head.h>

namespace shoal::ledger {

std::vector<std::uint8_t> tree_head_message(std::uint64_t tree_size, const Hash& root,
                                            std::uint64_t timestamp_ms) {
    std::vector<std::uint8_t> m;
    m.reserve(50);
    m.push_back(0x00);  // version v1
    m.push_back(0x01);  // signature_type tree_hash
    for (int shift = 56; shift >= 0; shift -= 8)
        m.push_back(static_cast<std::uint8_t>(timestamp_ms >> shift));
    for (int shift = 56; shift >= 0; shift -= 8)
        m.push_back(static_cast<std::uint8_t>(tree_size >> shift));
    m.insert(m.end(), root.begin(), root.end());
    return m;
}

bool verify_tree_head(const SignedTreeHead& head, std::span<const std::uint8_t> public_key) {
    return verify_signature(public_key,
                            tree_head_message(head.tree_size, head.root, head.timestamp_ms),
                            head.signature);
}

}  // namespace shoal::ledger
