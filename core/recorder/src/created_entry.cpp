#include <shoal/recorder/created_entry.h>

namespace shoal::recorder {

ledger::LedgerEntry created_entry(const hashing::CreatedTorrent& torrent, std::int64_t time) {
    ledger::LedgerEntry e;
    e.kind = ledger::EntryKind::created;
    e.time = time;
    e.info_hash_v1 = torrent.info_hash_v1;
    e.info_hash_v2 = torrent.info_hash_v2;
    e.name = torrent.name;
    e.size = torrent.total_size;
    e.files.reserve(torrent.files.size());
    for (const auto& f : torrent.files)
        e.files.push_back({f.path, f.size, f.pieces_root});
    return e;
}

}  // namespace shoal::recorder
