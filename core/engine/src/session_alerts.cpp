// The session's listening sockets: which endpoints are up, and which could not be bound.
#include "alert_handlers.h"
#include "engine_core.h"

#include <libtorrent/alert_types.hpp>

#include <algorithm>

namespace shoal::engine {
namespace {

std::string endpoint_text(const lt::address& addr, int port) {
    const std::string a = addr.to_string();
    return (addr.is_v6() ? "[" + a + "]" : a) + ":" + std::to_string(port);
}

}  // namespace

void register_session_alerts(EngineCore& core) {
    core.router.on<lt::listen_succeeded_alert>([&core](const lt::listen_succeeded_alert& a) {
        if (a.socket_type != lt::socket_type_t::tcp) return;
        std::string ep = endpoint_text(a.address, a.port);
        // libtorrent's last resort for a port in use is any free port: say so, since peers
        // and port forwards expect the configured one.
        const int wanted = core.settings.listen_port;
        if (wanted != 0 && a.port != wanted)
            core.report(EngineEvent::Kind::listen_failed, {},
                        "cannot listen on " + endpoint_text(a.address, wanted) +
                            " (TCP): address already in use; listening on port " +
                            std::to_string(a.port) + " instead");
        auto& list = core.listen_endpoints;
        if (std::find(list.begin(), list.end(), ep) == list.end()) list.push_back(ep);
        core.report(EngineEvent::Kind::listen_succeeded, {}, ep);
    });
    core.router.on<lt::listen_failed_alert>([&core](const lt::listen_failed_alert& a) {
        if (a.socket_type != lt::socket_type_t::tcp && a.socket_type != lt::socket_type_t::utp)
            return;
        const char* kind = a.socket_type == lt::socket_type_t::tcp ? "TCP" : "UDP";
        core.report(EngineEvent::Kind::listen_failed, {},
                    "cannot listen on " + endpoint_text(a.address, a.port) + " (" + kind +
                        "): " + a.error.message());
    });
}

}  // namespace shoal::engine
