// Resume data coming back from libtorrent goes to the profile store.
#include "alert_handlers.h"
#include "engine_core.h"

#include <libtorrent/alert_types.hpp>

#include <algorithm>

namespace shoal::engine {

void register_resume_alerts(EngineCore& core) {
    core.router.on<lt::save_resume_data_alert>([&core](const lt::save_resume_data_alert& a) {
        if (TorrentEntry* e = core.table.find(a.handle)) {
            // libtorrent's all-time totals lag by up to a second; keep the exact ones.
            lt::add_torrent_params params = a.params;
            params.total_downloaded =
                std::max(params.total_downloaded, e->extras.counters.downloaded);
            params.total_uploaded = std::max(params.total_uploaded, e->extras.counters.uploaded);
            core.store->save_resume(e->id, params, e->extras);
        }
        core.resume_save_finished();
    });
    core.router.on<lt::save_resume_data_failed_alert>(
        [&core](const lt::save_resume_data_failed_alert& a) {
            if (a.error != lt::errors::resume_data_not_modified) {
                if (TorrentEntry* e = core.table.find(a.handle))
                    core.report(EngineEvent::Kind::resume_save_failed, e->id,
                                "cannot save the state of '" + e->snapshot.name +
                                    "': " + a.error.message());
            }
            core.resume_save_finished();
        });
}

}  // namespace shoal::engine
