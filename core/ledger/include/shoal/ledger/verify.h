// Verifying a ledger, from its database or from an export: every entry is decoded and
// re-hashed, the tree is rebuilt leaf by leaf, and at each signed tree head the rebuilt
// root must equal the signed root and the Ed25519 signature must hold. Because every
// head's root is recomputed from the same leading entries, successive heads are proven
// consistent (the later tree extends the earlier one) without trusting stored proofs.
#pragma once

#include <shoal/common/result.h>
#include <shoal/ledger/tree_head.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace shoal::ledger {

struct LogRecord {
    std::uint64_t index = 0;
    std::string body;                   // the canonical entry bytes
    std::optional<Hash> recorded_leaf;  // the leaf hash stored beside it, if the source keeps one
};

// Where a log comes from (the SQLite store, an export file).
class LogSource {
  public:
    virtual ~LogSource() = default;
    virtual std::vector<std::uint8_t> public_key() = 0;
    virtual std::vector<SignedTreeHead> heads() = 0;  // ordered by tree_size
    // Calls `f` for each record in index order until it returns false.
    virtual Result<void> for_each_record(const std::function<bool(const LogRecord&)>& f) = 0;
};

struct VerifyReport {
    bool ok = false;
    std::uint64_t entries = 0;
    std::optional<SignedTreeHead> head;  // the latest verified head
    std::string problem;                 // what does not match, naming the entry or head
    std::optional<std::uint64_t> bad_entry;
    std::optional<std::uint64_t> bad_head;  // tree_size of the failing head

    // "ok: N entries, head <root>" or the problem.
    std::string summary() const;
};

VerifyReport verify_log(LogSource& source);

}  // namespace shoal::ledger
