// A torrent added with its data already on disk: Shoal's hasher checks it before the torrent
// enters libtorrent's session, and must find exactly what libtorrent's own check finds; the
// pieces found survive a restart; commands given during the check wait for it, and a removal
// during it leaves nothing behind.
#include "data_checks.h"
#include "swarm.h"
#include "wait.h"

#include <gtest/gtest.h>
#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/torrent_info.hpp>

#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace shoal::test {
namespace {

using engine::PieceState;
using engine::TorrentState;
using hashing::TorrentFormat;

Result<engine::TorrentDetails> details_of(TestEngine& e, const engine::TorrentId& id) {
    std::promise<Result<engine::TorrentDetails>> details;
    e.engine().details(id, {},
                       [&](Result<engine::TorrentDetails> d) { details.set_value(std::move(d)); });
    auto f = details.get_future();
    if (f.wait_for(std::chrono::seconds(20)) != std::future_status::ready)
        return runtime_error("no details");
    return f.get();
}

bool settled(const engine::TorrentSnapshot& s) {
    return s.state != TorrentState::checking_files &&
           s.state != TorrentState::checking_resume_data && s.has_metadata;
}

// Only data on disk is worth checking before a torrent starts; a directory found missing
// answers for the files under it, not for those elsewhere.
TEST(DataCheck, IsWorthItOnlyWithSomeOfTheFilesThere) {
    Sandbox box;
    auto t = make_test_torrent(
        box.path("seed"), "payload",
        {{"one/a.bin", 70000}, {"one/deep/b.bin", 5000}, {"two/c.bin", 40000}}, TorrentFormat::v1);
    lt::add_torrent_params p;
    p.ti = std::make_shared<lt::torrent_info>(t.torrent_file.string());
    p.save_path = box.path("elsewhere").string();
    EXPECT_FALSE(engine::DataChecks::worth_checking(p)) << "nothing there";
    p.save_path = box.path("seed").string();
    EXPECT_TRUE(engine::DataChecks::worth_checking(p));
    std::filesystem::remove_all(box.path("seed/payload/one"));
    EXPECT_TRUE(engine::DataChecks::worth_checking(p)) << "two/c.bin is there";
    std::filesystem::remove(box.path("seed/payload/two/c.bin"));
    EXPECT_FALSE(engine::DataChecks::worth_checking(p));
    write_payload(box.path("seed/payload/one/deep/b.bin"), 5000, 3);
    EXPECT_TRUE(engine::DataChecks::worth_checking(p)) << "one/deep/b.bin is back";
}

TEST(DataCheck, FindsWhatLibtorrentsCheckFindsAndKeepsItAcrossARestart) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    // One damaged piece in a.bin and c.txt missing: every other piece is there.
    flip_bytes(box.path("seed/payload/a.bin"), 100000);
    std::filesystem::remove(box.path("seed/payload/c.txt"));

    // The first snapshot shows Shoal's check (libtorrent's add would show checking_resume_data).
    auto first = std::make_shared<std::promise<engine::TorrentSnapshot>>();
    auto once = std::make_shared<std::once_flag>();
    engine::TorrentId id;
    std::vector<PieceState> ours;
    {
        TestEngine e(box.path("profile"), loopback_settings(), true, [&](engine::Engine& eng) {
            eng.on_update([first, once](const engine::TorrentUpdate& u) {
                for (const auto& a : u.added)
                    std::call_once(*once, [&] { first->set_value(a); });
            });
        });
        auto added = e.add(add_metainfo(t, box.path("seed")));
        ASSERT_TRUE(added) << added.error().message;
        id = *added;
        auto f = first->get_future();
        ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
        EXPECT_EQ(f.get().state, TorrentState::checking_files);

        auto s = e.wait_for(id, settled);
        ASSERT_TRUE(s);
        EXPECT_EQ(s->state, TorrentState::downloading);
        EXPECT_GT(s->pieces_done, 0);
        EXPECT_LT(s->pieces_done, s->num_pieces);
        auto d = details_of(e, id);
        ASSERT_TRUE(d) << d.error().message;
        ours = d->pieces;

        // libtorrent's own check of the same files.
        e.engine().recheck(id);
        ASSERT_TRUE(e.wait_for(
            id, [](const auto& x) { return x.state == TorrentState::checking_files; },
            std::chrono::seconds(10)));
        ASSERT_TRUE(e.wait_for(id, settled));
        auto theirs = details_of(e, id);
        ASSERT_TRUE(theirs) << theirs.error().message;
        EXPECT_EQ(ours, theirs->pieces) << "Shoal's check and libtorrent's differ";
        e.shutdown();
    }
    TestEngine again(box.path("profile"));
    auto s = again.wait_for(id, settled);
    ASSERT_TRUE(s) << "the torrent was not restored";
    auto d = details_of(again, id);
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->pieces, ours);
}

// Complete data large enough for a command to arrive while its check runs (96 MiB in 1 MiB
// pieces), just added: Shoal's check of it has begun.
class DataCheckRunning : public ::testing::Test {
  protected:
    void SetUp() override {
        auto r = e.add(add_metainfo(t, box.path("seed")));
        ASSERT_TRUE(r) << r.error().message;
        added = *r;
    }
    Sandbox box;
    TestTorrent t = make_test_torrent(box.path("seed"), "payload", {{"big.bin", 96 << 20}},
                                      TorrentFormat::v1, 1 << 20);
    TestEngine e{box.path("profile")};
    engine::TorrentId added;
};

TEST_F(DataCheckRunning, CompleteDataSeedsAndCommandsDuringTheCheckRunAfterIt) {
    // Posted right behind the add: it waits for the check, then pauses the seeding torrent.
    e.engine().pause(added);
    auto details = details_of(e, added);  // answered during the check or after it
    ASSERT_TRUE(details) << details.error().message;
    EXPECT_EQ(details->files.size(), 1u);
    auto s = e.wait_for(
        added, [](const auto& x) { return settled(x) && x.paused; }, std::chrono::seconds(30));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->state, TorrentState::seeding);
    EXPECT_EQ(s->pieces_done, s->num_pieces);
}

TEST_F(DataCheckRunning, RemovingDuringTheCheckLeavesNothingAndTheTorrentCanComeBack) {
    auto removed = e.remove(added, engine::RemoveMode::keep_data);
    ASSERT_TRUE(removed) << removed.error().message;
    // The check's end (whenever it comes) must not bring the torrent back.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(e.torrent_count(), 0u);
    EXPECT_TRUE(std::filesystem::exists(box.path("seed/payload/big.bin")));

    auto again = e.add(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(again) << again.error().message;
    auto s = e.wait_for(*again, settled);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->state, TorrentState::seeding);
    e.shutdown();
    TestEngine restarted(box.path("profile"));
    EXPECT_TRUE(restarted.wait_complete(*again));
    EXPECT_EQ(restarted.torrent_count(), 1u);
}

}  // namespace
}  // namespace shoal::test
