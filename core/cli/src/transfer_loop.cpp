#include "transfer_loop.h"

#include "terminal.h"

#include <algorithm>

namespace shoal::cli {

using engine::EngineEvent;

TransferLoop::TransferLoop(CliSession& session, ProgressView& view, std::vector<std::string> peers)
    : session_(session), view_(view), peers_(std::move(peers)) {}

std::vector<engine::TorrentSnapshot> TransferLoop::snapshots() const {
    std::vector<engine::TorrentSnapshot> out;
    for (const auto& id : ids_)
        if (auto s = session_.monitor().snapshot(id)) out.push_back(*s);
    return out;
}

void TransferLoop::handle_events() {
    for (auto& e : session_.monitor().take_events()) {
        const bool ours =
            e.torrent && std::find(ids_.begin(), ids_.end(), *e.torrent) != ids_.end();
        switch (e.kind) {
            case EngineEvent::Kind::torrent_error:
            case EngineEvent::Kind::file_error:
                if (ours && !error_) error_ = runtime_error(e.message);
                break;
            case EngineEvent::Kind::tracker_error:
            case EngineEvent::Kind::resume_save_failed:
                // Worth a word once, not a stop: other trackers, the DHT or peers may do.
                if (warned_.insert(e.message).second)
                    view_.message("shoal: warning: " + e.message, true);
                break;
            case EngineEvent::Kind::seeding_limit_reached:
                if (ours) {
                    limits_reached_.insert(*e.torrent);
                    view_.message(e.message);
                }
                break;
            case EngineEvent::Kind::metadata_received:
                if (ours) {
                    if (auto s = session_.monitor().snapshot(*e.torrent))
                        view_.message("metadata received: " + s->name);
                    else
                        view_.message("metadata received");
                }
                break;
            default:
                break;
        }
    }
}

void TransferLoop::redial_peers(const std::vector<engine::TorrentSnapshot>& snaps) {
    if (peers_.empty()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_dial_ < std::chrono::seconds(3)) return;
    last_dial_ = now;
    for (const auto& s : snaps)
        if (s.peers == 0 && !s.paused)
            for (const auto& p : peers_)
                session_.engine().connect_peer(s.id, p);
}

TransferLoop::Outcome TransferLoop::run(
    const std::function<bool(const std::vector<engine::TorrentSnapshot>&)>& done) {
    for (;;) {
        // News from the engine ends the wait: the moment of completion or metadata is what a
        // one-shot command waits for (drawing has its own, slower pace).
        if (wait_for_stop_signal(std::chrono::milliseconds(200)) != 0) return Outcome::interrupted;
        handle_events();
        if (error_) return Outcome::failed;
        const auto snaps = snapshots();
        for (const auto& s : snaps)
            if (!s.error.empty()) {
                error_ = runtime_error(s.name + ": " + s.error);
                return Outcome::failed;
            }
        if (!snaps.empty()) view_.show(snaps);
        if (snaps.size() == ids_.size() && done(snaps)) return Outcome::done;
        redial_peers(snaps);
    }
}

}  // namespace shoal::cli
