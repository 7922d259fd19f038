// The public Engine: every call is posted to the engine thread and returns at once.
#include "details_collector.h"
#include "engine_core.h"

#include <shoal/engine/engine.h>

#include <libtorrent/torrent_info.hpp>
#include <libtorrent/version.hpp>

namespace shoal::engine {

std::string libtorrent_version() {
    return lt::version();
}

class Engine::Impl : public EngineCore {
  public:
    using EngineCore::EngineCore;
};

Engine::Engine(EngineConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Engine::~Engine() = default;

// The publisher is the engine thread's once it runs: a subscriber joins there.
void Engine::on_update(std::function<void(const TorrentUpdate&)> callback) {
    impl_->run_or_post([core = impl_.get(), callback = std::move(callback)]() mutable {
        core->publisher.add_update_listener(std::move(callback));
    });
}
void Engine::on_event(std::function<void(const EngineEvent&)> callback) {
    impl_->run_or_post([core = impl_.get(), callback = std::move(callback)]() mutable {
        core->publisher.add_event_listener(std::move(callback));
    });
}

void Engine::hash_v1_roots() {
    // The session's disk I/O is made with it or without it when the engine starts.
    if (!impl_->started()) impl_->live_roots.enable();
}

void Engine::start() {
    impl_->start();
}

namespace {
Error not_running() {
    return runtime_error("the engine is not running");
}
}  // namespace

void Engine::fetch_metadata(std::string magnet_uri, Callback<Result<std::string>> done) {
    auto shared_done = std::make_shared<Callback<Result<std::string>>>(std::move(done));
    impl_->post([core = impl_.get(), uri = std::move(magnet_uri),
                 shared_done] { core->probes.start(uri, std::move(*shared_done)); },
                [shared_done] {
                    if (*shared_done) (*shared_done)(not_running());
                });
}

void Engine::sync(std::function<void()> done) {
    auto shared_done = std::make_shared<std::function<void()>>(std::move(done));
    impl_->run_or_post([shared_done] { (*shared_done)(); }, [shared_done] { (*shared_done)(); });
}

void Engine::cancel_metadata(const TorrentId& id) {
    impl_->post([core = impl_.get(), id] { core->probes.cancel(id); });
}

void Engine::add(AddRequest request, Callback<Result<TorrentId>> done) {
    auto shared_done = std::make_shared<Callback<Result<TorrentId>>>(std::move(done));
    impl_->post([core = impl_.get(), request = std::move(request),
                 shared_done]() mutable { core->add(std::move(request), std::move(*shared_done)); },
                [shared_done] {
                    if (*shared_done) (*shared_done)(not_running());
                });
}

void Engine::pause(const TorrentId& id) {
    impl_->post([core = impl_.get(), id] {
        TorrentEntry* e = core->find_or_report(id);
        // A parked torrent is paused already (unless commands wait for it to wake).
        if (!e || (e->parked() && !core->waking(id))) return;
        core->with_live(id, [](TorrentEntry& live) {
            live.extras.force_started = false;
            live.handle.unset_flags(lt::torrent_flags::auto_managed);
            live.handle.pause(lt::torrent_handle::graceful_pause);
        });
    });
}

void Engine::resume(const TorrentId& id) {
    impl_->post([core = impl_.get(), id] {
        core->with_live(id, [core](TorrentEntry& e) {
            e.extras.limit_reached = false;
            e.extras.force_started = false;
            if (core->settings.queueing_enabled)
                e.handle.set_flags(lt::torrent_flags::auto_managed);
            e.handle.resume();
            core->quicken_tick();
        });
    });
}

void Engine::move_in_queue(const TorrentId& id, QueueMove move) {
    impl_->post([core = impl_.get(), id, move] {
        core->with_live(id, [move](TorrentEntry& e) {
            switch (move) {
                case QueueMove::top:
                    e.handle.queue_position_top();
                    break;
                case QueueMove::up:
                    e.handle.queue_position_up();
                    break;
                case QueueMove::down:
                    e.handle.queue_position_down();
                    break;
                case QueueMove::bottom:
                    e.handle.queue_position_bottom();
                    break;
            }
        });
    });
}

void Engine::set_force_start(const TorrentId& id, bool force) {
    impl_->post([core = impl_.get(), id, force] {
        core->with_live(id, [core, force](TorrentEntry& e) {
            e.extras.force_started = force;
            if (force) {
                e.extras.limit_reached = false;
                e.handle.unset_flags(lt::torrent_flags::auto_managed);
                e.handle.resume();
                core->quicken_tick();
            } else if (core->settings.queueing_enabled) {
                e.handle.set_flags(lt::torrent_flags::auto_managed);
            }
        });
    });
}

void Engine::remove(const TorrentId& id, RemoveMode mode, Callback<Result<void>> done) {
    auto shared_done = std::make_shared<Callback<Result<void>>>(std::move(done));
    impl_->post([core = impl_.get(), id, mode,
                 shared_done] { core->remove(id, mode, std::move(*shared_done)); },
                [shared_done] {
                    if (*shared_done) (*shared_done)(not_running());
                });
}

void Engine::recheck(const TorrentId& id) {
    impl_->post([core = impl_.get(), id] {
        core->with_live(id, [core](TorrentEntry& e) {
            e.handle.force_recheck();
            core->quicken_tick();
        });
    });
}

void Engine::reannounce(const TorrentId& id) {
    impl_->post([core = impl_.get(), id] {
        core->with_live(id, [core](TorrentEntry& e) {
            e.handle.force_reannounce();
            e.handle.force_dht_announce();
            core->quicken_tick();
        });
    });
}

void Engine::move_storage(const TorrentId& id, std::filesystem::path destination) {
    impl_->post([core = impl_.get(), id, destination = std::move(destination)] {
        core->with_live(id, [destination](TorrentEntry& e) {
            e.handle.move_storage(destination.string(), lt::move_flags_t::dont_replace);
        });
    });
}

void Engine::set_rate_limits(const TorrentId& id, int download_limit, int upload_limit) {
    impl_->post([core = impl_.get(), id, download_limit, upload_limit] {
        core->with_live(id, [core, download_limit, upload_limit](TorrentEntry& e) {
            e.extras.download_limit = std::max(0, download_limit);
            e.extras.upload_limit = std::max(0, upload_limit);
            e.handle.set_download_limit(download_limit > 0 ? download_limit : -1);
            e.handle.set_upload_limit(upload_limit > 0 ? upload_limit : -1);
            core->refresh_extras(e);
        });
    });
}

void Engine::set_share_limits(const TorrentId& id, double ratio_limit,
                              std::int64_t seeding_time_limit) {
    impl_->post([core = impl_.get(), id, ratio_limit, seeding_time_limit] {
        core->with_live(id, [core, ratio_limit, seeding_time_limit](TorrentEntry& e) {
            e.extras.ratio_limit = ratio_limit;
            e.extras.seeding_time_limit = seeding_time_limit;
            e.extras.limit_reached = false;
            core->refresh_extras(e);
        });
    });
}

void Engine::set_sequential(const TorrentId& id, bool sequential) {
    impl_->post([core = impl_.get(), id, sequential] {
        core->with_live(id, [sequential](TorrentEntry& e) {
            if (sequential)
                e.handle.set_flags(lt::torrent_flags::sequential_download);
            else
                e.handle.unset_flags(lt::torrent_flags::sequential_download);
        });
    });
}

void Engine::set_file_priorities(const TorrentId& id,
                                 std::vector<std::pair<int, FilePriority>> priorities) {
    impl_->post([core = impl_.get(), id, priorities = std::move(priorities)] {
        core->with_live(id, [priorities](TorrentEntry& e) {
            // Only files the torrent has: without metadata there are none to name yet.
            const auto ti = e.handle.torrent_file();
            const int files = ti && ti->is_valid() ? ti->num_files() : 0;
            for (const auto& [index, prio] : priorities)
                if (index >= 0 && index < files)
                    e.handle.file_priority(
                        lt::file_index_t(index),
                        lt::download_priority_t(static_cast<std::uint8_t>(prio)));
        });
    });
}

void Engine::connect_peer(const TorrentId& id, std::string host_port) {
    impl_->post([core = impl_.get(), id, host_port = std::move(host_port)] {
        core->connect_peer(id, host_port);
    });
}

void Engine::details(const TorrentId& id, DetailRequest what,
                     Callback<Result<TorrentDetails>> done) {
    auto shared_done = std::make_shared<Callback<Result<TorrentDetails>>>(std::move(done));
    impl_->post(
        [core = impl_.get(), id, what, shared_done] {
            TorrentEntry* e = core->table.find(id);
            if (!e) {  // not an event: the caller is told
                (*shared_done)(bad_input("no torrent " + id.hex()));
                return;
            }
            // A torrent whose data is being checked answers from its add, a parked one from its
            // saved state: both stay out of the session.
            if (const auto* params = core->checking_params(id)) {
                (*shared_done)(collect_parked_details(*e, *params, what));
                return;
            }
            if (e->parked() && !core->waking(id)) {
                TorrentExtras ignored;
                auto saved = core->store->load(id, ignored);
                if (saved)
                    (*shared_done)(collect_parked_details(*e, *saved, what));
                else
                    (*shared_done)(saved.error());
                return;
            }
            core->with_live(
                id,
                [what, shared_done](TorrentEntry& live) {
                    (*shared_done)(collect_details(live, what));
                },
                [shared_done](const std::string& why) { (*shared_done)(runtime_error(why)); });
        },
        [shared_done] { (*shared_done)(not_running()); });
}

void Engine::apply_settings(Settings settings, bool persist) {
    impl_->post([core = impl_.get(), settings = std::move(settings), persist]() mutable {
        core->apply_settings(std::move(settings), persist);
    });
}

Settings Engine::settings() const {
    return impl_->settings_copy();
}

void Engine::shutdown(std::chrono::milliseconds deadline) {
    impl_->shutdown(deadline);
}

}  // namespace shoal::engine
