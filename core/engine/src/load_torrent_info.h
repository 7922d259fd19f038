// Parsing .torrent bytes into libtorrent's torrent_info with bounded resources and an
// error message that names the input and the byte where bencoding broke (internal).
#pragma once

#include <shoal/common/result.h>

#include <libtorrent/torrent_info.hpp>

#include <memory>
#include <string_view>

namespace shoal::engine {

Result<std::shared_ptr<lt::torrent_info>> load_torrent_info(std::string_view bytes,
                                                            std::string_view origin);

}  // namespace shoal::engine
