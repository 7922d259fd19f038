// The one place where Shoal's Settings become libtorrent's settings_pack (internal).
#pragma once

#include <shoal/engine/settings.h>

#include <libtorrent/settings_pack.hpp>

namespace shoal::engine {

lt::settings_pack to_settings_pack(const Settings& settings);

// "0.0.0.0,[::]" + 6881 -> "0.0.0.0:6881,[::]:6881"
std::string listen_interfaces_with_port(const std::string& interfaces, int port);

}  // namespace shoal::engine
