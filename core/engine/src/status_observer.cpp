// Taking in a torrent's status: exact transfer counters, the snapshot delta for the
// publisher, and the seeding limits that act on it.
#include "status_observer.h"

#include "engine_core.h"
#include "snapshot_from_params.h"
#include "snapshot_from_status.h"

#include <libtorrent/torrent_info.hpp>

#include <cstdio>

namespace shoal::engine {
namespace {

// Pauses a seeding torrent that reached its ratio or seeding-time limit.
void enforce_seeding_limits(EngineCore& core, TorrentEntry& e) {
    const TorrentSnapshot& s = e.snapshot;
    const bool seeding = s.state == TorrentState::seeding || s.state == TorrentState::finished;
    if (!seeding || s.paused || e.extras.limit_reached) return;
    const double ratio_limit = e.extras.ratio_limit == kUseGlobalLimit
                                   ? core.settings.share_ratio_limit
                                   : e.extras.ratio_limit;
    const std::int64_t time_limit = e.extras.seeding_time_limit == kUseGlobalLimit
                                        ? core.settings.seeding_time_limit
                                        : e.extras.seeding_time_limit;
    std::string why;
    char buf[64];
    if (ratio_limit >= 0 && s.ratio >= ratio_limit) {
        std::snprintf(buf, sizeof buf, "ratio %.2f reached", s.ratio);
        why = buf;
    } else if (time_limit >= 0 && s.seeding_seconds >= time_limit * 60) {
        why = "seeding time of " + std::to_string(time_limit) + " min reached";
    } else {
        return;
    }
    e.extras.limit_reached = true;
    e.handle.unset_flags(lt::torrent_flags::auto_managed);
    e.handle.pause(lt::torrent_handle::graceful_pause);
    core.report(EngineEvent::Kind::seeding_limit_reached, e.id, s.name + ": " + why);
}

}  // namespace

void observe_status(EngineCore& core, TorrentEntry& e, const lt::torrent_status& st) {
    if (e.extras.total_size < 0) {
        if (auto ti = st.torrent_file.lock(); ti && ti->is_valid())
            e.extras.total_size = payload_size(*ti);
    }
    e.extras.counters.observe(st.total_payload_download, st.total_payload_upload,
                              st.all_time_download, st.all_time_upload);
    TorrentSnapshot next = snapshot_from_status(e.id, st, e.extras);
    const FieldSet fields = next.differs_from(e.snapshot);
    if (fields.empty()) return;
    e.snapshot = std::move(next);
    core.publisher.changed(e.snapshot, fields);
    enforce_seeding_limits(core, e);
}

void refresh_status(EngineCore& core, TorrentEntry& e) {
    if (!e.handle.is_valid()) return;
    observe_status(core, e, e.handle.status());
    core.publisher.flush();
}

}  // namespace shoal::engine
