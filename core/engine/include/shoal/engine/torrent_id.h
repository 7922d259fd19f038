// TorrentId: how Shoal names a torrent everywhere (tables, APIs, profile files).
// It is 40 lower-case hex characters: the v1 info-hash, or for a v2-only torrent the first
// 20 bytes of its v2 info-hash, as qBittorrent and Transmission clients expect.
#pragma once

#include <compare>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace shoal::engine {

class TorrentId {
  public:
    TorrentId() = default;
    // Accepts 40 hex characters (v1 or truncated v2) or 64 (a full v2 hash, truncated).
    static std::optional<TorrentId> parse(std::string_view hex);

    const std::string& hex() const { return hex_; }
    bool empty() const { return hex_.empty(); }
    auto operator<=>(const TorrentId&) const = default;

  private:
    std::string hex_;
};

// The info-hashes a torrent is known by, as hex; an empty string where it has none.
struct InfoHashes {
    std::string v1;  // 40 hex characters (SHA-1)
    std::string v2;  // 64 hex characters (SHA-256)
    bool operator==(const InfoHashes&) const = default;
};

}  // namespace shoal::engine

template <>
struct std::hash<shoal::engine::TorrentId> {
    std::size_t operator()(const shoal::engine::TorrentId& id) const noexcept {
        return std::hash<std::string>{}(id.hex());
    }
};
