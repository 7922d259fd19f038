// The recorder on a real download: `added` and `completed` entries whose BEP 52 roots are
// those of the files on disk (from metadata for v2/hybrid, hashed from the pieces as they
// passed for v1, or from the files after completion when some were on disk before),
// counters at shutdown, `removed`, and every entry found again by its content.
#include "swarm.h"

#include <shoal/hashing/pieces_root.h>
#include <shoal/ledger/ledger.h>
#include <shoal/recorder/ledger_recorder.h>

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <thread>

namespace shoal::test {
namespace {

using hashing::TorrentFormat;
using ledger::EntryKind;
using ledger::LedgerEntry;

std::vector<std::pair<std::uint64_t, LedgerEntry>> entries_of(const ledger::Ledger& l) {
    std::vector<std::pair<std::uint64_t, LedgerEntry>> all;
    auto r = l.for_each({}, [&](std::uint64_t i, const LedgerEntry& e) {
        all.emplace_back(i, e);
        return true;
    });
    EXPECT_TRUE(r) << r.error().message;
    return all;
}

std::optional<LedgerEntry> find_kind(const ledger::Ledger& l, EntryKind kind) {
    for (auto& [i, e] : entries_of(l))
        if (e.kind == kind) return e;
    return std::nullopt;
}

// The torrent is complete before its `torrent_finished` event reaches the recorder (the
// completion waits for the last writes and the roots): poll until the entry is there.
std::optional<LedgerEntry> wait_for_kind(const ledger::Ledger& l, recorder::LedgerRecorder& rec,
                                         EntryKind kind) {
    for (int i = 0; i < 500; ++i) {
        rec.flush(true);
        if (auto e = find_kind(l, kind)) return e;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
}

// Wires a recorder into `ledger` before the engine starts: appends gathered for 20 ms, and
// every recorder error fails the test.
std::function<void(engine::Engine&)> record_into(ledger::Ledger& ledger,
                                                 std::unique_ptr<recorder::LedgerRecorder>& rec) {
    return [&ledger, &rec](engine::Engine& e) {
        recorder::RecorderOptions o;
        o.batch_delay = std::chrono::milliseconds(20);
        o.on_error = [](const std::string& m) { ADD_FAILURE() << "recorder: " << m; };
        rec = std::make_unique<recorder::LedgerRecorder>(e, ledger, o);
    };
}

// Where each download test starts: a torrent of `files`, an empty ledger and a seed of the
// torrent with its data, on 127.0.0.1.
class SeededLedger {
  public:
    SeededLedger(const std::vector<PayloadFile>& files, TorrentFormat format)
        : t(make_test_torrent(box.path("seed"), "payload", files, format)),
          seeder(box.path("seeder")),
          seed_(seeder.add_complete(add_metainfo(t, box.path("seed")))),
          opened_(ledger::Ledger::open(box.path("ledger"), ledger::OpenMode::read_write)) {}

    ::testing::AssertionResult ready() const {
        if (!opened_) return ::testing::AssertionFailure() << "ledger: " << opened_.error().message;
        if (!seed_) return ::testing::AssertionFailure() << "seed: " << seed_.error().message;
        return ::testing::AssertionSuccess();
    }
    ledger::Ledger& ledger() { return **opened_; }
    // The torrent to download into box/get, from the seed.
    engine::AddRequest download_request() {
        auto r = add_metainfo(t, box.path("get"));
        r.peers = {seeder.endpoint()};
        return r;
    }

    Sandbox box;
    TestTorrent t;
    TestEngine seeder;

  private:
    Result<engine::TorrentId> seed_;
    Result<std::unique_ptr<ledger::Ledger>> opened_;
};

std::string root_on_disk(const std::filesystem::path& file) {
    auto root = hashing::file_pieces_root(file);
    EXPECT_TRUE(root) << root.error().message;
    return root && *root ? hashing::hex(**root) : std::string();
}

struct Download {
    TorrentFormat format;
    std::vector<PayloadFile> files;
    std::string name;
    friend void PrintTo(const Download& d, std::ostream* os) { *os << d.name; }
};

class Recorder : public ::testing::TestWithParam<Download> {};

TEST_P(Recorder, ADownloadIsRecordedWithTheRootsOfTheFilesOnDisk) {
    const auto& files = GetParam().files;
    SeededLedger s(files, GetParam().format);
    ASSERT_TRUE(s.ready());
    auto& box = s.box;
    auto& t = s.t;
    auto& ledger = s.ledger();

    std::unique_ptr<recorder::LedgerRecorder> rec;
    TestEngine leecher(box.path("leecher"), loopback_settings(), true, record_into(ledger, rec));
    auto lid = leecher.add(s.download_request());
    ASSERT_TRUE(lid) << lid.error().message;
    ASSERT_TRUE(leecher.wait_complete(*lid));
    ASSERT_TRUE(same_payload(t, box.path("get")));
    auto completed = wait_for_kind(ledger, *rec, EntryKind::completed);
    rec->flush(true);
    auto added = find_kind(ledger, EntryKind::added);
    ASSERT_TRUE(added);
    ASSERT_TRUE(completed);
    EXPECT_EQ(completed->info_hash_v1, t.info.hashes.v1);
    EXPECT_EQ(completed->info_hash_v2, t.info.hashes.v2);
    EXPECT_EQ(completed->name, "payload");
    EXPECT_EQ(completed->size, t.info.total_size);
    // Every byte is counted by completion (v2 padding to piece boundaries counts too).
    EXPECT_GE(*completed->downloaded, t.info.total_size);

    // The roots are in `completed`: the metadata's for v2 and hybrid, for v1 hashed from
    // the pieces as they passed (by libtorrent's piece check where every file starts on a
    // piece, as the one-file torrent's does). Nothing is hashed again from the files.
    EXPECT_FALSE(find_kind(ledger, EntryKind::hashed)) << "the files were hashed again";
    ASSERT_EQ(completed->files.size(), files.size());
    for (const auto& f : completed->files) {
        const auto on_disk = root_on_disk(box.path("get") / f.path);
        EXPECT_EQ(f.pieces_root, on_disk) << f.path;
        for (const auto& m : t.info.files) {
            if (m.path == f.path && !m.pieces_root.empty()) {
                EXPECT_EQ(f.pieces_root, m.pieces_root) << f.path << " differs from libtorrent's";
            }
        }
        // The content is found again, whichever torrent carried it.
        auto found = ledger.find_root(on_disk);
        ASSERT_TRUE(found) << found.error().message;
        ASSERT_FALSE(found->empty()) << f.path;
        EXPECT_EQ(found->front().path, f.path);
    }

    // Removing records `removed`; shutting down records the counters.
    (void)leecher.remove(*lid, engine::RemoveMode::keep_data);
    ASSERT_TRUE(leecher.wait_event(engine::EngineEvent::Kind::torrent_removed));
    leecher.shutdown();
    rec->stop();
    auto gone = find_kind(ledger, EntryKind::removed);
    ASSERT_TRUE(gone);
    EXPECT_EQ(gone->downloaded, completed->downloaded);
    auto report = ledger.verify();
    EXPECT_TRUE(report.ok) << report.summary();
}

INSTANTIATE_TEST_SUITE_P(
    Formats, Recorder,
    ::testing::Values(Download{TorrentFormat::v1, standard_files(), "v1"},
                      Download{TorrentFormat::v1, {{"a.bin", (3 << 20) + 5}}, "v1_one_file"},
                      Download{TorrentFormat::v2, standard_files(), "v2"},
                      Download{TorrentFormat::hybrid, standard_files(), "hybrid"}),
    [](const auto& p) { return p.param.name; });

// A v1 download resumed from an earlier session: the pieces found on disk at start are not
// hashed with the new ones (a check would pay for it), so `completed` carries no roots and a
// `hashed` entry, from the files after completion, has them all.
TEST(Recorder, V1DownloadResumedIsHashedAfterCompletion) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    TestEngine seeder(box.path("seeder"));
    auto sid = seeder.add_complete(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(sid) << sid.error().message;
    auto request = add_metainfo(t, box.path("get"));
    request.peers = {seeder.endpoint()};
    request.download_limit = 1 << 20;  // 4 MiB: stopped part-way
    std::optional<engine::TorrentId> lid;
    {
        TestEngine first(box.path("leecher"));
        auto id = first.add(request);
        ASSERT_TRUE(id) << id.error().message;
        lid = *id;
        ASSERT_TRUE(first.wait_for(
            *lid, [&](const auto& s) { return s.wanted_done > t.info.total_size / 4; }));
        first.shutdown();
    }

    auto opened = ledger::Ledger::open(box.path("ledger"), ledger::OpenMode::read_write);
    ASSERT_TRUE(opened) << opened.error().message;
    auto& ledger = **opened;
    std::unique_ptr<recorder::LedgerRecorder> rec;
    TestEngine again(box.path("leecher"), loopback_settings(), true, record_into(ledger, rec));
    auto restored = again.wait_for(*lid, [&](const auto& s) {
        return s.wanted_done > 0 && s.wanted_done < t.info.total_size;
    });
    ASSERT_TRUE(restored) << "the partial download was not restored";
    again.engine().set_rate_limits(*lid, 0, 0);
    again.engine().connect_peer(*lid, seeder.endpoint());
    ASSERT_TRUE(again.wait_complete(*lid));
    ASSERT_TRUE(same_payload(t, box.path("get")));
    auto completed = wait_for_kind(ledger, *rec, EntryKind::completed);
    rec->flush(true);  // the root job queued with `completed`
    auto hashed = find_kind(ledger, EntryKind::hashed);
    ASSERT_TRUE(completed);
    ASSERT_TRUE(hashed) << "no roots were computed for the v1 torrent";
    for (const auto& f : completed->files)
        EXPECT_TRUE(f.pieces_root.empty()) << f.path << ": a root in an incomplete set";
    ASSERT_EQ(hashed->files.size(), standard_files().size());
    for (const auto& f : hashed->files)
        EXPECT_EQ(f.pieces_root, root_on_disk(box.path("get") / f.path)) << f.path;
    again.shutdown();
    rec->stop();
}

TEST(Recorder, CountersAreRecordedAtShutdown) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v2);
    auto opened = ledger::Ledger::open(box.path("ledger"), ledger::OpenMode::read_write);
    ASSERT_TRUE(opened) << opened.error().message;
    auto& ledger = **opened;

    std::unique_ptr<recorder::LedgerRecorder> rec;
    TestEngine seeder(box.path("seeder"), loopback_settings(), true, [&](engine::Engine& e) {
        rec = std::make_unique<recorder::LedgerRecorder>(e, ledger);
    });
    auto sid = seeder.add_complete(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(sid) << sid.error().message;
    TestEngine leecher(box.path("leecher"));
    auto request = add_metainfo(t, box.path("get"));
    request.peers = {seeder.endpoint()};
    auto lid = leecher.add(request);
    ASSERT_TRUE(lid) << lid.error().message;
    ASSERT_TRUE(leecher.wait_complete(*lid));
    // The seed's upload counter reaches the total once the last piece went out.
    ASSERT_TRUE(seeder.wait_for(
        *sid, [&](const auto& s) { return s.uploaded_total >= t.info.total_size; }));
    seeder.shutdown();
    rec->stop();

    auto seeded = find_kind(ledger, EntryKind::seeded);
    ASSERT_TRUE(seeded) << "no counters at shutdown";
    EXPECT_GE(*seeded->uploaded, t.info.total_size);
    EXPECT_EQ(seeded->info_hash_v2, t.info.hashes.v2);
}

// `shoal get` flushes the recorder as soon as it sees the torrent complete, and the engine
// publishes that state before the torrent_finished event the `completed` entry comes from:
// one flush then still finds the entry in the ledger, however late the event comes.
TEST(Recorder, AFlushAfterTheCompletionIsSeenHasTheCompletedEntry) {
    SeededLedger s(standard_files(), TorrentFormat::v1);
    ASSERT_TRUE(s.ready());
    auto& ledger = s.ledger();

    std::promise<void> seen;
    std::atomic<bool> once{false};
    std::unique_ptr<recorder::LedgerRecorder> rec;
    TestEngine leecher(s.box.path("leecher"), loopback_settings(), true, [&](engine::Engine& e) {
        e.on_update([&](const engine::TorrentUpdate& u) {
            for (const auto& c : u.changed)
                if (c.snapshot.progress >= 1.0 && !once.exchange(true)) {
                    seen.set_value();
                    // The event follows this update on the engine's thread: hold it back.
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                }
        });
        record_into(ledger, rec)(e);
    });
    auto lid = leecher.add(s.download_request());
    ASSERT_TRUE(lid) << lid.error().message;
    ASSERT_EQ(seen.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
    rec->flush();
    EXPECT_TRUE(find_kind(ledger, EntryKind::completed)) << "the completion is not recorded";
    leecher.shutdown();
    rec->stop();
}

// `shoal get` starts the engine while the ledger opens, and subscribes the recorder after:
// it hears everything about the torrents added after it, and the v1 roots asked for before
// the start are hashed from the pieces as they pass. (A registration made on the caller's
// thread instead of the engine's would pass here too: that race is for a thread sanitizer.)
TEST(Recorder, ARecorderMadeOnceTheEngineRunsRecordsWhatIsAddedAfter) {
    SeededLedger s(standard_files(), TorrentFormat::v1);
    ASSERT_TRUE(s.ready());
    auto& ledger = s.ledger();

    TestEngine leecher(s.box.path("leecher"), loopback_settings(), true,
                       [](engine::Engine& e) { e.hash_v1_roots(); });
    std::unique_ptr<recorder::LedgerRecorder> rec;
    record_into(ledger, rec)(leecher.engine());
    auto lid = leecher.add(s.download_request());
    ASSERT_TRUE(lid) << lid.error().message;
    ASSERT_TRUE(leecher.wait_complete(*lid));
    auto completed = wait_for_kind(ledger, *rec, EntryKind::completed);
    ASSERT_TRUE(completed);
    EXPECT_TRUE(find_kind(ledger, EntryKind::added));
    EXPECT_FALSE(find_kind(ledger, EntryKind::hashed)) << "the files were hashed again";
    for (const auto& f : completed->files)
        EXPECT_EQ(f.pieces_root, root_on_disk(s.box.path("get") / f.path)) << f.path;
    leecher.shutdown();
    rec->stop();
}

TEST(Recorder, AnEntryMadeOutsideTheEngineIsAppendedOnTheRecordersThread) {
    Sandbox box;
    auto opened = ledger::Ledger::open(box.path("ledger"), ledger::OpenMode::read_write);
    ASSERT_TRUE(opened) << opened.error().message;
    auto& ledger = **opened;
    std::unique_ptr<recorder::LedgerRecorder> rec;
    TestEngine engine(box.path("engine"), loopback_settings(), true, record_into(ledger, rec));

    LedgerEntry made;
    made.kind = EntryKind::created;
    made.time = 1700000000;
    made.info_hash_v1 = std::string(40, 'a');
    made.name = "made here";
    made.size = 5;
    made.files = {{"made here", 5, {}}};
    rec->record(made);  // returns at once; the append is the recorder's
    rec->flush();
    auto all = entries_of(ledger);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].second.kind, EntryKind::created);
    EXPECT_EQ(all[0].second.name, "made here");
    EXPECT_EQ(all[0].second.files.size(), 1u);
    engine.shutdown();
    rec->stop();
}

}  // namespace
}  // namespace shoal::test
