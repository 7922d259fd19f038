// LedgerEntry: one record of the ledger, and its canonical bencoding (the bytes that
// are hashed into the log). Canonical means: dictionary keys in byte order, integers
// without leading zeros, hashes as raw bytes; decoding rejects anything else, so one
// entry has exactly one encoding.
#pragma once

#include <shoal/common/result.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::ledger {

enum class EntryKind {
    created,    // this node made a torrent of local data
    added,      // a torrent was added to the session
    completed,  // every selected piece is present and verified
    seeded,     // transfer counters, recorded periodically and at shutdown
    removed,    // the torrent left the session
    hashed,     // BEP 52 roots of a v1 torrent's files, computed after completion
};

std::string_view kind_name(EntryKind kind);
std::optional<EntryKind> kind_from_name(std::string_view name);

struct EntryFile {
    std::string path;  // '/'-separated, as in the torrent
    std::int64_t size = 0;
    std::string pieces_root;  // 64 hex characters; empty for empty files or unknown
    bool operator==(const EntryFile&) const = default;
};

struct LedgerEntry {
    EntryKind kind = EntryKind::added;
    std::int64_t time = 0;     // Unix seconds
    std::string info_hash_v1;  // 40 hex, or empty
    std::string info_hash_v2;  // 64 hex, or empty
    std::string name;
    std::int64_t size = 0;  // total bytes of the files (no padding)
    std::vector<EntryFile> files;
    std::optional<std::int64_t> uploaded;    // payload bytes, all time
    std::optional<std::int64_t> downloaded;  // payload bytes, all time
    bool operator==(const LedgerEntry&) const = default;
};

std::string encode_entry(const LedgerEntry& entry);
// Fails on anything that is not the canonical encoding of an entry.
Result<LedgerEntry> decode_entry(std::string_view bytes);

}  // namespace shoal::ledger
