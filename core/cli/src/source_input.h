// Reading a SOURCE argument (magnet URI, http(s) URL, or .torrent path) into something
// the engine can add, rejecting bad input before anything starts (internal).
#pragma once

#include <shoal/common/result.h>
#include <shoal/engine/add_request.h>

#include <string>

namespace shoal::cli {

Result<engine::AddSource> read_source(const std::string& arg);

}  // namespace shoal::cli
