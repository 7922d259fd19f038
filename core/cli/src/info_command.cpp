// `shoal info TORRENT|MAGNET [--json]`: what a .torrent or magnet says.
#include "commands.h"
#include "exit_codes.h"

#include <shoal/common/atomic_file.h>
#include <shoal/common/format.h>
#include <shoal/engine/metainfo.h>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace shoal::cli {
namespace {

using nlohmann::ordered_json;

void put_hashes(ordered_json& j, const engine::InfoHashes& h) {
    j["info_hash_v1"] = h.v1.empty() ? ordered_json(nullptr) : ordered_json(h.v1);
    j["info_hash_v2"] = h.v2.empty() ? ordered_json(nullptr) : ordered_json(h.v2);
}

ordered_json to_json(const engine::Metainfo& m) {
    ordered_json j;
    j["type"] = "torrent";
    j["name"] = m.name;
    j["id"] = m.id.hex();
    put_hashes(j, m.hashes);
    j["total_size"] = m.total_size;
    j["piece_size"] = m.piece_size;
    j["num_pieces"] = m.num_pieces;
    ordered_json files = ordered_json::array();
    for (const auto& f : m.files) {
        if (f.pad) continue;
        ordered_json jf{{"index", f.index}, {"path", f.path}, {"size", f.size}};
        if (!f.pieces_root.empty()) jf["pieces_root"] = f.pieces_root;
        files.push_back(std::move(jf));
    }
    j["files"] = std::move(files);
    ordered_json trackers = ordered_json::array();
    for (const auto& t : m.trackers)
        trackers.push_back({{"url", t.url}, {"tier", t.tier}});
    j["trackers"] = std::move(trackers);
    j["web_seeds"] = m.web_seeds;
    j["private"] = m.is_private;
    j["created_by"] = m.creator;
    j["creation_date"] = m.creation_date;
    j["comment"] = m.comment;
    j["magnet"] = m.magnet_uri;
    return j;
}

ordered_json to_json(const engine::MagnetInfo& m) {
    ordered_json j;
    j["type"] = "magnet";
    j["name"] = m.name;
    j["id"] = m.id.hex();
    put_hashes(j, m.hashes);
    j["trackers"] = m.trackers;
    j["web_seeds"] = m.web_seeds;
    j["peers"] = m.peers;
    j["selected_files"] =
        m.selected_files ? ordered_json(*m.selected_files) : ordered_json(nullptr);
    return j;
}

void print_row(const char* label, const std::string& value) {
    std::printf("%-14s %s\n", label, value.c_str());
}

void print_human(const engine::Metainfo& m) {
    print_row("name:", m.name);
    if (!m.hashes.v1.empty()) print_row("info-hash v1:", m.hashes.v1);
    if (!m.hashes.v2.empty()) print_row("info-hash v2:", m.hashes.v2);
    int shown = 0;
    for (const auto& f : m.files)
        shown += f.pad ? 0 : 1;
    print_row("size:", format_bytes(m.total_size) + " (" + std::to_string(m.total_size) +
                           " bytes) in " + std::to_string(shown) +
                           (shown == 1 ? " file" : " files"));
    print_row("pieces:", std::to_string(m.num_pieces) + " of " + format_bytes(m.piece_size));
    print_row("private:", m.is_private ? "yes" : "no");
    if (!m.creator.empty()) print_row("created by:", m.creator);
    if (m.creation_date > 0) print_row("created on:", format_utc_time(m.creation_date));
    if (!m.comment.empty()) print_row("comment:", m.comment);
    for (const auto& t : m.trackers)
        print_row("tracker:", "tier " + std::to_string(t.tier) + "  " + t.url);
    for (const auto& w : m.web_seeds)
        print_row("web seed:", w);
    print_row("magnet:", m.magnet_uri);
    std::printf("files:\n");
    for (const auto& f : m.files) {
        if (f.pad) continue;
        std::printf("  %4d  %12s  %s\n", f.index, format_bytes(f.size).c_str(), f.path.c_str());
    }
}

void print_human(const engine::MagnetInfo& m) {
    print_row("name:", m.name.empty() ? "(not given)" : m.name);
    if (!m.hashes.v1.empty()) print_row("info-hash v1:", m.hashes.v1);
    if (!m.hashes.v2.empty()) print_row("info-hash v2:", m.hashes.v2);
    for (const auto& t : m.trackers)
        print_row("tracker:", t);
    for (const auto& w : m.web_seeds)
        print_row("web seed:", w);
    for (const auto& p : m.peers)
        print_row("peer:", p);
    if (m.selected_files) {
        std::string list;
        for (int i : *m.selected_files)
            list += (list.empty() ? "" : ",") + std::to_string(i);
        print_row("select files:", list);
    }
    print_row("files:", "unknown until the metadata is fetched from peers");
}

}  // namespace

int run_info(const InfoOptions& o) {
    if (engine::is_magnet_uri(o.input)) {
        auto m = engine::parse_magnet(o.input);
        if (!m) return fail(m.error());
        if (o.json)
            std::printf(
                "%s\n",
                to_json(*m).dump(2, ' ', false, ordered_json::error_handler_t::replace).c_str());
        else
            print_human(*m);
        return kExitOk;
    }
    auto bytes = read_file(o.input);
    if (!bytes) return fail(bytes.error());
    auto m = engine::parse_metainfo(*bytes, o.input);
    if (!m) return fail(m.error());
    if (o.json)
        std::printf(
            "%s\n",
            to_json(*m).dump(2, ' ', false, ordered_json::error_handler_t::replace).c_str());
    else
        print_human(*m);
    return kExitOk;
}

}  // namespace shoal::cli
