#include "metadata_probes.h"

#include "add_params.h"
#include "engine_core.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/write_resume_data.hpp>

#include <vector>

namespace shoal::engine {

void MetadataProbes::start(const std::string& magnet_uri, Done done) {
    AddRequest request;
    request.source = MagnetSource{magnet_uri};
    request.save_path = core_.config.profile_dir / "metadata";
    auto prepared = prepare_add(request, core_.settings);
    if (!prepared) {
        done(prepared.error());
        return;
    }
    const TorrentId id = prepared->id;
    if (core_.table.contains(id)) {
        done(bad_input("torrent " + id.hex() + " is already added"));
        return;
    }
    for (const auto& [ptr, p] : probes_)
        if (p->id == id && !p->cancelled) {
            done(bad_input("the metadata of " + id.hex() + " is already being fetched"));
            return;
        }
    auto probe = std::make_unique<Probe>();
    probe->id = id;
    probe->done = std::move(done);
    auto& params = prepared->params;
    params.flags |= lt::torrent_flags::upload_mode;  // no payload is ever requested
    params.flags &= ~(lt::torrent_flags::paused | lt::torrent_flags::auto_managed);
    params.file_priorities.clear();
    params.userdata = lt::client_data_t(probe.get());
    Probe* key = probe.get();
    probes_.emplace(key, std::move(probe));
    core_.session->async_add_torrent(std::move(params));
    core_.update_tick_rate();
    waiting_peers_[id] = prepared->peer_names;
}

lt::torrent_handle MetadataProbes::handle_of(const TorrentId& id) const {
    for (const auto& [key, p] : probes_)
        if (p->id == id && !p->cancelled) return p->handle;
    return {};
}

void MetadataProbes::cancel(const TorrentId& id) {
    for (auto it = probes_.begin(); it != probes_.end();) {
        Probe& p = *it->second;
        if (p.id != id) {
            ++it;
            continue;
        }
        if (p.handle.is_valid()) {
            core_.session->remove_torrent(p.handle);
            it = probes_.erase(it);
        } else {
            p.cancelled = true;  // removed once libtorrent reports it added
            ++it;
        }
    }
}

bool MetadataProbes::on_added(const lt::add_torrent_alert& a) {
    auto* key = a.params.userdata.get<Probe>();
    if (!key) return false;
    auto it = probes_.find(key);
    if (it == probes_.end()) return true;
    Probe& p = *it->second;
    if (a.error) {
        const std::string why = a.error == lt::errors::duplicate_torrent
                                    ? "torrent " + p.id.hex() + " is already added"
                                    : a.error.message();
        if (!p.cancelled) p.done(bad_input("cannot fetch the metadata: " + why));
        probes_.erase(it);
        return true;
    }
    p.handle = a.handle;
    auto peers = std::move(waiting_peers_[p.id]);
    waiting_peers_.erase(p.id);
    if (p.cancelled) {
        core_.session->remove_torrent(a.handle);
        probes_.erase(it);
        return true;
    }
    for (const auto& peer : peers)
        core_.connect_peer(p.id, peer);
    return true;
}

bool MetadataProbes::on_metadata(const lt::metadata_received_alert& a) {
    for (auto it = probes_.begin(); it != probes_.end(); ++it) {
        Probe& p = *it->second;
        if (p.handle != a.handle) continue;
        lt::add_torrent_params atp;
        atp.ti = std::const_pointer_cast<lt::torrent_info>(a.handle.torrent_file());
        Result<std::string> result = runtime_error("the metadata arrived empty");
        if (atp.ti) {
            const auto buf =
                lt::write_torrent_file_buf(atp, lt::write_flags::allow_missing_piece_layer);
            result = std::string(buf.begin(), buf.end());
        }
        core_.session->remove_torrent(a.handle);
        Done done = std::move(p.done);
        probes_.erase(it);
        if (done) done(std::move(result));
        return true;
    }
    return false;
}

void MetadataProbes::fail_all(const std::string& why) {
    for (auto& [key, p] : probes_)
        if (!p->cancelled && p->done) p->done(runtime_error(why));
    probes_.clear();
}

}  // namespace shoal::engine
