#include <shoal/common/hex.h>
#include <shoal/ledger/entry.h>
#include <shoal/ledger/verify.h>

namespace shoal::ledger {
namespace {

std::string hex(const Hash& h) {
    return to_hex(std::span<const std::uint8_t>(h));
}

}  // namespace

std::string VerifyReport::summary() const {
    if (ok)
        return "ok: " + std::to_string(entries) + " entries, head " +
               (head ? hex(head->root) : hex(empty_tree_hash()));
    return "FAILED: " + problem;
}

VerifyReport verify_log(LogSource& source) {
    VerifyReport report;
    const auto key = source.public_key();
    if (key.size() != 32) {
        report.problem = "the log has no valid Ed25519 public key";
        return report;
    }
    const auto heads = source.heads();
    for (std::size_t i = 1; i < heads.size(); ++i) {
        if (heads[i].tree_size <= heads[i - 1].tree_size) {
            report.problem =
                "head at size " + std::to_string(heads[i].tree_size) + " is out of order";
            report.bad_head = heads[i].tree_size;
            return report;
        }
        if (heads[i].timestamp_ms < heads[i - 1].timestamp_ms) {
            report.problem = "head at size " + std::to_string(heads[i].tree_size) +
                             " is older than the head before it";
            report.bad_head = heads[i].tree_size;
            return report;
        }
    }

    CompactRange tree;
    std::size_t next_head = 0;
    std::uint64_t batch_start = 0;
    auto check_heads = [&]() -> bool {
        while (next_head < heads.size() && heads[next_head].tree_size == tree.size()) {
            const SignedTreeHead& h = heads[next_head];
            const std::string where = "head at size " + std::to_string(h.tree_size);
            if (!verify_tree_head(h, key)) {
                report.problem = where + ": the signature does not verify with the node's key";
                report.bad_head = h.tree_size;
                return false;
            }
            if (h.root != tree.root()) {
                report.problem = where + ": the signed root does not match entries " +
                                 std::to_string(batch_start) + " to " +
                                 std::to_string(h.tree_size - 1) + " (one of them was changed)";
                report.bad_head = h.tree_size;
                report.bad_entry = batch_start;
                return false;
            }
            report.head = h;
            batch_start = h.tree_size;
            ++next_head;
        }
        return true;
    };

    if (!check_heads()) return report;  // a head of size 0
    std::uint64_t expected = 0;
    bool failed = false;
    auto r = source.for_each_record([&](const LogRecord& rec) {
        const std::string where = "entry " + std::to_string(expected);
        if (rec.index != expected) {
            report.problem =
                where + " is missing (the log goes on at entry " + std::to_string(rec.index) + ")";
            report.bad_entry = expected;
            failed = true;
            return false;
        }
        auto decoded = decode_entry(rec.body);
        if (!decoded) {
            report.problem = where + " is not a valid ledger entry: " + decoded.error().message;
            report.bad_entry = expected;
            failed = true;
            return false;
        }
        const Hash leaf =
            leaf_hash({reinterpret_cast<const std::uint8_t*>(rec.body.data()), rec.body.size()});
        if (rec.recorded_leaf && *rec.recorded_leaf != leaf) {
            report.problem =
                where +
                " does not match the hash recorded for it (its content was changed or moved)";
            report.bad_entry = expected;
            failed = true;
            return false;
        }
        tree.append(leaf);
        ++expected;
        if (!check_heads()) {
            failed = true;
            return false;
        }
        return true;
    });
    if (!r) {
        report.problem = r.error().message;
        return report;
    }
    if (failed) return report;
    report.entries = expected;
    if (next_head < heads.size()) {
        report.problem = "head at size " + std::to_string(heads[next_head].tree_size) +
                         " is signed, but the log has only " + std::to_string(expected) +
                         " entries (it was truncated)";
        report.bad_head = heads[next_head].tree_size;
        return report;
    }
    if (expected > 0 && (!report.head || report.head->tree_size != expected)) {
        report.problem = "entries " + std::to_string(report.head ? report.head->tree_size : 0) +
                         " to " + std::to_string(expected - 1) +
                         " are not covered by any signed tree head";
        report.bad_entry = report.head ? report.head->tree_size : 0;
        return report;
    }
    report.ok = true;
    return report;
}

}  // namespace shoal::ledger
