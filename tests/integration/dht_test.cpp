// A magnet with no tracker and no peer hint resolves and downloads through a DHT of local
// nodes on 127.0.0.1 that bootstrapped from each other (no public node is ever asked).
#include "swarm.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

namespace shoal::test {
namespace {

engine::Settings dht_settings(const std::string& bootstrap) {
    auto s = loopback_settings();
    s.enable_dht = true;
    s.dht_bootstrap_nodes = bootstrap;
    return s;
}

// What a failed lookup leaves to look at: the torrent's state and peers on both sides.
std::string describe(TestEngine& e, const engine::TorrentId& id) {
    auto s = e.snapshot(id);
    if (!s) return "no snapshot";
    std::string out = engine::display_state(*s) + ", metadata " + (s->has_metadata ? "yes" : "no") +
                      ", " + std::to_string(s->peers) + " peers, swarm seeds " +
                      std::to_string(s->swarm_seeds) + ", progress " + std::to_string(s->progress);
    if (!s->error.empty()) out += ", error: " + s->error;
    int nodes = 0;
    e.wait_stats([&](const engine::SessionStats& st) { return (nodes = st.dht_nodes), true; },
                 std::chrono::milliseconds(0));
    out += ", " + std::to_string(nodes) + " DHT nodes";
    using Kind = engine::EngineEvent::Kind;
    for (const auto& ev : e.events())
        if (ev.kind == Kind::torrent_error || ev.kind == Kind::listen_failed)
            out += "\n  error: " + ev.message;
    return out;
}

TEST(Dht, MagnetResolvesAndDownloadsThroughALocalDht) {
    Sandbox box;
    // Few enough nodes that every lookup asks all of them (a lookup asks the 8 closest),
    // so an announce and a later lookup always meet once everyone knows everyone.
    constexpr int kNodes = 6;
    std::vector<std::unique_ptr<TestEngine>> nodes;
    nodes.push_back(std::make_unique<TestEngine>(box.path("node0"), dht_settings("")));
    const std::string first = nodes.front()->endpoint();
    ASSERT_FALSE(first.empty());
    for (int i = 1; i < kNodes; ++i)
        nodes.push_back(std::make_unique<TestEngine>(box.path("node" + std::to_string(i)),
                                                     dht_settings(first)));
    // Node 0 is everyone's bootstrap node. Bootstrap nodes act as routers and are kept in
    // no routing table; node 0 itself confirms the nodes that asked it one per DHT tick
    // (5 s). Once it knows them all, the seeder and the leecher learn every node from its
    // first answer.
    const auto everyone = [](const auto& s) { return s.dht_nodes >= kNodes - 1; };
    ASSERT_TRUE(nodes.front()->wait_stats(everyone, std::chrono::seconds(90)))
        << "node 0 did not learn of the other nodes";

    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(),
                               hashing::TorrentFormat::v1);
    TestEngine seeder(box.path("seeder"), dht_settings(first));
    TestEngine leecher(box.path("leecher"), dht_settings(first));
    for (auto* e : {&seeder, &leecher})
        ASSERT_TRUE(e->wait_stats(everyone, std::chrono::seconds(30))) << "the DHT did not form";

    auto sid = seeder.add_complete(add_metainfo(t, box.path("seed")));
    ASSERT_TRUE(sid) << sid.error().message;

    engine::AddRequest request;
    request.source = engine::MagnetSource{"magnet:?xt=urn:btih:" + t.info.hashes.v1};
    request.save_path = box.path("get");
    auto lid = leecher.add(request);
    ASSERT_TRUE(lid) << lid.error().message;

    // Announces run on libtorrent's timers; nudge both sides until the leecher has found the
    // seeder (a lookup under load can time out on busy nodes: up to 90 s), then let it
    // download.
    const auto found = [](const engine::TorrentSnapshot& s) { return s.has_metadata; };
    bool resolved = false;
    for (int round = 0; round < 18 && !resolved; ++round) {
        seeder.engine().reannounce(*sid);
        leecher.engine().reannounce(*lid);
        resolved = leecher.wait_for(*lid, found, std::chrono::seconds(5)).has_value();
    }
    ASSERT_TRUE(resolved) << "the magnet did not resolve through the DHT\nleecher: "
                          << describe(leecher, *lid) << "\nseeder: " << describe(seeder, *sid);
    ASSERT_TRUE(leecher.wait_complete(*lid))
        << "the metadata came but not the files\nleecher: " << describe(leecher, *lid)
        << "\nseeder: " << describe(seeder, *sid);
    EXPECT_TRUE(same_payload(t, box.path("get")));
}

}  // namespace
}  // namespace shoal::test
