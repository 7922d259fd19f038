// The engine's profile: torrents and their state survive a restart, removal cleans up,
// and commands show up in the snapshots and details.
#include "swarm.h"
#include "wait.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace shoal::test {
namespace {

using hashing::TorrentFormat;

TEST(Profile, TorrentsComeBackAfterARestartWithoutRecheckingOrRedownloading) {
    Sandbox box;
    auto t =
        make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::hybrid);
    engine::TorrentId id;
    {
        TestEngine e(box.path("profile"));
        auto added = e.add(add_metainfo(t, box.path("seed")));
        ASSERT_TRUE(added);
        id = *added;
        ASSERT_TRUE(e.wait_complete(id));
        e.shutdown();
    }
    EXPECT_TRUE(std::filesystem::exists(box.path("profile/torrents/" + id.hex() + ".torrent")));
    EXPECT_TRUE(std::filesystem::exists(box.path("profile/torrents/" + id.hex() + ".resume")));
    EXPECT_TRUE(std::filesystem::exists(box.path("profile/session.state")));
    EXPECT_FALSE(std::filesystem::exists(box.path("profile/running")))
        << "clean shutdown leaves no marker";

    // Damage one piece on disk: a restart that trusts its resume data does not notice
    // (nothing is hashed again), a forced recheck does.
    flip_bytes(box.path("seed/payload/a.bin"), 100000);
    TestEngine again(box.path("profile"));
    auto s = again.wait_complete(id);
    ASSERT_TRUE(s) << "the torrent was not restored";
    EXPECT_EQ(s->name, "payload");
    EXPECT_EQ(s->save_path, box.path("seed").string());
    EXPECT_EQ(s->wanted_done, t.info.total_size) << "complete data was hashed again";
    again.engine().recheck(id);
    auto checked = again.wait_for(id, [&](const auto& x) {
        return x.state != engine::TorrentState::checking_files && x.wanted_done < t.info.total_size;
    });
    EXPECT_TRUE(checked) << "a recheck must find the damaged piece";
}

TEST(Profile, RemoveWithDataDeletesFilesAndState) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    TestEngine e(box.path("profile"));
    auto id = e.add_complete(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(id) << id.error().message;
    auto removed = e.remove(*id, engine::RemoveMode::delete_data);
    ASSERT_TRUE(removed) << removed.error().message;
    EXPECT_FALSE(std::filesystem::exists(box.path("seed/payload/a.bin")));
    e.shutdown();
    EXPECT_FALSE(std::filesystem::exists(box.path("profile/torrents/" + id->hex() + ".resume")));
    EXPECT_FALSE(std::filesystem::exists(box.path("profile/torrents/" + id->hex() + ".torrent")));
}

TEST(Profile, PauseResumeLimitsAndDetailsShowInSnapshots) {
    Sandbox box;
    auto t =
        make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::hybrid);
    TestEngine e(box.path("profile"));
    auto id = e.add_complete(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(id) << id.error().message;

    e.engine().pause(*id);
    ASSERT_TRUE(e.wait_for(
        *id, [](const auto& s) { return s.paused; }, std::chrono::seconds(10)));
    e.engine().resume(*id);
    ASSERT_TRUE(e.wait_for(
        *id, [](const auto& s) { return !s.paused; }, std::chrono::seconds(10)));
    e.engine().set_rate_limits(*id, 100000, 50000);
    ASSERT_TRUE(e.wait_for(
        *id, [](const auto& s) { return s.download_limit == 100000 && s.upload_limit == 50000; },
        std::chrono::seconds(10)));

    std::promise<Result<engine::TorrentDetails>> details;
    e.engine().details(*id, {},
                       [&](Result<engine::TorrentDetails> d) { details.set_value(std::move(d)); });
    auto d = details.get_future().get();
    ASSERT_TRUE(d);
    ASSERT_EQ(d->files.size(), 3u) << "pad files are not shown";
    for (const auto& f : d->files) {
        EXPECT_EQ(f.done, f.size) << f.path;
        EXPECT_EQ(f.pieces_root.size(), 64u) << f.path;
    }
    EXPECT_EQ(static_cast<int>(d->pieces.size()), t.info.num_pieces);
    for (auto p : d->pieces)
        EXPECT_EQ(p, engine::PieceState::have);
    EXPECT_NE(d->magnet_uri.find(t.info.hashes.v1), std::string::npos);
}

TEST(Profile, MoveStoragePrioritiesAndSequential) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    TestEngine e(box.path("profile"));
    auto id = e.add_complete(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(id) << id.error().message;

    const std::string a_bin = read_all(box.path("seed/payload/a.bin"));
    e.engine().move_storage(*id, box.path("moved"));
    ASSERT_TRUE(e.wait_event(engine::EngineEvent::Kind::storage_moved, std::chrono::seconds(20)));
    ASSERT_TRUE(e.wait_for(
        *id, [&](const auto& s) { return s.save_path == box.path("moved").string(); },
        std::chrono::seconds(10)));
    EXPECT_EQ(read_all(box.path("moved/payload/a.bin")), a_bin);
    EXPECT_FALSE(std::filesystem::exists(box.path("seed/payload/a.bin")));

    e.engine().set_sequential(*id, true);
    EXPECT_TRUE(e.wait_for(
        *id, [](const auto& s) { return s.sequential; }, std::chrono::seconds(10)));

    e.engine().set_file_priorities(
        *id, {{0, engine::FilePriority::skip}, {2, engine::FilePriority::high}});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::promise<Result<engine::TorrentDetails>> details;
    e.engine().details(*id, {},
                       [&](Result<engine::TorrentDetails> d) { details.set_value(std::move(d)); });
    auto d = details.get_future().get();
    ASSERT_TRUE(d);
    ASSERT_EQ(d->files.size(), 3u);
    EXPECT_EQ(d->files[0].priority, engine::FilePriority::skip);
    EXPECT_EQ(d->files[1].priority, engine::FilePriority::normal);
    EXPECT_EQ(d->files[2].priority, engine::FilePriority::high);
}

TEST(Profile, SettingsApplyLiveAndPersist) {
    Sandbox box;
    TestEngine e(box.path("profile"));
    auto s = e.engine().settings();
    s.upload_rate_limit = 123456;
    e.engine().apply_settings(s);
    e.shutdown();
    auto saved = engine::load_profile_settings(box.path("profile"));
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->upload_rate_limit, 123456);
}

// A profile of more torrents than one restore batch: every torrent comes back once, and
// adding one that is still waiting its turn is refused as already added (not added twice).
TEST(Profile, ManyTorrentsComeBackOnceEvenWhenAddedAgainDuringTheRestore) {
    Sandbox box;
    constexpr int kTorrents = 700;
    auto magnet = [](int i) {
        char hash[41];
        std::snprintf(hash, sizeof hash, "%040x", i + 1);
        engine::AddRequest r;
        r.source = engine::MagnetSource{"magnet:?xt=urn:btih:" + std::string(hash) + "&dn=t" +
                                        std::to_string(i)};
        r.paused = true;
        return r;
    };
    {
        TestEngine e(box.path("profile"));
        for (int i = 0; i < kTorrents; ++i)
            ASSERT_TRUE(e.add(magnet(i))) << i;
        e.shutdown();
    }
    TestEngine e(box.path("profile"));
    // Posted right after the restore began: each is answered while its torrent is being
    // added or still waits its turn.
    std::vector<std::future<Result<engine::TorrentId>>> again;
    for (int i = 0; i < kTorrents; ++i) {
        auto p = std::make_shared<std::promise<Result<engine::TorrentId>>>();
        again.push_back(p->get_future());
        e.engine().add(magnet(i), [p](auto r) { p->set_value(std::move(r)); });
    }
    for (auto& f : again) {
        ASSERT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready);
        auto r = f.get();
        ASSERT_FALSE(r);
        EXPECT_NE(r.error().message.find("already added"), std::string::npos) << r.error().message;
    }
    ASSERT_TRUE(
        eventually([&] { return e.torrent_count() == kTorrents; }, std::chrono::seconds(30)))
        << e.torrent_count();
    for (const auto& ev : e.events())
        EXPECT_NE(ev.kind, engine::EngineEvent::Kind::torrent_error) << ev.message;
}

// A torrent the user paused is listed after a restart from its saved state alone (out of
// libtorrent's session) exactly as it was, and joins the session when a command needs it.
TEST(Profile, PausedTorrentsComeBackAsTheyWereAndWakeForCommands) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    engine::TorrentId id;
    engine::TorrentSnapshot before;
    {
        TestEngine seeder(box.path("seeder"));
        ASSERT_TRUE(seeder.add_complete(add_metainfo(t, box.path("seed"))));
        TestEngine e(box.path("profile"));
        auto request = add_metainfo(t, box.path("get"));
        request.selected_files = std::vector<int>{1, 2};  // a.bin skipped: "finished"
        request.peers = {seeder.endpoint()};
        auto added = e.add(request);
        ASSERT_TRUE(added) << added.error().message;
        id = *added;
        ASSERT_TRUE(e.wait_complete(id));
        e.engine().pause(id);
        auto paused = e.wait_for(
            id, [](const auto& s) { return s.paused; }, std::chrono::seconds(10));
        ASSERT_TRUE(paused);
        before = *paused;
        e.shutdown();
    }
    ASSERT_EQ(before.state, engine::TorrentState::finished);
    ASSERT_LT(before.total_done, t.info.total_size);

    // The first snapshot the engine publishes is the settled one (a torrent restored into
    // libtorrent's session would first show checking_resume_data, and no progress).
    auto first = std::make_shared<std::promise<engine::TorrentSnapshot>>();
    auto once = std::make_shared<std::once_flag>();
    TestEngine e(box.path("profile"), loopback_settings(), true, [&](engine::Engine& eng) {
        eng.on_update([first, once, id](const engine::TorrentUpdate& u) {
            for (const auto& a : u.added)
                if (a.id == id) std::call_once(*once, [&] { first->set_value(a); });
        });
    });
    auto first_future = first->get_future();
    ASSERT_EQ(first_future.wait_for(std::chrono::seconds(10)), std::future_status::ready)
        << "the paused torrent was not restored";
    const auto s = std::optional<engine::TorrentSnapshot>(first_future.get());
    EXPECT_TRUE(s->paused);
    EXPECT_EQ(s->state, before.state);
    EXPECT_EQ(s->name, before.name);
    EXPECT_EQ(s->save_path, before.save_path);
    EXPECT_EQ(s->hashes.v1, before.hashes.v1);
    EXPECT_EQ(s->progress, 1.0);
    EXPECT_EQ(s->total_size, before.total_size);
    EXPECT_EQ(s->wanted_size, before.wanted_size);
    EXPECT_EQ(s->wanted_done, before.wanted_done);
    EXPECT_EQ(s->total_done, before.total_done);
    EXPECT_EQ(s->num_pieces, before.num_pieces);
    EXPECT_EQ(s->pieces_done, before.pieces_done);
    EXPECT_EQ(s->downloaded_total, before.downloaded_total);
    EXPECT_EQ(s->added_time, before.added_time);
    EXPECT_EQ(s->completed_time, before.completed_time);

    // Details come from the saved state, the same as libtorrent's once the torrent runs.
    auto details_of = [&](TestEngine& engine) {
        std::promise<Result<engine::TorrentDetails>> details;
        engine.engine().details(
            id, {}, [&](Result<engine::TorrentDetails> d) { details.set_value(std::move(d)); });
        auto f = details.get_future();
        EXPECT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
        return f.get();
    };
    auto parked = details_of(e);
    ASSERT_TRUE(parked) << parked.error().message;
    ASSERT_EQ(parked->files.size(), 3u);
    EXPECT_EQ(parked->files[0].priority, engine::FilePriority::skip);
    EXPECT_EQ(parked->files[2].done, parked->files[2].size);
    EXPECT_NE(parked->magnet_uri.find(t.info.hashes.v1), std::string::npos);

    e.engine().resume(id);
    EXPECT_TRUE(e.wait_for(
        id, [](const auto& x) { return !x.paused && x.state == engine::TorrentState::finished; },
        std::chrono::seconds(10)));
    auto live = details_of(e);
    ASSERT_TRUE(live) << live.error().message;
    ASSERT_EQ(live->files.size(), parked->files.size());
    for (std::size_t i = 0; i < live->files.size(); ++i) {
        EXPECT_EQ(parked->files[i].path, live->files[i].path);
        EXPECT_EQ(parked->files[i].size, live->files[i].size);
        EXPECT_EQ(parked->files[i].done, live->files[i].done) << live->files[i].path;
        EXPECT_EQ(parked->files[i].priority, live->files[i].priority) << live->files[i].path;
    }
    EXPECT_EQ(parked->pieces, live->pieces);
    EXPECT_EQ(parked->trackers.size(), live->trackers.size());
    EXPECT_EQ(parked->comment, live->comment);
    EXPECT_EQ(parked->creation_date, live->creation_date);

    // A parked torrent removed with its data: it enters the session, which deletes the files.
    e.engine().pause(id);
    ASSERT_TRUE(e.wait_for(
        id, [](const auto& x) { return x.paused; }, std::chrono::seconds(10)));
    e.shutdown();
    TestEngine third(box.path("profile"));
    ASSERT_TRUE(third.wait_for(
        id, [](const auto& x) { return x.paused; }, std::chrono::seconds(10)));
    std::promise<Result<void>> removed;
    third.engine().remove(id, engine::RemoveMode::delete_data,
                          [&](Result<void> r) { removed.set_value(r); });
    auto rf = removed.get_future();
    ASSERT_EQ(rf.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    auto r = rf.get();
    EXPECT_TRUE(r) << r.error().message;
    EXPECT_TRUE(eventually([&] { return third.torrent_count() == 0; }, std::chrono::seconds(5)));
    EXPECT_FALSE(std::filesystem::exists(box.path("get/payload/c.txt")));
    third.shutdown();
    EXPECT_FALSE(std::filesystem::exists(box.path("profile/torrents/" + id.hex() + ".resume")));
}

TEST(Profile, SeedingLimitPausesTheTorrent) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(), TorrentFormat::v1);
    TestEngine seeder(box.path("seeder"));
    TestEngine leecher(box.path("leecher"));
    auto request = add_metainfo(t, box.path("seed"));
    request.ratio_limit = 0.5;
    auto sid = seeder.add_complete(request);
    ASSERT_TRUE(sid) << sid.error().message;
    auto lrequest = add_metainfo(t, box.path("get"));
    lrequest.peers = {seeder.endpoint()};
    auto lid = leecher.add(lrequest);
    ASSERT_TRUE(lid);
    ASSERT_TRUE(seeder.wait_event(engine::EngineEvent::Kind::seeding_limit_reached,
                                  std::chrono::seconds(60)));
    EXPECT_TRUE(seeder.wait_for(
        *sid, [](const auto& s) { return s.paused; }, std::chrono::seconds(10)));
}

}  // namespace
}  // namespace shoal::test
