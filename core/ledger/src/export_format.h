// The export file: JSON Lines, one object per line, in log order (internal).
//   {"format":"shoal-ledger-export/1","public_key":B64,"tree_head":"<how heads are signed>"}
//   {"entry":INDEX,"leaf":B64,"body":B64}          one per entry
//   {"head":{"tree_size":N,"root":B64,"timestamp_ms":T,"signature":B64}}  after the
//                                                   entry that completes it
// B64 is standard base64; a body is the canonical bencoded entry.
#pragma once

#include <shoal/common/result.h>
#include <shoal/ledger/verify.h>

#include <filesystem>

namespace shoal::ledger {

Result<void> write_export(LogSource& source, const std::filesystem::path& file);

}  // namespace shoal::ledger
