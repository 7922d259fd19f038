#include "engine_core.h"

#include "alert_handlers.h"
#include "http_fetch.h"
#include "session_settings.h"
#include "snapshot_from_params.h"
#include "snapshot_from_status.h"
#include "status_observer.h"

#include <shoal/common/atomic_file.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <libtorrent/mmap_disk_io.hpp>
#include <libtorrent/posix_disk_io.hpp>
#include <libtorrent/session_params.hpp>

#include <ctime>
#include <future>

namespace shoal::engine {
namespace {

namespace asio = boost::asio;

std::filesystem::path running_marker(const EngineConfig& c) {
    return c.profile_dir / "running";
}
std::filesystem::path session_state_path(const EngineConfig& c) {
    return c.profile_dir / "session.state";
}

}  // namespace

EngineCore::EngineCore(EngineConfig cfg)
    : config(std::move(cfg)), settings(config.settings), settings_shared_(config.settings) {
    register_lifecycle_alerts(*this);
    register_resume_alerts(*this);
    register_tracker_alerts(*this);
    register_stats_alerts(*this);
    register_session_alerts(*this);
}

EngineCore::~EngineCore() {
    shutdown(std::chrono::seconds(5));
}

void EngineCore::post(std::function<void()> fn, std::function<void()> rejected) {
    if (stopped_) {
        if (rejected) rejected();
        return;
    }
    asio::post(ioc, [this, fn = std::move(fn), rejected = std::move(rejected)] {
        if (!closing)
            fn();
        else if (rejected)
            rejected();
    });
}

void EngineCore::run_or_post(std::function<void()> fn, std::function<void()> rejected) {
    if (!started_) {
        fn();
        return;
    }
    post(std::move(fn), std::move(rejected));
}

Settings EngineCore::settings_copy() const {
    std::lock_guard lock(settings_mutex_);
    return settings_shared_;
}

void EngineCore::start() {
    if (started_.exchange(true)) return;
    work_.emplace(ioc.get_executor());
    asio::post(ioc, [this] { run_session(); });
    thread_ = std::thread([this] { ioc.run(); });
}

void EngineCore::run_session() {
    store = std::make_unique<ResumeStore>(
        config.profile_dir / "torrents", [this](const std::string& msg) {
            asio::post(ioc,
                       [this, msg] { report(EngineEvent::Kind::resume_save_failed, {}, msg); });
        });

    std::error_code ec;
    unclean_start = std::filesystem::exists(running_marker(config), ec);
    if (auto r = write_file_atomic(running_marker(config), std::string_view("running\n")); !r)
        report(EngineEvent::Kind::resume_save_failed, {}, r.error().message);

    lt::session_params params;
    if (auto state = read_file(session_state_path(config)); state) {
        lt::error_code dec;
        lt::bdecode_node node = lt::bdecode(*state, dec);
        if (!dec) params = lt::read_session_params(node, lt::session_handle::save_dht_state);
    }
    params.settings = to_settings_pack(settings);
    params.disk_io_constructor = live_roots.disk_io(
        settings.disk_io == "posix" ? lt::posix_disk_io_constructor : lt::mmap_disk_io_constructor);
    session = std::make_unique<lt::session>(std::move(params));
    session->set_alert_notify([this] {
        // Runs on a libtorrent thread: only wake the engine thread.
        if (!alerts_posted_.exchange(true)) asio::post(ioc, [this] { pump_alerts(); });
    });

    if (config.restore_torrents) restore_profile();
    schedule_tick();
    schedule_resume_saves();
    report(EngineEvent::Kind::session_ready, {}, {});
}

void EngineCore::restore_profile() {
    to_restore_ = store->list();
    std::reverse(to_restore_.begin(), to_restore_.end());
    waiting_restore_.insert(to_restore_.begin(), to_restore_.end());
    restore_more();
}

void EngineCore::restore_more() {
    int taken = 0;
    while (restoring_ < kRestoreBatch && !to_restore_.empty() && !closing) {
        // Parked torrents take no place in the batch: commands get their turn between batches.
        if (taken++ == kRestoreBatch) {
            asio::post(ioc, [this] { restore_more(); });
            return;
        }
        const TorrentId id = to_restore_.back();
        to_restore_.pop_back();
        waiting_restore_.erase(id);
        PreparedAdd prepared;
        auto loaded = store->load(id, prepared.extras);
        if (!loaded) {
            report(EngineEvent::Kind::torrent_error, id, loaded.error().message);
            continue;
        }
        prepared.id = id;
        prepared.params = std::move(*loaded);
        prepared.display_name = prepared.params.name.empty() ? id.hex() : prepared.params.name;
        // A torrent the user paused costs libtorrent ~4.5 KB and its alerts at start-up, and
        // does nothing there: it is listed from its saved state until a command needs it.
        // (After an unclean stop its data may have to be checked: it goes in.)
        const auto flags = prepared.params.flags;
        if ((flags & lt::torrent_flags::paused) && !(flags & lt::torrent_flags::auto_managed) &&
            !unclean_start) {
            park(std::move(prepared));
            continue;
        }
        submit(std::move(prepared), {}, AddOrigin::restore);
        ++restoring_;
    }
}

TorrentEntry& EngineCore::list_outside_session(const TorrentId& id, const lt::add_torrent_params& p,
                                               TorrentExtras extras) {
    TorrentEntry& entry = table.insert(id, lt::torrent_handle());
    entry.extras = std::move(extras);
    if (p.ti && p.ti->is_valid()) entry.extras.total_size = payload_size(*p.ti);
    entry.extras.counters.start_from(p.total_downloaded, p.total_uploaded);
    entry.snapshot = snapshot_from_params(id, p, entry.extras);
    return entry;
}

void EngineCore::park(PreparedAdd prepared) {
    TorrentEntry& entry =
        list_outside_session(prepared.id, prepared.params, std::move(prepared.extras));
    publisher.added(entry.snapshot);
    report(EngineEvent::Kind::torrent_restored, prepared.id, entry.snapshot.name);
}

void EngineCore::with_live(const TorrentId& id, std::function<void(TorrentEntry&)> fn,
                           std::function<void(const std::string&)> failed) {
    TorrentEntry* e = find_or_report(id);
    if (!e) {
        if (failed) failed("no torrent " + id.hex());
        return;
    }
    if (!e->parked() && !waking_.contains(id)) {
        fn(*e);
        return;
    }
    // In order behind the commands already waiting.
    auto [it, first] = waking_.try_emplace(id);
    it->second.push_back({std::move(fn), std::move(failed)});
    if (!first) return;
    PreparedAdd prepared;
    TorrentExtras saved;  // the entry's own extras stay authoritative
    auto loaded = store->load(id, saved);
    if (!loaded) {
        auto waiters = std::move(it->second);
        waking_.erase(it);
        report(EngineEvent::Kind::torrent_error, id, loaded.error().message);
        fail_waiters(waiters, loaded.error().message);
        return;
    }
    prepared.id = id;
    prepared.params = std::move(*loaded);
    prepared.display_name = e->snapshot.name;
    submit(std::move(prepared), {}, AddOrigin::wake);
}

void EngineCore::woke(TorrentId id, const lt::torrent_handle& handle, const std::string& error) {
    TorrentEntry* e = table.find(id);
    if (!error.empty() || !e) {
        std::vector<WakeWaiter> waiters;
        if (auto node = waking_.extract(id)) waiters = std::move(node.mapped());
        if (!e) {  // removed meanwhile
            if (handle.is_valid()) session->remove_torrent(handle);
            fail_waiters(waiters, "no torrent " + id.hex());
            return;
        }
        report(EngineEvent::Kind::torrent_error, id, error);
        fail_waiters(waiters, error);
        e->snapshot.error = error;  // listed, stopped, with why
        e->snapshot.paused = true;
        publisher.changed(e->snapshot, Field::state);
        return;
    }
    table.attach(*e, handle);
    e->extras.checking = e->snapshot.has_metadata;  // until its first state change
    apply_torrent_settings(handle);
    // Its files and pieces are known once libtorrent has read its resume data.
    if (!e->extras.checking) ready(id);
}

void EngineCore::ready(TorrentId id) {
    auto node = waking_.extract(id);
    if (!node) return;
    for (auto& w : node.mapped()) {
        if (TorrentEntry* live = table.find(id))
            w.run(*live);
        else if (w.failed)
            w.failed("no torrent " + id.hex());
    }
}

void EngineCore::fail_waiters(std::vector<WakeWaiter>& waiters, const std::string& why) {
    for (auto& w : waiters)
        if (w.failed) w.failed(why);
    waiters.clear();
}

void EngineCore::restored_one() {
    // Called from the add alert's handler: the next half batch is read from the profile after
    // the alerts in hand, not inside their handling.
    if (--restoring_ == kRestoreBatch / 2 && !to_restore_.empty())
        asio::post(ioc, [this] { restore_more(); });
}

void EngineCore::add(AddRequest request, Callback<Result<TorrentId>> done) {
    if (const auto* url = std::get_if<UrlSource>(&request.source)) {
        FetchLimits limits;
        limits.user_agent = settings.peer_user_agent;
        std::string address = url->url;
        fetch_torrent_url(
            ioc, address, limits,
            [this, address, request = std::move(request),
             done = std::move(done)](Result<FetchedTorrent> fetched) mutable {
                if (closing) {
                    if (done)
                        done(runtime_error("cannot add '" + address + "': Shoal is shutting down"));
                    return;
                }
                if (!fetched) {
                    if (done) done(fetched.error());
                    return;
                }
                if (!fetched->magnet.empty())
                    request.source = MagnetSource{fetched->magnet};
                else
                    request.source = MetainfoSource{std::move(fetched->body), address};
                add(std::move(request), std::move(done));
            });
        return;
    }
    auto prepared = prepare_add(request, settings);
    if (!prepared) {
        if (done) done(prepared.error());
        return;
    }
    const TorrentId id = prepared->id;
    bool pending = false;
    for (const auto& [ptr, p] : pending_adds)
        pending = pending || p->id == id;
    if (table.contains(id) || pending || waiting_restore_.contains(id)) {
        if (done)
            done(bad_input("cannot add '" + prepared->display_name + "': torrent " + id.hex() +
                           " is already added"));
        return;
    }
    // A torrent this profile has seen before continues from its saved state when it is
    // added again at the same place (one-shot commands rely on this to resume).
    if (!config.restore_torrents && store->has(id)) {
        TorrentExtras saved_extras;
        if (auto saved = store->load(id, saved_extras);
            saved && saved->save_path == prepared->params.save_path) {
            merge_saved_state(*saved, std::move(prepared->params));
            prepared->params = std::move(*saved);
            prepared->extras.torrent_file_saved = saved_extras.torrent_file_saved;
            submit(std::move(*prepared), std::move(done), AddOrigin::saved);
            return;
        }
    }
    // Data already on disk is checked by Shoal's hasher first (not for a torrent added
    // paused: libtorrent leaves that one alone until it is resumed).
    const auto flags = prepared->params.flags;
    const bool user_paused =
        (flags & lt::torrent_flags::paused) && !(flags & lt::torrent_flags::auto_managed);
    if (!user_paused && DataChecks::worth_checking(prepared->params)) {
        check_first(std::move(*prepared), std::move(done));
        return;
    }
    submit(std::move(*prepared), std::move(done), AddOrigin::request);
}

void EngineCore::check_first(PreparedAdd prepared, Callback<Result<TorrentId>> done) {
    const TorrentId id = prepared.id;
    auto& p = prepared.params;
    p.added_time = std::time(nullptr);
    TorrentEntry& entry = list_outside_session(id, p, prepared.extras);
    entry.snapshot.state = TorrentState::checking_files;
    entry.snapshot.paused = false;
    entry.snapshot.progress = 0;
    publisher.added(entry.snapshot);
    // Commands wait for it as for a parked torrent being woken.
    waking_.try_emplace(id);
    auto owned = std::make_unique<PreparedAdd>(std::move(prepared));
    PreparedAdd& added = *owned;
    const std::uint64_t check =
        checks.start(added.params, [this, id, key = owned.get()](Result<std::vector<bool>> found) {
            checked(id, key, std::move(found));
        });
    checking_[id] = Checking{check, std::move(owned)};
    // Saved while the check runs: if the process dies during it, the next start adds the
    // torrent unchecked (and libtorrent checks it).
    if (!added.metainfo.empty()) {
        store->save_torrent_file(id, std::move(added.metainfo));
        added.metainfo.clear();
        entry.extras.torrent_file_saved = added.extras.torrent_file_saved = true;
    }
    store->save_resume(id, added.params, entry.extras);
    if (done) done(id);
    report(EngineEvent::Kind::torrent_added, id, entry.snapshot.name);
}

void EngineCore::checked(const TorrentId& id, const PreparedAdd* key,
                         Result<std::vector<bool>> found) {
    auto it = checking_.find(id);
    if (it == checking_.end() || it->second.prepared.get() != key) return;  // removed
    std::unique_ptr<PreparedAdd> prepared = std::move(it->second.prepared);
    checking_.erase(it);
    // libtorrent takes the pieces it is given as had (a cancelled check gives none, and
    // libtorrent checks the files itself).
    if (found) {
        auto& have = prepared->params.have_pieces;
        have.resize(static_cast<int>(found->size()));
        for (std::size_t i = 0; i < found->size(); ++i)
            if ((*found)[i]) have.set_bit(lt::piece_index_t(static_cast<int>(i)));
    }
    submit(std::move(*prepared), {}, AddOrigin::checked);
}

const lt::add_torrent_params* EngineCore::checking_params(const TorrentId& id) const {
    auto it = checking_.find(id);
    return it == checking_.end() ? nullptr : &it->second.prepared->params;
}

void EngineCore::publish_check_progress() {
    if (checking_.empty()) return;
    for (auto& [id, c] : checking_)
        if (TorrentEntry* e = table.find(id)) {
            e->snapshot.progress = checks.progress(c.check);
            publisher.changed(e->snapshot, Field::progress);
        }
    publisher.flush();
}

void EngineCore::submit(PreparedAdd prepared, Callback<Result<TorrentId>> done, AddOrigin origin) {
    auto pending = std::make_unique<PendingAdd>();
    pending->id = prepared.id;
    pending->done = std::move(done);
    pending->extras = prepared.extras;
    pending->metainfo = std::move(prepared.metainfo);
    pending->peer_names = std::move(prepared.peer_names);
    pending->display_name = std::move(prepared.display_name);
    pending->origin = origin;
    // After an unclean stop, pieces written since the last save are only on disk: check
    // the data of every torrent that was still downloading so none is fetched twice.
    // (Complete torrents cannot have changed.)
    const auto& have = prepared.params.have_pieces;
    const bool complete = have.size() > 0 && have.all_set();
    if (pending->from_profile() && unclean_start && !complete) {
        // Without saved piece state libtorrent checks the files it finds on disk.
        prepared.params.have_pieces.clear();
        prepared.params.verified_pieces.clear();
        prepared.params.unfinished_pieces.clear();
    }
    prepared.params.userdata = lt::client_data_t(pending.get());
    PendingAdd* key = pending.get();
    pending_adds.emplace(key, std::move(pending));
    session->async_add_torrent(std::move(prepared.params));
    update_tick_rate();
}

void EngineCore::remove(TorrentId id, RemoveMode mode, Callback<Result<void>> done) {
    TorrentEntry* e = table.find(id);
    if (!e) {
        if (done) done(bad_input("no torrent " + id.hex()));
        return;
    }
    if (e->parked() && mode == RemoveMode::delete_data) {
        // libtorrent deletes the files: the torrent goes into the session first (a check of
        // its data stops, and it goes in without it).
        if (auto c = checking_.find(id); c != checking_.end()) checks.cancel(c->second.check, true);
        auto shared_done = std::make_shared<Callback<Result<void>>>(std::move(done));
        with_live(
            id,
            [this, id, mode, shared_done](TorrentEntry&) {
                remove(id, mode, std::move(*shared_done));
            },
            [shared_done](const std::string& why) {
                if (*shared_done) (*shared_done)(runtime_error(why));
            });
        return;
    }
    if (auto c = checking_.extract(id)) checks.cancel(c.mapped().check, false);
    // Commands still waiting for the torrent to wake will not run.
    if (auto waiting = waking_.extract(id))
        fail_waiters(waiting.mapped(), "torrent " + id.hex() + " was removed");
    refresh_status(*this, *e);  // the last figures, for whoever records them
    if (!e->parked())
        session->remove_torrent(e->handle, mode == RemoveMode::delete_data
                                               ? lt::session::delete_files
                                               : lt::remove_flags_t{});
    store->remove(id);
    table.erase(id);
    live_roots.forget(id);
    publisher.removed(id);
    if (mode == RemoveMode::delete_data) {
        // torrent_deleted_alert or torrent_delete_failed_alert finishes this one.
        pending_deletes[id] = std::move(done);
    } else if (done) {
        done({});
    }
    report(EngineEvent::Kind::torrent_removed, id, {});
}

TorrentEntry* EngineCore::find_or_report(const TorrentId& id) {
    TorrentEntry* e = table.find(id);
    if (!e) report(EngineEvent::Kind::torrent_error, id, "no torrent " + id.hex());
    return e;
}

void EngineCore::connect_peer(const TorrentId& id, const std::string& host_port) {
    auto colon = host_port.rfind(':');
    if (colon == std::string::npos) return;
    std::string host = host_port.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    auto resolver = std::make_shared<asio::ip::tcp::resolver>(ioc);
    resolver->async_resolve(
        host, host_port.substr(colon + 1),
        [this, id, host_port, resolver](const boost::system::error_code& ec,
                                        asio::ip::tcp::resolver::results_type results) {
            if (closing) return;
            TorrentEntry* e = table.find(id);
            lt::torrent_handle h = e ? e->handle : probes.handle_of(id);
            if (!h.is_valid()) return;
            if (ec) {
                if (e)
                    report(EngineEvent::Kind::torrent_error, id,
                           "cannot resolve peer '" + host_port + "': " + ec.message());
                return;
            }
            for (const auto& r : results)
                h.connect_peer(r.endpoint());
            quicken_tick();
        });
}

void EngineCore::apply_settings(Settings next, bool persist) {
    const bool pex_changed = next.enable_pex != settings.enable_pex;
    const bool conn_changed = next.connections_per_torrent != settings.connections_per_torrent;
    settings = next;
    {
        std::lock_guard lock(settings_mutex_);
        settings_shared_ = next;
    }
    lt::settings_pack pack = to_settings_pack(settings);
    pack.set_int(lt::settings_pack::tick_interval, tick_ms_);
    session->apply_settings(std::move(pack));
    if (pex_changed || conn_changed)
        for (auto& [id, e] : table)
            if (!e.parked()) apply_torrent_settings(e.handle);  // woke() applies them too
    if (persist) {
        if (auto r = save_profile_settings(config.profile_dir, settings); !r)
            report(EngineEvent::Kind::resume_save_failed, {}, r.error().message);
    }
}

void EngineCore::apply_torrent_settings(const lt::torrent_handle& h) {
    if (settings.enable_pex)
        h.unset_flags(lt::torrent_flags::disable_pex);
    else
        h.set_flags(lt::torrent_flags::disable_pex);
    h.set_max_connections(settings.connections_per_torrent);
}

void EngineCore::save_resume(TorrentEntry& entry, lt::resume_data_flags_t flags) {
    entry.handle.save_resume_data(flags);
    ++outstanding_resume_;
}

void EngineCore::refresh_extras(TorrentEntry& entry) {
    copy_limits(entry.extras, entry.snapshot);
    publisher.changed(entry.snapshot, Field::limits);
    publisher.flush();
    // Limits live in the resume file too.
    save_resume(entry);
}

void EngineCore::flush(TorrentEntry& entry, std::function<void()> then) {
    // libtorrent queues the flush behind the torrent's pending writes and answers in order.
    entry.extras.flush_waiters.push_back(std::move(then));
    entry.handle.flush_cache();
}

void EngineCore::resume_save_finished() {
    if (outstanding_resume_ > 0) --outstanding_resume_;
    // Not from inside alert dispatch: closing the session frees the alerts being walked.
    if (shutting_down_ && outstanding_resume_ == 0) asio::post(ioc, [this] { finish_shutdown(); });
}

void EngineCore::report(EngineEvent::Kind kind, std::optional<TorrentId> id, std::string message) {
    publisher.event({kind, std::move(id), std::move(message)});
}

void EngineCore::pump_alerts() {
    alerts_posted_ = false;
    if (!session) return;
    std::vector<lt::alert*> alerts;
    session->pop_alerts(&alerts);
    for (const lt::alert* a : alerts)
        router.dispatch(*a);
    publisher.flush();
}

void EngineCore::schedule_tick() {
    tick_timer_.expires_after(config.update_interval);
    tick_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || shutting_down_) return;
        session->post_torrent_updates();
        session->post_session_stats();
        publish_check_progress();
        schedule_tick();
    });
}

void EngineCore::update_tick_rate(std::optional<SessionWork> work) {
    if (work) session_work_ = *work;
    SessionWork now = session_work_;
    // (Shoal's own data check needs no tick: the add at its end makes it fast.)
    now.engine_busy = !pending_adds.empty() || !waking_.empty() || probes.any() ||
                      std::chrono::steady_clock::now() < fast_until_;
    const int ms = tick_interval_for(now);
    if (ms == tick_ms_) return;
    tick_ms_ = ms;
    lt::settings_pack pack;
    pack.set_int(lt::settings_pack::tick_interval, ms);
    session->apply_settings(std::move(pack));
}

void EngineCore::quicken_tick() {
    fast_until_ = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    update_tick_rate();
}

void EngineCore::schedule_resume_saves() {
    resume_timer_.expires_after(std::chrono::seconds(settings.resume_save_interval));
    resume_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || shutting_down_) return;
        for (auto& [id, e] : table)
            if (!e.parked()) save_resume(e, lt::torrent_handle::only_if_modified);
        schedule_resume_saves();
    });
}

void EngineCore::shutdown(std::chrono::milliseconds deadline) {
    if (!started_ || stopped_.exchange(true)) return;
    std::promise<void> finished;
    auto future = finished.get_future();
    asio::post(ioc, [this, deadline, &finished] {
        begin_shutdown(deadline, [&finished] { finished.set_value(); });
    });
    future.wait();
    thread_.join();
}

void EngineCore::begin_shutdown(std::chrono::milliseconds deadline,
                                std::function<void()> finished) {
    closing = true;
    shutting_down_ = true;
    on_shutdown_finished_ = std::move(finished);
    tick_timer_.cancel();
    resume_timer_.cancel();
    for (auto& [ptr, p] : pending_adds)
        if (p->done)
            p->done(runtime_error("cannot add '" + p->display_name + "': Shoal is shutting down"));
    for (auto& [id, waiters] : waking_)
        fail_waiters(waiters, "Shoal is shutting down");
    waking_.clear();
    probes.fail_all("Shoal is shutting down");
    // A torrent being checked is saved without pieces: the next start checks it.
    checks.stop();
    checking_.clear();
    if (!session) {
        finish_shutdown();
        return;
    }
    // The last figures before pausing restarts libtorrent's per-run counters: one call for
    // every torrent, not one round trip to libtorrent's thread each.
    const auto all = [](const lt::torrent_status&) { return true; };
    for (const auto& st : session->get_torrent_status(all, lt::status_flags_t::all()))
        if (TorrentEntry* e = table.find(st.handle)) observe_status(*this, *e, st);
    publisher.flush();
    // Stop transfers first so the saved state is the final state.
    session->pause();
    for (auto& [id, e] : table)
        if (!e.parked())
            save_resume(
                e, lt::torrent_handle::only_if_modified | lt::torrent_handle::flush_disk_cache);
    if (outstanding_resume_ == 0) {
        finish_shutdown();
        return;
    }
    shutdown_timer_.expires_after(deadline);
    shutdown_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) finish_shutdown();
    });
}

void EngineCore::finish_shutdown() {
    if (shutdown_finished_) return;
    shutdown_finished_ = true;
    live_roots.stop();
    shutdown_timer_.cancel();
    const bool all_saved = outstanding_resume_ == 0;
    if (session) {
        auto state =
            lt::write_session_params_buf(session->session_state(lt::session_handle::save_dht_state),
                                         lt::session_handle::save_dht_state);
        if (auto r = write_file_atomic(session_state_path(config),
                                       std::string_view(state.data(), state.size()));
            !r)
            report(EngineEvent::Kind::resume_save_failed, {}, r.error().message);
        session->set_alert_notify([] {});
        // The proxy's destructor waits for libtorrent's threads (tracker "stopped"
        // announces are bounded by stop_tracker_timeout).
        lt::session_proxy proxy = session->abort();
        session.reset();
    }
    if (store) {
        store->flush();
        // Left in place if some resume data could not be saved in time: the next start
        // then checks the data of unfinished torrents.
        if (all_saved) {
            if (auto r = remove_file_durably(running_marker(config)); !r)
                report(EngineEvent::Kind::resume_save_failed, {}, r.error().message);
        }
    }
    pending_adds.clear();
    report(EngineEvent::Kind::session_stopped, {}, {});
    work_.reset();
    ioc.stop();
    if (on_shutdown_finished_) on_shutdown_finished_();
}

}  // namespace shoal::engine
