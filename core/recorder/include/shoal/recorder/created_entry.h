// The `created` ledger entry of a torrent this node made: its files and their BEP 52
// roots as the creator computed them, from the same read of the data as the pieces.
#pragma once

#include <shoal/hashing/torrent_creator.h>
#include <shoal/ledger/entry.h>

#include <cstdint>

namespace shoal::recorder {

ledger::LedgerEntry created_entry(const hashing::CreatedTorrent& torrent, std::int64_t time);

}  // namespace shoal::recorder
