// Conversions between libtorrent's types and Shoal's engine types (internal).
#pragma once

#include <shoal/common/hex.h>
#include <shoal/engine/torrent_id.h>

#include <libtorrent/info_hash.hpp>
#include <libtorrent/sha1_hash.hpp>

#include <string>
#include <string_view>

namespace shoal::engine {

template <std::ptrdiff_t N>
std::string digest_hex(const lt::digest32<N>& d) {
    return to_hex(std::string_view(d.data(), d.size()));
}

inline InfoHashes to_hashes(const lt::info_hash_t& ih) {
    InfoHashes h;
    if (ih.has_v1()) h.v1 = digest_hex(ih.v1);
    if (ih.has_v2()) h.v2 = digest_hex(ih.v2);
    return h;
}

inline TorrentId to_id(const lt::info_hash_t& ih) {
    return *TorrentId::parse(ih.has_v1() ? digest_hex(ih.v1) : digest_hex(ih.v2));
}

// "magnet:?xt=urn:btih:0123…" cut to a length that fits an error line.
inline std::string shorten(std::string_view text, std::size_t max = 72) {
    if (text.size() <= max) return std::string(text);
    return std::string(text.substr(0, max - 3)) + "...";
}

}  // namespace shoal::engine
