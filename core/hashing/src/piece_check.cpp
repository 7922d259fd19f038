#include "piece_hasher.h"

#include <shoal/hashing/piece_check.h>

namespace shoal::hashing {

Result<std::vector<bool>> check_pieces(const Layout& layout, std::span<const Sha1Digest> expected,
                                       unsigned threads, std::atomic<std::int64_t>& bytes_done,
                                       const std::atomic<bool>* cancel) {
    const auto n = static_cast<std::size_t>(std::max(0, layout.num_pieces));
    if (expected.size() != n)
        return bad_input("the torrent has " + std::to_string(expected.size()) +
                         " piece hashes for " + std::to_string(n) + " pieces");
    Layout sha1_only = layout;
    sha1_only.v1 = true;
    sha1_only.v2 = false;
    sha1_only.file_roots = false;
    auto hashes = hash_pieces(sha1_only, threads, bytes_done, cancel, {}, ReadErrors::fail_piece);
    if (!hashes) return hashes.error();
    std::vector<bool> good(n);
    for (std::size_t p = 0; p < n; ++p)
        good[p] = !hashes->unreadable[p] && hashes->v1[p] == expected[p];
    return good;
}

}  // namespace shoal::hashing
