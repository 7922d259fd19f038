#include "export_format.h"
#include "sqlite_db.h"

#include <shoal/common/hex.h>
#include <shoal/ledger/identity.h>
#include <shoal/ledger/ledger.h>

#include <chrono>
#include <limits>
#include <mutex>
#include <optional>

namespace shoal::ledger {
namespace {

constexpr std::string_view kFormat = "shoal-ledger/1";

// One transaction: creating the tables and indexes of a new ledger costs one sync, not one
// per table and index. IMMEDIATE: it takes the write lock (waiting like any write while
// another process holds it) before reading the schema, so an older ledger that lacks an
// index gets it without having to upgrade a read transaction, which SQLite refuses with
// "database is locked" instead of waiting.
constexpr std::string_view kSchema = R"(
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS entries(
  idx INTEGER PRIMARY KEY, body BLOB NOT NULL, leaf BLOB NOT NULL,
  kind TEXT NOT NULL, time INTEGER NOT NULL, ih1 TEXT, ih2 TEXT);
CREATE INDEX IF NOT EXISTS entries_ih1 ON entries(ih1);
CREATE INDEX IF NOT EXISTS entries_ih2 ON entries(ih2);
CREATE INDEX IF NOT EXISTS entries_time ON entries(time);
CREATE TABLE IF NOT EXISTS roots(root BLOB NOT NULL, idx INTEGER NOT NULL, path TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS roots_root ON roots(root);
CREATE INDEX IF NOT EXISTS roots_idx ON roots(idx);
CREATE TABLE IF NOT EXISTS heads(
  tree_size INTEGER PRIMARY KEY, root BLOB NOT NULL, timestamp_ms INTEGER NOT NULL, signature BLOB NOT NULL);
COMMIT;
)";

std::uint64_t system_now_ms() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

Hash hash_of(const std::vector<std::uint8_t>& v) {
    Hash h{};
    if (v.size() == h.size()) std::copy(v.begin(), v.end(), h.begin());
    return h;
}

std::span<const std::uint8_t> bytes_of(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

SignedTreeHead head_from(Statement& q) {
    SignedTreeHead h;
    h.tree_size = static_cast<std::uint64_t>(q.column_int(0));
    h.root = hash_of(q.column_blob(1));
    h.timestamp_ms = static_cast<std::uint64_t>(q.column_int(2));
    h.signature = q.column_blob(3);
    return h;
}

}  // namespace

class Ledger::Impl : public LogSource {
  public:
    Impl(Database db, std::optional<NodeIdentity> identity, std::vector<std::uint8_t> public_key,
         std::function<std::uint64_t()> now)
        : db_(std::move(db)),
          identity_(std::move(identity)),
          public_key_(std::move(public_key)),
          now_(std::move(now)) {}

    Database db_;
    std::optional<NodeIdentity> identity_;
    std::vector<std::uint8_t> public_key_;
    std::function<std::uint64_t()> now_;
    // One SQLite connection, used from the recorder's thread and the caller's: one at a time.
    mutable std::recursive_mutex mutex_;
    CompactRange range_;
    std::optional<SignedTreeHead> latest_;

    std::vector<std::uint8_t> public_key() override { return public_key_; }

    std::vector<SignedTreeHead> heads() override {
        std::vector<SignedTreeHead> out;
        auto q = db_.prepare(
            "SELECT tree_size, root, timestamp_ms, signature FROM heads ORDER BY tree_size");
        while (q.step())
            out.push_back(head_from(q));
        return out;
    }

    Result<void> for_each_record(const std::function<bool(const LogRecord&)>& f) override {
        try {
            auto q = db_.prepare("SELECT idx, body, leaf FROM entries ORDER BY idx");
            while (q.step()) {
                LogRecord r;
                r.index = static_cast<std::uint64_t>(q.column_int(0));
                r.body = q.column_blob_string(1);
                r.recorded_leaf = hash_of(q.column_blob(2));
                if (!f(r)) break;
            }
            return {};
        } catch (const SqliteError& e) {
            return runtime_error(std::string("cannot read the ledger: ") + e.what());
        }
    }

    std::vector<Hash> all_leaves() {
        std::vector<Hash> leaves;
        auto q = db_.prepare("SELECT leaf FROM entries ORDER BY idx");
        while (q.step())
            leaves.push_back(hash_of(q.column_blob(0)));
        return leaves;
    }

    void load_state() {
        auto h = db_.prepare(
            "SELECT tree_size, root, timestamp_ms, signature FROM heads ORDER BY tree_size DESC "
            "LIMIT 1");
        if (h.step()) latest_ = head_from(h);
        auto c = db_.prepare("SELECT COUNT(*) FROM entries");
        c.step();
        const auto count = static_cast<std::uint64_t>(c.column_int(0));
        // The saved right edge of the tree saves re-hashing the whole log at every start;
        // it is trusted only if it reproduces the latest signed root.
        auto f = db_.prepare("SELECT value FROM meta WHERE key = 'frontier'");
        if (f.step()) {
            const auto blob = f.column_blob(0);
            std::vector<Hash> hashes;
            for (std::size_t i = 0; i + 32 <= blob.size(); i += 32) {
                Hash x{};
                std::copy(blob.begin() + static_cast<std::ptrdiff_t>(i),
                          blob.begin() + static_cast<std::ptrdiff_t>(i + 32), x.begin());
                hashes.push_back(x);
            }
            CompactRange saved;
            if (saved.restore(count, std::move(hashes)) && latest_ && latest_->tree_size == count &&
                saved.root() == latest_->root) {
                range_ = saved;
                return;
            }
        }
        range_ = CompactRange();
        for (const auto& leaf : all_leaves())
            range_.append(leaf);
    }
};

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::~Ledger() = default;

Result<std::unique_ptr<Ledger>> Ledger::open(const std::filesystem::path& dir, OpenMode mode,
                                             std::function<std::uint64_t()> now_ms) {
    const auto db_path = dir / "ledger.db";
    const auto key_path = dir / "node.key";
    const bool read_only = mode == OpenMode::read_only;
    std::error_code ec;
    if (read_only && !std::filesystem::exists(db_path, ec))
        return bad_input("no ledger in '" + dir.string() + "' yet: nothing has been recorded");
    if (!read_only) {
        std::filesystem::create_directories(dir, ec);
        if (ec) return runtime_error("cannot create '" + dir.string() + "': " + ec.message());
    }
    auto db = Database::open(db_path, read_only);
    if (!db) return db.error();
    try {
        if (!read_only) {
            db->exec("PRAGMA journal_mode=WAL");
            db->exec("PRAGMA synchronous=FULL");
            db->exec(kSchema);
        }
        std::vector<std::uint8_t> stored_key;
        {
            auto q = db->prepare("SELECT value FROM meta WHERE key = 'public_key'");
            if (q.step()) stored_key = q.column_blob(0);
        }
        std::uint64_t entries = 0;
        {
            auto q =
                db->prepare("SELECT (SELECT COUNT(*) FROM entries) + (SELECT COUNT(*) FROM heads)");
            q.step();
            entries = static_cast<std::uint64_t>(q.column_int(0));
        }
        std::optional<NodeIdentity> identity;
        if (!read_only) {
            if (std::filesystem::exists(key_path, ec)) {
                auto loaded = NodeIdentity::load(key_path);
                if (!loaded) return loaded.error();
                identity.emplace(std::move(*loaded));
                if (!stored_key.empty() && stored_key != identity->public_key())
                    return runtime_error(
                        "the node key '" + key_path.string() +
                        "' is not the key that signed this ledger; restore the original key");
            } else if (!stored_key.empty() || entries > 0) {
                // A new identity would fork the log: refuse.
                return runtime_error("the ledger in '" + dir.string() +
                                     "' is signed by a key that is missing ('" + key_path.string() +
                                     "'); restore it from a backup");
            } else {
                auto created = NodeIdentity::create(key_path);
                if (!created) return created.error();
                identity.emplace(std::move(*created));
            }
            if (stored_key.empty()) {
                stored_key = identity->public_key();
                auto ins = db->prepare(
                    "INSERT INTO meta(key, value) VALUES ('public_key', ?), ('format', ?)");
                ins.bind_blob(1, stored_key).bind(2, kFormat);
                ins.step();
            }
        }
        auto impl =
            std::make_unique<Impl>(std::move(*db), std::move(identity), std::move(stored_key),
                                   now_ms ? std::move(now_ms) : system_now_ms);
        impl->load_state();
        return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
    } catch (const SqliteError& e) {
        return runtime_error("cannot open the ledger in '" + dir.string() + "': " + e.what());
    }
}

Result<SignedTreeHead> Ledger::append(std::span<const LedgerEntry> entries) {
    std::lock_guard lock(impl_->mutex_);
    Impl& d = *impl_;
    if (!d.identity_) return runtime_error("the ledger is open read-only");
    if (entries.empty()) return runtime_error("nothing to append");
    CompactRange range = d.range_;
    try {
        d.db_.exec("BEGIN IMMEDIATE");
        try {
            // Another process may have appended since we last looked (a `shoal create` beside
            // a running daemon): continue from the log as it is now.
            {
                auto c = d.db_.prepare("SELECT COUNT(*) FROM entries");
                c.step();
                if (static_cast<std::uint64_t>(c.column_int(0)) != d.range_.size()) {
                    d.load_state();
                    range = d.range_;
                }
            }
            auto ins = d.db_.prepare(
                "INSERT INTO entries(idx, body, leaf, kind, time, ih1, ih2) VALUES "
                "(?,?,?,?,?,?,?)");
            auto root_ins = d.db_.prepare("INSERT INTO roots(root, idx, path) VALUES (?,?,?)");
            for (const auto& e : entries) {
                const std::string body = encode_entry(e);
                const Hash leaf = leaf_hash(bytes_of(body));
                const auto idx = static_cast<std::int64_t>(range.size());
                ins.bind(1, idx)
                    .bind_blob(2, bytes_of(body))
                    .bind_blob(3, leaf)
                    .bind(4, kind_name(e.kind))
                    .bind(5, e.time);
                if (e.info_hash_v1.empty())
                    ins.bind_null(6);
                else
                    ins.bind(6, e.info_hash_v1);
                if (e.info_hash_v2.empty())
                    ins.bind_null(7);
                else
                    ins.bind(7, e.info_hash_v2);
                ins.step();
                ins.reset();
                for (const auto& f : e.files) {
                    auto root = from_hex(f.pieces_root);
                    if (!root || root->size() != 32) continue;
                    root_ins.bind_blob(1, *root).bind(2, idx).bind(3, f.path);
                    root_ins.step();
                    root_ins.reset();
                }
                range.append(leaf);
            }
            SignedTreeHead head;
            head.tree_size = range.size();
            head.root = range.root();
            // Heads never go back in time, even if the clock does.
            head.timestamp_ms = std::max(d.now_(), d.latest_ ? d.latest_->timestamp_ms : 0);
            head.signature =
                d.identity_->sign(tree_head_message(head.tree_size, head.root, head.timestamp_ms));
            if (head.signature.size() != 64) throw SqliteError("cannot sign the tree head");
            auto hi = d.db_.prepare(
                "INSERT INTO heads(tree_size, root, timestamp_ms, signature) VALUES (?,?,?,?)");
            hi.bind(1, static_cast<std::int64_t>(head.tree_size))
                .bind_blob(2, head.root)
                .bind(3, static_cast<std::int64_t>(head.timestamp_ms))
                .bind_blob(4, head.signature);
            hi.step();
            std::vector<std::uint8_t> frontier;
            for (const auto& h : range.hashes())
                frontier.insert(frontier.end(), h.begin(), h.end());
            auto fi =
                d.db_.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('frontier', ?)");
            fi.bind_blob(1, frontier);
            fi.step();
            d.db_.exec("COMMIT");
            d.range_ = range;
            d.latest_ = head;
            return head;
        } catch (...) {
            try {
                d.db_.exec("ROLLBACK");
            } catch (const SqliteError&) {
            }
            throw;
        }
    } catch (const SqliteError& e) {
        return runtime_error(std::string("cannot append to the ledger: ") + e.what());
    }
}

std::uint64_t Ledger::size() const {
    std::lock_guard lock(impl_->mutex_);
    return impl_->range_.size();
}
std::optional<SignedTreeHead> Ledger::latest_head() const {
    std::lock_guard lock(impl_->mutex_);
    return impl_->latest_;
}
const std::vector<std::uint8_t>& Ledger::public_key() const {
    return impl_->public_key_;
}

Result<void> Ledger::for_each(
    const EntryQuery& query,
    const std::function<bool(std::uint64_t, const LedgerEntry&)>& f) const {
    std::lock_guard lock(impl_->mutex_);
    try {
        std::string sql = "SELECT idx, body FROM entries WHERE time >= ?";
        if (!query.info_hash.empty()) sql += " AND (ih1 = ? OR ih2 = ? OR substr(ih2, 1, 40) = ?)";
        sql += " ORDER BY idx";
        auto q = impl_->db_.prepare(sql);
        q.bind(1, query.since.value_or(std::numeric_limits<std::int64_t>::min()));
        if (!query.info_hash.empty())
            q.bind(2, query.info_hash).bind(3, query.info_hash).bind(4, query.info_hash);
        while (q.step()) {
            auto e = decode_entry(q.column_blob_string(1));
            if (!e)
                return runtime_error("entry " + std::to_string(q.column_int(0)) +
                                     " is damaged: " + e.error().message);
            if (!f(static_cast<std::uint64_t>(q.column_int(0)), *e)) break;
        }
        return {};
    } catch (const SqliteError& e) {
        return runtime_error(std::string("cannot read the ledger: ") + e.what());
    }
}

Result<std::vector<RootMatch>> Ledger::find_root(const std::string& root_hex) const {
    std::lock_guard lock(impl_->mutex_);
    auto root = from_hex(root_hex);
    if (!root || root->size() != 32) return bad_input("'" + root_hex + "' is not a SHA-256 root");
    try {
        std::vector<RootMatch> out;
        auto q = impl_->db_.prepare(
            "SELECT roots.idx, roots.path, entries.body FROM roots JOIN entries ON entries.idx = "
            "roots.idx "
            "WHERE roots.root = ? ORDER BY roots.idx");
        q.bind_blob(1, *root);
        while (q.step()) {
            auto e = decode_entry(q.column_blob_string(2));
            if (!e) continue;
            out.push_back(
                {static_cast<std::uint64_t>(q.column_int(0)), std::move(*e), q.column_text(1)});
        }
        return out;
    } catch (const SqliteError& e) {
        return runtime_error(std::string("cannot read the ledger: ") + e.what());
    }
}

Result<bool> Ledger::has_entry(EntryKind kind, const std::string& info_hash,
                               bool with_roots) const {
    std::lock_guard lock(impl_->mutex_);
    try {
        auto q = impl_->db_.prepare(
            std::string("SELECT 1 FROM entries WHERE kind = ? AND (ih1 = ? OR ih2 = ?)") +
            (with_roots ? " AND EXISTS (SELECT 1 FROM roots WHERE roots.idx = entries.idx)" : "") +
            " LIMIT 1");
        q.bind(1, kind_name(kind)).bind(2, info_hash).bind(3, info_hash);
        return q.step();
    } catch (const SqliteError& e) {
        return runtime_error(std::string("cannot read the ledger: ") + e.what());
    }
}

Result<InclusionProof> Ledger::prove(std::uint64_t index) const {
    std::lock_guard lock(impl_->mutex_);
    if (!impl_->latest_) return bad_input("the ledger has no signed tree head yet");
    if (index >= impl_->latest_->tree_size)
        return bad_input("no entry " + std::to_string(index) +
                         ": the latest head covers entries 0 to " +
                         std::to_string(impl_->latest_->tree_size - 1));
    try {
        auto leaves = impl_->all_leaves();
        leaves.resize(impl_->latest_->tree_size);
        InclusionProof p;
        p.index = index;
        p.leaf = leaves[index];
        p.path = inclusion_proof(leaves, index);
        p.head = *impl_->latest_;
        return p;
    } catch (const SqliteError& e) {
        return runtime_error(std::string("cannot read the ledger: ") + e.what());
    }
}

VerifyReport Ledger::verify() const {
    std::lock_guard lock(impl_->mutex_);
    try {
        return verify_log(*impl_);
    } catch (const SqliteError& e) {
        VerifyReport r;
        r.problem = std::string("cannot read the ledger: ") + e.what();
        return r;
    }
}

Result<void> Ledger::export_to(const std::filesystem::path& file) const {
    std::lock_guard lock(impl_->mutex_);
    try {
        return write_export(*impl_, file);
    } catch (const SqliteError& e) {
        return runtime_error(std::string("cannot read the ledger: ") + e.what());
    }
}

}  // namespace shoal::ledger
