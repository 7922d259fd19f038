// The web UI's files, built into the program (internal).
#pragma once

#include <string_view>
#include <vector>

namespace shoal::daemon {

struct WebAsset {
    std::string_view path;  // "/index.html"
    std::string_view content_type;
    std::string_view body;
};

const std::vector<WebAsset>& webui_assets();

}  // namespace shoal::daemon
