#include "load_torrent_info.h"
#include "lt_convert.h"

#include <shoal/engine/metainfo.h>

#include <libtorrent/announce_entry.hpp>
#include <libtorrent/bdecode.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/torrent_info.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace shoal::engine {
namespace {

// Large but finite: a hostile .torrent cannot make us allocate without bound.
lt::load_torrent_limits metainfo_limits() {
    lt::load_torrent_limits limits;
    limits.max_buffer_size = 64 << 20;
    limits.max_pieces = 0x800000;
    limits.max_decode_depth = 100;
    limits.max_decode_tokens = 10000000;
    return limits;
}

std::string query_value(std::string_view uri, std::string_view key) {
    auto q = uri.find('?');
    if (q == std::string_view::npos) return {};
    std::string_view rest = uri.substr(q + 1);
    while (!rest.empty()) {
        auto amp = rest.find('&');
        std::string_view part = rest.substr(0, amp);
        if (part.size() > key.size() && part.substr(0, key.size()) == key &&
            part[key.size()] == '=')
            return std::string(part.substr(key.size() + 1));
        if (amp == std::string_view::npos) break;
        rest = rest.substr(amp + 1);
    }
    return {};
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            int v = 0;
            auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
            if (ec == std::errc{} && p == s.data() + i + 3) {
                out.push_back(static_cast<char>(v));
                i += 2;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

// Every xt must be a well-formed btih (40 hex or 32 base32 characters) or btmh (SHA-256
// multihash "1220" + 64 hex); libtorrent lets some malformed ones through.
std::optional<std::string> bad_exact_topic(std::string_view uri) {
    auto q = uri.find('?');
    std::string_view rest = q == std::string_view::npos ? std::string_view{} : uri.substr(q + 1);
    auto all_of = [](std::string_view s, auto pred) {
        return std::all_of(s.begin(), s.end(),
                           [&](char c) { return pred(static_cast<unsigned char>(c)); });
    };
    auto base32 = [](unsigned char c) { return std::isalpha(c) || (c >= '2' && c <= '7'); };
    while (!rest.empty()) {
        auto amp = rest.find('&');
        std::string_view part = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (!part.starts_with("xt=") && !part.starts_with("xt.")) continue;
        std::string_view value = part.substr(part.find('=') + 1);
        if (value.starts_with("urn:btih:")) {
            auto h = value.substr(9);
            if ((h.size() == 40 && all_of(h, ::isxdigit)) || (h.size() == 32 && all_of(h, base32)))
                continue;
            return "bad info-hash '" + std::string(h) +
                   "' (btih needs 40 hex or 32 base32 characters)";
        }
        if (value.starts_with("urn:btmh:")) {
            auto h = value.substr(9);
            if (h.size() == 68 && h.starts_with("1220") && all_of(h, ::isxdigit)) continue;
            return "bad info-hash '" + std::string(h) + "' (btmh needs 1220 and 64 hex characters)";
        }
        return "unsupported exact topic '" + std::string(value.substr(0, 40)) +
               "' (expected urn:btih or urn:btmh)";
    }
    return std::nullopt;
}

}  // namespace

Result<std::shared_ptr<lt::torrent_info>> load_torrent_info(std::string_view bytes,
                                                            std::string_view origin) {
    const std::string what = "cannot read torrent '" + std::string(origin) + "': ";
    if (bytes.empty()) return bad_input(what + "the file is empty");
    lt::error_code ec;
    int error_pos = 0;
    const auto limits = metainfo_limits();
    lt::bdecode_node node =
        lt::bdecode({bytes.data(), static_cast<std::ptrdiff_t>(bytes.size())}, ec, &error_pos,
                    limits.max_decode_depth, limits.max_decode_tokens);
    if (ec)
        return bad_input(what + "not a valid torrent file (bencoding error at byte " +
                         std::to_string(error_pos) + ": " + ec.message() + ")");
    if (node.type() != lt::bdecode_node::dict_t)
        return bad_input(what + "not a valid torrent file (not a dictionary)");
    try {
        return std::make_shared<lt::torrent_info>(node, limits);
    } catch (const lt::system_error& e) {
        return bad_input(what + e.code().message());
    }
}

Result<Metainfo> parse_metainfo(std::string_view bytes, std::string_view origin) {
    auto loaded = load_torrent_info(bytes, origin);
    if (!loaded) return loaded.error();
    const lt::torrent_info& ti = **loaded;
    Metainfo m;
    m.id = to_id(ti.info_hashes());
    m.hashes = to_hashes(ti.info_hashes());
    m.name = ti.name();
    const auto& fs = ti.files();
    for (auto i : fs.file_range()) {
        MetaFile f;
        f.index = static_cast<int>(i);
        f.path = fs.file_path(i);
        f.size = fs.file_size(i);
        f.pad = fs.pad_file_at(i);
        if (ti.info_hashes().has_v2() && !f.pad && f.size > 0)
            f.pieces_root = digest_hex(fs.root(i));
        if (!f.pad) m.total_size += f.size;
        m.files.push_back(std::move(f));
    }
    m.piece_size = ti.piece_length();
    m.num_pieces = ti.num_pieces();
    for (const auto& t : ti.trackers())
        m.trackers.push_back({t.url, t.tier});
    for (const auto& w : ti.web_seeds())
        m.web_seeds.push_back(w.url);
    m.is_private = ti.priv();
    m.creator = ti.creator();
    m.comment = ti.comment();
    m.creation_date = static_cast<std::int64_t>(ti.creation_date());
    m.magnet_uri = lt::make_magnet_uri(ti);
    return m;
}

std::optional<std::vector<int>> parse_index_list(std::string_view text) {
    std::vector<int> out;
    if (text.empty()) return std::nullopt;
    while (!text.empty()) {
        auto comma = text.find(',');
        std::string_view part = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (comma != std::string_view::npos && text.empty()) return std::nullopt;
        auto dash = part.find('-');
        int first = 0, last = 0;
        auto parse = [](std::string_view s, int& v) {
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            return !s.empty() && ec == std::errc{} && p == s.data() + s.size() && v >= 0;
        };
        if (dash == std::string_view::npos) {
            if (!parse(part, first)) return std::nullopt;
            last = first;
        } else if (!parse(part.substr(0, dash), first) || !parse(part.substr(dash + 1), last) ||
                   last < first || last - first > 1000000) {
            return std::nullopt;
        }
        for (int i = first; i <= last; ++i)
            out.push_back(i);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Result<MagnetInfo> parse_magnet(std::string_view uri) {
    const std::string what = "cannot read magnet '" + shorten(uri) + "': ";
    if (!is_magnet_uri(uri)) return bad_input(what + "not a magnet URI (expected magnet:?xt=...)");
    if (query_value(uri, "xt").empty())
        return bad_input(what + "no info-hash (xt=urn:btih:... or xt=urn:btmh:...)");
    if (auto why = bad_exact_topic(uri)) return bad_input(what + *why);
    lt::error_code ec;
    lt::add_torrent_params p = lt::parse_magnet_uri(lt::string_view(uri.data(), uri.size()), ec);
    if (ec) return bad_input(what + ec.message());

    MagnetInfo m;
    m.id = to_id(p.info_hashes);
    m.hashes = to_hashes(p.info_hashes);
    m.name = p.name;
    m.trackers = p.trackers;
    m.web_seeds = p.url_seeds;
    for (const auto& ep : p.peers) {
        const auto addr = ep.address().to_string();
        m.peers.push_back((ep.address().is_v6() ? "[" + addr + "]" : addr) + ":" +
                          std::to_string(ep.port()));
    }
    if (std::string so = percent_decode(query_value(uri, "so")); !so.empty()) {
        m.selected_files = parse_index_list(so);
        if (!m.selected_files) return bad_input(what + "bad file selection so=" + so);
    }
    return m;
}

bool is_magnet_uri(std::string_view text) {
    return text.size() >= 8 && std::equal(text.begin(), text.begin() + 8, "magnet:?",
                                          [](char a, char b) { return std::tolower(a) == b; });
}

bool is_http_url(std::string_view text) {
    return text.starts_with("http://") || text.starts_with("https://");
}

}  // namespace shoal::engine
