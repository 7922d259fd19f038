// The ledger store: appends, reopening, identity rules, and tampering that verify must
// detect and locate (a changed byte, a deleted entry, swapped entries, a truncated log, a
// forged signature, an edited export).
#include "sandbox.h"

#include <shoal/common/atomic_file.h>
#include <shoal/common/base64.h>
#include <shoal/ledger/identity.h>
#include <shoal/ledger/ledger.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sqlite3.h>
#include <sys/stat.h>
#include <thread>

namespace shoal::ledger {
namespace {

using test::Sandbox;

LedgerEntry sample(int i) {
    LedgerEntry e;
    e.kind = i % 3 == 0 ? EntryKind::added : i % 3 == 1 ? EntryKind::completed : EntryKind::seeded;
    e.time = 1790000000 + i;
    e.info_hash_v1 = std::string(38, 'a') + (i < 10 ? "0" : "") + std::to_string(i % 100);
    e.name = "torrent " + std::to_string(i);
    e.size = 1000 + i;
    e.files = {{"dir/file.bin", 1000 + i,
                std::string(62, 'b') + (i < 10 ? "0" : "") + std::to_string(i % 100)}};
    if (e.kind == EntryKind::seeded) {
        e.uploaded = i * 10;
        e.downloaded = i;
    }
    return e;
}

// Appends `batches` batches of `per_batch` entries.
void fill(Ledger& l, int batches, int per_batch) {
    int n = 0;
    for (int b = 0; b < batches; ++b) {
        std::vector<LedgerEntry> batch;
        for (int i = 0; i < per_batch; ++i)
            batch.push_back(sample(n++));
        auto head = l.append(batch);
        ASSERT_TRUE(head) << head.error().message;
    }
}

void sql(const std::filesystem::path& db, const std::string& statement) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err ? err : "");
    sqlite3_close(h);
}

class LedgerStore : public ::testing::Test {
  protected:
    std::unique_ptr<Ledger> open_rw() {
        auto l = Ledger::open(dir(), OpenMode::read_write, [this] { return ++clock_ms; });
        EXPECT_TRUE(l) << l.error().message;
        return l ? std::move(*l) : nullptr;
    }
    std::filesystem::path dir() const { return box.path("ledger"); }
    std::filesystem::path db() const { return dir() / "ledger.db"; }
    VerifyReport verify_now() {
        auto l = Ledger::open(dir(), OpenMode::read_only);
        EXPECT_TRUE(l);
        return (*l)->verify();
    }
    Sandbox box;
    std::uint64_t clock_ms = 1790000000000;
};

TEST_F(LedgerStore, AppendsVerifyAndSurviveReopening) {
    {
        auto l = open_rw();
        fill(*l, 5, 10);
        EXPECT_EQ(l->size(), 50u);
        ASSERT_TRUE(l->latest_head());
        EXPECT_EQ(l->latest_head()->tree_size, 50u);
        const auto report = l->verify();
        EXPECT_TRUE(report.ok) << report.problem;
        EXPECT_EQ(report.entries, 50u);
        EXPECT_EQ(report.summary().rfind("ok: 50 entries, head ", 0), 0u) << report.summary();
    }
    struct stat st {};
    ASSERT_EQ(::stat((dir() / "node.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "the private key must be readable by its owner only";

    auto again = open_rw();
    EXPECT_EQ(again->size(), 50u);
    fill(*again, 1, 3);
    EXPECT_TRUE(again->verify().ok);
    std::vector<std::uint64_t> seen;
    ASSERT_TRUE(again->for_each({}, [&](std::uint64_t i, const LedgerEntry& e) {
        EXPECT_EQ(e, sample(static_cast<int>(i < 50 ? i : i - 50)));
        seen.push_back(i);
        return true;
    }));
    EXPECT_EQ(seen.size(), 53u);
}

TEST_F(LedgerStore, QueriesByTimeHashAndRoot) {
    auto l = open_rw();
    fill(*l, 2, 10);
    int count = 0;
    ASSERT_TRUE(l->for_each({.since = 1790000015, .info_hash = {}},
                            [&](std::uint64_t, const LedgerEntry&) { return ++count, true; }));
    EXPECT_EQ(count, 5);
    count = 0;
    ASSERT_TRUE(l->for_each({.since = {}, .info_hash = sample(7).info_hash_v1},
                            [&](std::uint64_t i, const LedgerEntry&) {
                                EXPECT_EQ(i, 7u);
                                return ++count, true;
                            }));
    EXPECT_EQ(count, 1);
    auto matches = l->find_root(sample(3).files[0].pieces_root);
    ASSERT_TRUE(matches);
    ASSERT_EQ(matches->size(), 1u);
    EXPECT_EQ((*matches)[0].index, 3u);
    EXPECT_EQ((*matches)[0].path, "dir/file.bin");
}

TEST_F(LedgerStore, InclusionProofsLeadToTheSignedHead) {
    auto l = open_rw();
    fill(*l, 3, 7);
    for (std::uint64_t i = 0; i < l->size(); ++i) {
        auto p = l->prove(i);
        ASSERT_TRUE(p) << p.error().message;
        std::vector<Bytes> path;
        for (const auto& h : p->path)
            path.emplace_back(h.begin(), h.end());
        EXPECT_TRUE(verify_inclusion(i, p->head.tree_size, Bytes(p->leaf.begin(), p->leaf.end()),
                                     path, Bytes(p->head.root.begin(), p->head.root.end())));
        EXPECT_TRUE(verify_tree_head(p->head, l->public_key()));
    }
    EXPECT_FALSE(l->prove(l->size()));
}

TEST_F(LedgerStore, AMissingKeyIsAnErrorNotANewIdentity) {
    { fill(*open_rw(), 1, 2); }
    std::filesystem::rename(dir() / "node.key", box.path("node.key.bak"));
    auto missing = Ledger::open(dir(), OpenMode::read_write);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("missing"), std::string::npos)
        << missing.error().message;
    EXPECT_FALSE(std::filesystem::exists(dir() / "node.key")) << "no key may be made up";

    ASSERT_TRUE(NodeIdentity::create(dir() / "node.key"));
    auto other = Ledger::open(dir(), OpenMode::read_write);
    ASSERT_FALSE(other);
    EXPECT_NE(other.error().message.find("not the key"), std::string::npos)
        << other.error().message;

    ASSERT_TRUE(write_file_atomic(dir() / "node.key", std::string_view("garbage")));
    EXPECT_FALSE(Ledger::open(dir(), OpenMode::read_write));
}

TEST_F(LedgerStore, AFlippedByteInAnEntryIsFoundAtThatEntry) {
    { fill(*open_rw(), 4, 10); }
    ASSERT_TRUE(verify_now().ok);
    // Change one character of entry 17's name inside its stored body.
    sql(db(),
        "UPDATE entries SET body = CAST(replace(CAST(body AS TEXT), 'torrent 17', 'torrent 18') AS "
        "BLOB) WHERE idx = 17");
    const auto r = verify_now();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.bad_entry, 17u) << r.problem;
    EXPECT_NE(r.problem.find("entry 17"), std::string::npos) << r.problem;
}

TEST_F(LedgerStore, AChangedEntryWithARecomputedHashIsCaughtByItsSignedHead) {
    { fill(*open_rw(), 4, 10); }
    // A careful forger also rewrites the stored leaf hash: the signed root still catches it.
    LedgerEntry forged = sample(23);
    forged.name = "forged";
    const std::string body = encode_entry(forged);
    const Hash leaf = leaf_hash({reinterpret_cast<const std::uint8_t*>(body.data()), body.size()});
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db().c_str(), &h), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(h, "UPDATE entries SET body = ?, leaf = ? WHERE idx = 23", -1, &st,
                                 nullptr),
              SQLITE_OK);
    sqlite3_bind_blob(st, 1, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, leaf.data(), 32, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(h);
    const auto r = verify_now();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.bad_head, 30u) << r.problem;
    EXPECT_NE(r.problem.find("entries 20 to 29"), std::string::npos) << r.problem;
}

TEST_F(LedgerStore, AnOlderLedgerGetsItsNewIndexWhileAnotherProcessWrites) {
    { fill(*open_rw(), 1, 3); }
    sql(db(), "DROP INDEX roots_idx");  // as a ledger made before that index existed
    // Another writer (a daemon recording) holds the write lock and writes meanwhile.
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(db().c_str(), &other), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('other', x'00')",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
    std::thread writer([other] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
    });
    // Opening waits for the lock (as every write does) instead of failing "database is locked".
    auto l = open_rw();
    writer.join();
    sqlite3_close(other);
    ASSERT_TRUE(l);
    const auto r = l->verify();
    EXPECT_TRUE(r.ok) << r.problem;
}

TEST_F(LedgerStore, ADeletedEntryIsNamed) {
    { fill(*open_rw(), 3, 10); }
    sql(db(), "DELETE FROM entries WHERE idx = 12");
    const auto r = verify_now();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.bad_entry, 12u) << r.problem;
    EXPECT_NE(r.problem.find("missing"), std::string::npos) << r.problem;
}

TEST_F(LedgerStore, SwappedEntriesAreFound) {
    { fill(*open_rw(), 3, 10); }
    sql(db(),
        "UPDATE entries SET idx = -1 WHERE idx = 4; UPDATE entries SET idx = 4 WHERE idx = 5; "
        "UPDATE entries SET idx = 5 WHERE idx = -1;");
    const auto r = verify_now();
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.bad_entry == 4u || r.bad_head == 10u) << r.problem;
}

TEST_F(LedgerStore, ATruncatedLogIsCaughtByTheLatestHead) {
    { fill(*open_rw(), 3, 10); }
    sql(db(), "DELETE FROM entries WHERE idx >= 25");
    const auto r = verify_now();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.bad_head, 30u) << r.problem;
    EXPECT_NE(r.problem.find("truncated"), std::string::npos) << r.problem;
}

TEST_F(LedgerStore, AForgedSignatureIsFound) {
    { fill(*open_rw(), 3, 10); }
    sql(db(), "UPDATE heads SET signature = zeroblob(64) WHERE tree_size = 20");
    const auto r = verify_now();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.bad_head, 20u) << r.problem;
    EXPECT_NE(r.problem.find("signature"), std::string::npos) << r.problem;
}

TEST_F(LedgerStore, ExportVerifiesOfflineAndHandEditsAreFound) {
    { fill(*open_rw(), 3, 10); }
    auto l = Ledger::open(dir(), OpenMode::read_only);
    ASSERT_TRUE(l);
    const auto file = box.path("ledger.export");
    ASSERT_TRUE((*l)->export_to(file));
    const auto ok = verify_export(file);
    EXPECT_TRUE(ok.ok) << ok.problem;
    EXPECT_EQ(ok.entries, 30u);
    EXPECT_EQ(ok.head->root, (*l)->latest_head()->root);

    // Edit entry 8's body by hand: decode, change the name, encode again.
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    in.close();
    bool edited = false;
    for (auto& line : lines) {
        if (line.find("{\"body\"") != 0 && line.find("\"entry\":8,") == std::string::npos) continue;
        auto j = nlohmann::json::parse(line);
        if (j.value("entry", -1) != 8) continue;
        auto body = base64_decode(j["body"].get<std::string>());
        std::string text(body->begin(), body->end());
        text.replace(text.find("torrent 8"), 9, "torrent X");
        j["body"] =
            base64_encode({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
        line = j.dump();
        edited = true;
    }
    ASSERT_TRUE(edited);
    std::string joined;
    for (const auto& line : lines)
        joined += line + "\n";
    ASSERT_TRUE(write_file_atomic(file, joined));
    const auto bad = verify_export(file);
    EXPECT_FALSE(bad.ok);
    EXPECT_EQ(bad.bad_entry, 8u) << bad.problem;
}

TEST(LedgerEntryCodec, RoundTripsAndRejectsNonCanonicalBytes) {
    const LedgerEntry e = sample(4);
    const std::string body = encode_entry(e);
    auto back = decode_entry(body);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, e);
    EXPECT_FALSE(decode_entry(body.substr(1)));
    // Same content, keys out of order: not canonical.
    EXPECT_FALSE(decode_entry("d4:time1:04:kind5:addede"));
    EXPECT_FALSE(decode_entry("d4:kind7:unknown4:timei1ee"));
    std::string padded = body;
    padded.replace(padded.find("4:timei"), 7, "4:timei0");
    EXPECT_FALSE(decode_entry(padded)) << "a leading zero is another encoding of the same number";
}

}  // namespace
}  // namespace shoal::ledger
