#include "check_leaves.h"

#include <shoal/hashing/merkle.h>

#include <libtorrent/file_storage.hpp>

namespace shoal::engine {

void CheckLeaves::put(const lt::sha1_hash& torrent, lt::piece_index_t piece,
                      const lt::sha1_hash& sha1, Leaves leaves) {
    std::lock_guard lock(mutex_);
    pieces_[{torrent, piece}] = Entry{sha1, std::move(leaves)};
}

std::optional<Leaves> CheckLeaves::take(const lt::sha1_hash& torrent, lt::piece_index_t piece,
                                        const lt::sha1_hash& expected) {
    std::lock_guard lock(mutex_);
    auto it = pieces_.find({torrent, piece});
    if (it == pieces_.end()) return std::nullopt;
    Entry entry = std::move(it->second);
    pieces_.erase(it);
    if (entry.sha1 != expected) return std::nullopt;
    return std::move(entry.leaves);
}

void CheckLeaves::forget(const lt::sha1_hash& torrent) {
    std::lock_guard lock(mutex_);
    auto it = pieces_.lower_bound({torrent, lt::piece_index_t(0)});
    while (it != pieces_.end() && it->first.first == torrent)
        it = pieces_.erase(it);
}

bool check_gives_leaves(const lt::file_storage& fs, std::int64_t max_size) {
    const auto block = static_cast<int>(hashing::kBlockSize);
    if (fs.v2() || fs.total_size() > max_size || fs.piece_length() <= 0 ||
        fs.piece_length() % block != 0)
        return false;
    for (auto i : fs.file_range())
        if (!fs.pad_file_at(i) && fs.file_size(i) > 0 && fs.file_offset(i) % fs.piece_length() != 0)
            return false;
    return true;
}

}  // namespace shoal::engine
