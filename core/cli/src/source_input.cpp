#include "source_input.h"

#include <shoal/common/atomic_file.h>
#include <shoal/engine/metainfo.h>

namespace shoal::cli {

Result<engine::AddSource> read_source(const std::string& arg) {
    if (engine::is_magnet_uri(arg)) {
        auto m = engine::parse_magnet(arg);
        if (!m) return m.error();
        return engine::AddSource{engine::MagnetSource{arg}};
    }
    if (engine::is_http_url(arg)) return engine::AddSource{engine::UrlSource{arg}};
    auto bytes = read_file(arg);
    if (!bytes) return bad_input(bytes.error().message);
    if (auto meta = engine::parse_metainfo(*bytes, arg); !meta) return meta.error();
    return engine::AddSource{engine::MetainfoSource{std::move(*bytes), arg}};
}

}  // namespace shoal::cli
