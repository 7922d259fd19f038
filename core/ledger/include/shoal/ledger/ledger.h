// Ledger: the node's append-only, signed Merkle log of what it created, received and
// shared. Stored in SQLite (WAL, synchronous=FULL) in a directory beside the node's key:
// an append that returned is on disk, and a batch of appends is one transaction with one
// new signed tree head, so a crash leaves the batch wholly there or wholly absent.
#pragma once

#include <shoal/common/result.h>
#include <shoal/ledger/entry.h>
#include <shoal/ledger/merkle.h>
#include <shoal/ledger/tree_head.h>
#include <shoal/ledger/verify.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace shoal::ledger {

enum class OpenMode {
    read_only,   // show, verify, lookup, prove, export: needs an existing ledger, not the key
    read_write,  // recording: creates the ledger and the key on first use
};

struct EntryQuery {
    std::optional<std::int64_t> since;  // Unix seconds
    std::string info_hash;              // v1 or v2 hex (or the 40-character id)
};

struct RootMatch {
    std::uint64_t index = 0;
    LedgerEntry entry;
    std::string path;  // the file in that entry with the root
};

struct InclusionProof {
    std::uint64_t index = 0;
    Hash leaf{};
    std::vector<Hash> path;
    SignedTreeHead head;  // the latest head, which the proof leads to
};

class Ledger {
  public:
    // `dir` holds ledger.db and node.key. `now_ms` is injectable for tests.
    static Result<std::unique_ptr<Ledger>> open(const std::filesystem::path& dir, OpenMode mode,
                                                std::function<std::uint64_t()> now_ms = {});
    ~Ledger();
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    // Appends the entries and signs one new tree head, in one durable transaction.
    Result<SignedTreeHead> append(std::span<const LedgerEntry> entries);

    std::uint64_t size() const;
    std::optional<SignedTreeHead> latest_head() const;
    const std::vector<std::uint8_t>& public_key() const;

    Result<void> for_each(
        const EntryQuery& query,
        const std::function<bool(std::uint64_t index, const LedgerEntry&)>& f) const;
    Result<std::vector<RootMatch>> find_root(const std::string& root_hex) const;
    // Whether some entry of `kind` names this info-hash (v1 or v2 hex) and, with
    // `with_roots`, records the BEP 52 root of at least one file.
    Result<bool> has_entry(EntryKind kind, const std::string& info_hash,
                           bool with_roots = false) const;
    Result<InclusionProof> prove(std::uint64_t index) const;

    VerifyReport verify() const;
    // A self-contained JSON file (entries, heads, public key) anyone can verify offline.
    Result<void> export_to(const std::filesystem::path& file) const;

    class Impl;

  private:
    explicit Ledger(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Verifies an export file written by Ledger::export_to.
VerifyReport verify_export(const std::filesystem::path& file);

// The directory of a profile's ledger.
inline std::filesystem::path ledger_dir(const std::filesystem::path& profile) {
    return profile / "ledger";
}

}  // namespace shoal::ledger
