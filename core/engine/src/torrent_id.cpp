#include <shoal/engine/torrent_id.h>

#include <cctype>

namespace shoal::engine {

std::optional<TorrentId> TorrentId::parse(std::string_view hex) {
    if (hex.size() != 40 && hex.size() != 64) return std::nullopt;
    TorrentId id;
    id.hex_.reserve(40);
    for (char c : hex.substr(0, 40)) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        id.hex_.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    for (char c : hex.substr(40))
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    return id;
}

}  // namespace shoal::engine
