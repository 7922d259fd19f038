// Periodic state: torrent snapshots (and their deltas), session-wide rates and DHT size,
// and the seeding limits that act on them.
#include "alert_handlers.h"
#include "engine_core.h"
#include "status_observer.h"
#include "tick_rate.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/session_stats.hpp>

#include <chrono>
#include <memory>

namespace shoal::engine {
namespace {

struct StatsState {
    int recv_payload = lt::find_metric_idx("net.recv_payload_bytes");
    int sent_payload = lt::find_metric_idx("net.sent_payload_bytes");
    int dht_nodes = lt::find_metric_idx("dht.dht_nodes");
    int peers = lt::find_metric_idx(kPeersMetric);
    int downloading = lt::find_metric_idx(kDownloadingMetric);
    int checking = lt::find_metric_idx(kCheckingMetric);
    std::int64_t last_recv = 0;
    std::int64_t last_sent = 0;
    std::chrono::steady_clock::time_point last_time{};
};

}  // namespace

void register_stats_alerts(EngineCore& core) {
    core.router.on<lt::state_update_alert>([&core](const lt::state_update_alert& a) {
        for (const lt::torrent_status& st : a.status) {
            TorrentEntry* e = core.table.find(st.handle);
            if (!e) continue;
            observe_status(core, *e, st);
        }
    });

    auto state = std::make_shared<StatsState>();
    core.router.on<lt::session_stats_alert>([&core, state](const lt::session_stats_alert& a) {
        const auto counters = a.counters();
        auto value = [&](int idx) { return idx >= 0 ? counters[idx] : std::int64_t{0}; };
        const auto now = std::chrono::steady_clock::now();
        SessionStats s;
        s.downloaded_session = value(state->recv_payload);
        s.uploaded_session = value(state->sent_payload);
        if (state->last_time != std::chrono::steady_clock::time_point{}) {
            const double dt = std::chrono::duration<double>(now - state->last_time).count();
            if (dt > 0) {
                s.download_rate = static_cast<std::int64_t>(
                    static_cast<double>(s.downloaded_session - state->last_recv) / dt);
                s.upload_rate = static_cast<std::int64_t>(
                    static_cast<double>(s.uploaded_session - state->last_sent) / dt);
            }
        }
        state->last_recv = s.downloaded_session;
        state->last_sent = s.uploaded_session;
        state->last_time = now;
        s.dht_nodes = static_cast<int>(value(state->dht_nodes));
        s.num_peers = static_cast<int>(value(state->peers));
        s.num_torrents = static_cast<int>(core.table.size());
        s.listen_endpoints = core.listen_endpoints;
        core.publisher.stats(std::move(s));
        SessionWork work;
        work.downloading = value(state->downloading) + value(state->checking);
        work.peers = value(state->peers);
        core.update_tick_rate(work);
    });
}

}  // namespace shoal::engine
