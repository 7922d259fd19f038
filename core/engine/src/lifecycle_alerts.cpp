// Torrents coming and going: added (or refused), metadata arriving, completion, checks,
// storage moves, deletions and errors.
#include "alert_handlers.h"
#include "engine_core.h"
#include "lt_convert.h"
#include "snapshot_from_status.h"
#include "status_observer.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/write_resume_data.hpp>

namespace shoal::engine {
namespace {

using Kind = EngineEvent::Kind;

// Alerts about a torrent that is gone carry only its hashes; it may have been known by
// either of them.
template <class Map>
auto find_by_hashes(Map& map, const lt::info_hash_t& ih) {
    auto it = map.find(to_id(ih));
    if (it == map.end() && ih.has_v2()) it = map.find(*TorrentId::parse(digest_hex(ih.v2)));
    return it;
}

void on_added(EngineCore& core, const lt::add_torrent_alert& a) {
    if (core.probes.on_added(a)) return;
    auto it = core.pending_adds.find(a.params.userdata.get<PendingAdd>());
    if (it == core.pending_adds.end()) return;
    std::unique_ptr<PendingAdd> pending = std::move(it->second);
    core.pending_adds.erase(it);
    const TorrentId id = pending->id;
    if (pending->origin == AddOrigin::restore) core.restored_one();
    if (pending->origin == AddOrigin::wake || pending->origin == AddOrigin::checked) {
        core.woke(id, a.handle,
                  a.error ? "cannot add '" + pending->display_name + "': " + a.error.message()
                          : std::string());
        TorrentEntry* e = core.table.find(id);
        if (pending->origin == AddOrigin::checked && e && !e->parked()) {
            core.save_resume(*e);  // with the pieces found
            for (const auto& peer : pending->peer_names)
                core.connect_peer(id, peer);
        }
        return;
    }

    if (a.error) {
        std::string msg = "cannot add '" + pending->display_name + "': " + a.error.message();
        const bool duplicate = a.error == lt::errors::duplicate_torrent;
        if (pending->done)
            pending->done(duplicate ? bad_input(msg) : runtime_error(msg));
        else
            core.report(Kind::torrent_error, id, msg);
        return;
    }

    TorrentEntry& entry = core.table.insert(id, a.handle);
    entry.extras = pending->extras;
    entry.extras.checking = a.params.ti != nullptr;  // until its first state change
    entry.extras.counters.start_from(a.params.total_downloaded, a.params.total_uploaded);
    TorrentSnapshot& s = entry.snapshot;
    s.id = id;
    s.hashes = to_hashes(a.params.ti ? a.params.ti->info_hashes() : a.params.info_hashes);
    s.name = a.params.ti ? a.params.ti->name() : a.params.name;
    if (s.name.empty()) s.name = id.hex();
    s.save_path = a.params.save_path;
    s.has_metadata = a.params.ti != nullptr;
    s.paused = static_cast<bool>(a.params.flags & lt::torrent_flags::paused) &&
               !(a.params.flags & lt::torrent_flags::auto_managed);
    copy_limits(entry.extras, s);
    s.state = s.has_metadata ? TorrentState::checking_resume_data : TorrentState::fetching_metadata;
    core.publisher.added(s);

    if (!pending->metainfo.empty() && !entry.extras.torrent_file_saved) {
        core.store->save_torrent_file(id, std::move(pending->metainfo));
        entry.extras.torrent_file_saved = true;
    }
    // Saved at once, so that the profile knows the torrent even if the process dies now.
    if (!pending->from_profile()) core.save_resume(entry);
    for (const auto& peer : pending->peer_names)
        core.connect_peer(id, peer);
    if (pending->done) pending->done(id);
    core.report(
        pending->from_profile() && !pending->done ? Kind::torrent_restored : Kind::torrent_added,
        id, s.name);
}

void on_metadata(EngineCore& core, const lt::metadata_received_alert& a) {
    if (core.probes.on_metadata(a)) return;
    TorrentEntry* e = core.table.find(a.handle);
    if (!e) return;
    if (!e->extras.torrent_file_saved) {
        lt::add_torrent_params atp;
        atp.ti = std::const_pointer_cast<lt::torrent_info>(a.handle.torrent_file());
        if (atp.ti) {
            // v2 piece layers arrive later from peers; the info dictionary is what matters.
            core.store->save_torrent_file(
                e->id, lt::write_torrent_file_buf(atp, lt::write_flags::allow_missing_piece_layer));
            e->extras.torrent_file_saved = true;
        }
    }
    core.save_resume(*e);
    core.report(Kind::metadata_received, e->id, {});
}

}  // namespace

void register_lifecycle_alerts(EngineCore& core) {
    auto& r = core.router;
    r.on<lt::add_torrent_alert>([&core](const auto& a) { on_added(core, a); });
    r.on<lt::metadata_received_alert>([&core](const auto& a) { on_metadata(core, a); });
    // Every piece has passed its hash check, but with threaded disk I/O the last blocks may
    // still be on their way to the file. Completion is reported once a flush, which libtorrent
    // queues behind every pending write, is done: whoever reads the files then (the ledger's
    // root jobs, the user) reads the finished data. For a v1 torrent it also waits for the
    // roots of the pieces hashed as they passed, which torrent_finished's details carry.
    r.on<lt::torrent_finished_alert>([&core](const lt::torrent_finished_alert& a) {
        TorrentEntry* e = core.table.find(a.handle);
        if (!e || e->extras.finish_pending) return;
        e->extras.finish_pending = true;
        core.flush(*e, [&core, id = e->id] {
            core.live_roots.finish(id, [&core, id](std::vector<std::string> roots) {
                TorrentEntry* done = core.table.find(id);
                if (!done || !done->extras.finish_pending) return;
                done->extras.finish_pending = false;
                auto& known = done->extras.v1_roots;
                if (known.size() < roots.size()) known.resize(roots.size());
                for (std::size_t i = 0; i < roots.size(); ++i)
                    if (!roots[i].empty()) known[i] = std::move(roots[i]);
                refresh_status(core, *done);  // the figures at completion, not at the last update
                core.save_resume(*done);
                core.report(Kind::torrent_finished, done->id, done->snapshot.name);
            });
        });
    });
    r.on<lt::cache_flushed_alert>([&core](const lt::cache_flushed_alert& a) {
        TorrentEntry* e = core.table.find(a.handle);
        if (!e || e->extras.flush_waiters.empty()) return;
        auto then = std::move(e->extras.flush_waiters.front());
        e->extras.flush_waiters.pop_front();
        then();
    });
    // Pieces found on disk by a check pass too; hashing them all again would slow every
    // check (`shoal seed` of v1 data has its roots from creating the torrent). They are left
    // to the recorder, which hashes from disk only what no entry has yet.
    r.on<lt::state_changed_alert>([&core](const lt::state_changed_alert& a) {
        TorrentEntry* e = core.table.find(a.handle);
        if (!e) return;
        e->extras.checking = a.state == lt::torrent_status::checking_files ||
                             a.state == lt::torrent_status::checking_resume_data;
        if (a.state != lt::torrent_status::checking_resume_data) core.ready(e->id);
    });
    r.on<lt::piece_finished_alert>([&core](const lt::piece_finished_alert& a) {
        TorrentEntry* e = core.table.find(a.handle);
        if (e && !e->extras.checking)
            core.live_roots.piece_passed(e->id, a.handle, e->snapshot.save_path, a.piece_index);
    });
    r.on<lt::torrent_checked_alert>([&core](const lt::torrent_checked_alert& a) {
        if (TorrentEntry* e = core.table.find(a.handle))
            core.report(Kind::torrent_checked, e->id, {});
    });
    r.on<lt::torrent_error_alert>([&core](const lt::torrent_error_alert& a) {
        if (TorrentEntry* e = core.table.find(a.handle)) {
            core.ready(e->id);  // a woken torrent that stopped keeps no command waiting
            std::string file = a.filename();
            core.report(Kind::torrent_error, e->id,
                        e->snapshot.name + ": " + a.error.message() +
                            (file.empty() ? "" : " (" + file + ")"));
        }
    });
    r.on<lt::file_error_alert>([&core](const lt::file_error_alert& a) {
        if (TorrentEntry* e = core.table.find(a.handle))
            core.report(Kind::file_error, e->id,
                        std::string("cannot ") + lt::operation_name(a.op) + " '" + a.filename() +
                            "': " + a.error.message());
    });
    r.on<lt::storage_moved_alert>([&core](const lt::storage_moved_alert& a) {
        if (TorrentEntry* e = core.table.find(a.handle)) {
            core.save_resume(*e);
            core.report(Kind::storage_moved, e->id, a.storage_path());
        }
    });
    r.on<lt::storage_moved_failed_alert>([&core](const lt::storage_moved_failed_alert& a) {
        if (TorrentEntry* e = core.table.find(a.handle))
            core.report(Kind::storage_move_failed, e->id,
                        "cannot move '" + e->snapshot.name + "' to '" + a.file_path() +
                            "': " + a.error.message());
    });
    r.on<lt::torrent_deleted_alert>([&core](const lt::torrent_deleted_alert& a) {
        auto it = find_by_hashes(core.pending_deletes, a.info_hashes);
        if (it == core.pending_deletes.end()) return;
        auto done = std::move(it->second);
        core.pending_deletes.erase(it);
        if (done) done({});
    });
    r.on<lt::torrent_delete_failed_alert>([&core](const lt::torrent_delete_failed_alert& a) {
        auto it = find_by_hashes(core.pending_deletes, a.info_hashes);
        if (it == core.pending_deletes.end()) return;
        auto done = std::move(it->second);
        const std::string id = it->first.hex();
        core.pending_deletes.erase(it);
        if (done)
            done(runtime_error("cannot delete the data of torrent " + id + ": " +
                               a.error.message()));
    });
}

}  // namespace shoal::engine
