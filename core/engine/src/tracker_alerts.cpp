// Tracker replies, warnings and errors: the latest message is shown with the torrent.
#include "alert_handlers.h"
#include "engine_core.h"

#include <libtorrent/alert_types.hpp>

namespace shoal::engine {
namespace {

void set_message(EngineCore& core, TorrentEntry& e, std::string message) {
    if (e.extras.tracker_message == message) return;
    e.extras.tracker_message = message;
    e.snapshot.tracker_message = std::move(message);
    core.publisher.changed(e.snapshot, Field::tracker);
}

}  // namespace

void register_tracker_alerts(EngineCore& core) {
    core.router.on<lt::tracker_reply_alert>([&core](const lt::tracker_reply_alert& a) {
        if (TorrentEntry* e = core.table.find(a.handle)) set_message(core, *e, {});
    });
    core.router.on<lt::tracker_warning_alert>([&core](const lt::tracker_warning_alert& a) {
        if (TorrentEntry* e = core.table.find(a.handle))
            set_message(core, *e, std::string(a.tracker_url()) + ": " + a.warning_message());
    });
    core.router.on<lt::tracker_error_alert>([&core](const lt::tracker_error_alert& a) {
        TorrentEntry* e = core.table.find(a.handle);
        if (!e) return;
        std::string why = a.error_message();
        if (why.empty()) why = a.error.message();
        std::string message = std::string(a.tracker_url()) + ": " + why;
        set_message(core, *e, message);
        core.report(EngineEvent::Kind::tracker_error, e->id, std::move(message));
    });
}

}  // namespace shoal::engine
