// `shoal ledger show|verify|lookup|head|prove|export`: reading the node's ledger. These
// open it read-only, so they work while a daemon or download is writing to it.
#include "commands.h"
#include "exit_codes.h"

#include <shoal/common/base64.h>
#include <shoal/common/format.h>
#include <shoal/common/hex.h>
#include <shoal/common/profile_lock.h>
#include <shoal/hashing/pieces_root.h>
#include <shoal/ledger/ledger.h>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace shoal::cli {
namespace {

using ledger::Ledger;
using ledger::LedgerEntry;
using nlohmann::ordered_json;

std::string hex(std::span<const std::uint8_t> b) {
    return to_hex(b);
}

Result<std::unique_ptr<Ledger>> open_ledger(const LedgerOptions& o) {
    const auto profile = o.profile.empty() ? default_profile_dir() : o.profile;
    return Ledger::open(ledger::ledger_dir(profile), ledger::OpenMode::read_only);
}

ordered_json entry_json(std::uint64_t index, const LedgerEntry& e) {
    ordered_json j;
    j["index"] = index;
    j["kind"] = std::string(ledger::kind_name(e.kind));
    j["time"] = e.time;
    j["info_hash_v1"] =
        e.info_hash_v1.empty() ? ordered_json(nullptr) : ordered_json(e.info_hash_v1);
    j["info_hash_v2"] =
        e.info_hash_v2.empty() ? ordered_json(nullptr) : ordered_json(e.info_hash_v2);
    j["name"] = e.name;
    j["size"] = e.size;
    ordered_json files = ordered_json::array();
    for (const auto& f : e.files) {
        ordered_json jf{{"path", f.path}, {"size", f.size}};
        jf["pieces_root"] =
            f.pieces_root.empty() ? ordered_json(nullptr) : ordered_json(f.pieces_root);
        files.push_back(std::move(jf));
    }
    j["files"] = std::move(files);
    if (e.uploaded) j["uploaded"] = *e.uploaded;
    if (e.downloaded) j["downloaded"] = *e.downloaded;
    return j;
}

std::string entry_line(std::uint64_t index, const LedgerEntry& e) {
    char head[64];
    std::snprintf(head, sizeof head, "#%-6llu ", static_cast<unsigned long long>(index));
    std::string line =
        head + format_utc_time(e.time) + "  " + std::string(ledger::kind_name(e.kind));
    line.resize(std::max<std::size_t>(line.size() + 1, 44), ' ');
    line += e.name + " (" + format_bytes(e.size) + ")";
    if (e.uploaded || e.downloaded)
        line += "  up " + format_bytes(e.uploaded.value_or(0)) + ", down " +
                format_bytes(e.downloaded.value_or(0));
    line += "  " + (e.info_hash_v1.empty() ? e.info_hash_v2 : e.info_hash_v1);
    return line;
}

ordered_json head_json(const ledger::SignedTreeHead& h, const std::vector<std::uint8_t>& key) {
    return ordered_json{
        {"tree_size", h.tree_size},       {"root", hex(h.root)},
        {"timestamp_ms", h.timestamp_ms}, {"signature", hex(h.signature)},
        {"public_key", hex(key)},         {"public_key_base64", base64_encode(key)}};
}

void print_json(const ordered_json& j) {
    std::printf("%s\n", j.dump(2, ' ', false, ordered_json::error_handler_t::replace).c_str());
}

int show(const LedgerOptions& o) {
    auto l = open_ledger(o);
    if (!l) return fail(l.error());
    ledger::EntryQuery q;
    if (!o.since.empty()) {
        q.since = parse_utc_time(o.since);
        if (!q.since)
            return fail(bad_input("cannot use --since '" + o.since +
                                  "': expected a date such as 2026-11-02"));
    }
    q.info_hash = o.torrent;
    for (char& c : q.info_hash)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ordered_json all = ordered_json::array();
    auto r = (*l)->for_each(q, [&](std::uint64_t i, const LedgerEntry& e) {
        if (o.json)
            all.push_back(entry_json(i, e));
        else
            std::printf("%s\n", entry_line(i, e).c_str());
        return true;
    });
    if (!r) return fail(r.error());
    if (o.json) print_json(all);
    return kExitOk;
}

int verify(const LedgerOptions& o) {
    ledger::VerifyReport report;
    if (!o.file.empty()) {
        report = ledger::verify_export(o.file);
        if (report.ok) {
            std::printf("%s\n", report.summary().c_str());
            return kExitOk;
        }
    } else {
        auto l = open_ledger(o);
        if (!l) return fail(l.error());
        report = (*l)->verify();
        if (report.ok) {
            std::printf("%s\n", report.summary().c_str());
            return kExitOk;
        }
    }
    std::fprintf(stderr, "shoal: ledger %s\n", report.summary().c_str());
    return kExitFailure;
}

// The date the torrent of `e` was completed, for "identical to ..., completed DATE".
std::string when_completed(const Ledger& l, const LedgerEntry& e) {
    std::string when;
    const std::string hash = e.info_hash_v1.empty() ? e.info_hash_v2 : e.info_hash_v1;
    (void)l.for_each({.since = {}, .info_hash = hash}, [&](std::uint64_t, const LedgerEntry& x) {
        if (x.kind == ledger::EntryKind::completed || x.kind == ledger::EntryKind::created) {
            when = std::string(ledger::kind_name(x.kind)) + " " +
                   format_utc_time(x.time).substr(0, 10);
            return false;
        }
        return true;
    });
    return when.empty() ? std::string(ledger::kind_name(e.kind)) + " " +
                              format_utc_time(e.time).substr(0, 10)
                        : when;
}

int lookup(const LedgerOptions& o) {
    auto l = open_ledger(o);
    if (!l) return fail(l.error());
    bool all_found = true;
    ordered_json out = ordered_json::array();
    for (const auto& file : o.files) {
        auto root = hashing::file_pieces_root(file);
        if (!root) return fail(root.error());
        if (!root->has_value()) {
            std::printf("%s: empty file (BEP 52 gives it no pieces root)\n", file.c_str());
            all_found = false;
            continue;
        }
        const std::string root_hex = hashing::hex(**root);
        auto matches = (*l)->find_root(root_hex);
        if (!matches) return fail(matches.error());
        ordered_json jf{
            {"file", file}, {"pieces_root", root_hex}, {"matches", ordered_json::array()}};
        if (!o.json) std::printf("%s: pieces root %s\n", file.c_str(), root_hex.c_str());
        if (matches->empty()) {
            all_found = false;
            if (!o.json) std::printf("  not in the ledger\n");
        }
        for (const auto& m : *matches) {
            const std::string hash =
                m.entry.info_hash_v1.empty() ? m.entry.info_hash_v2 : m.entry.info_hash_v1;
            const std::string when = when_completed(**l, m.entry);
            if (o.json) {
                jf["matches"].push_back({{"entry", m.index},
                                         {"kind", std::string(ledger::kind_name(m.entry.kind))},
                                         {"path", m.path},
                                         {"torrent", m.entry.name},
                                         {"info_hash", hash},
                                         {"when", when}});
            } else {
                std::printf("  identical to '%s' of torrent '%s' (%s), %s (entry %llu)\n",
                            m.path.c_str(), m.entry.name.c_str(), hash.c_str(), when.c_str(),
                            static_cast<unsigned long long>(m.index));
            }
        }
        out.push_back(std::move(jf));
    }
    if (o.json) print_json(out);
    return all_found ? kExitOk : kExitFailure;
}

int head(const LedgerOptions& o) {
    auto l = open_ledger(o);
    if (!l) return fail(l.error());
    auto h = (*l)->latest_head();
    if (!h) return fail(bad_input("the ledger has no signed tree head yet"));
    const auto& key = (*l)->public_key();
    if (o.json) {
        print_json(head_json(*h, key));
        return kExitOk;
    }
    std::printf("tree size:   %llu\n", static_cast<unsigned long long>(h->tree_size));
    std::printf("root:        %s\n", hex(h->root).c_str());
    std::printf("signed at:   %s\n",
                format_utc_time(static_cast<std::int64_t>(h->timestamp_ms / 1000)).c_str());
    std::printf("signature:   %s\n", hex(h->signature).c_str());
    std::printf("public key:  %s (Ed25519; base64 %s)\n", hex(key).c_str(),
                base64_encode(key).c_str());
    return kExitOk;
}

int prove(const LedgerOptions& o) {
    auto l = open_ledger(o);
    if (!l) return fail(l.error());
    auto p = (*l)->prove(o.entry);
    if (!p) return fail(p.error());
    std::vector<ledger::Bytes> path;
    ordered_json jpath = ordered_json::array();
    for (const auto& h : p->path) {
        path.emplace_back(h.begin(), h.end());
        jpath.push_back(hex(h));
    }
    const bool ok =
        ledger::verify_inclusion(p->index, p->head.tree_size, {p->leaf.begin(), p->leaf.end()},
                                 path, {p->head.root.begin(), p->head.root.end()}) &&
        ledger::verify_tree_head(p->head, (*l)->public_key());
    ordered_json j{{"entry", p->index},
                   {"leaf_hash", hex(p->leaf)},
                   {"audit_path", jpath},
                   {"tree_head", head_json(p->head, (*l)->public_key())}};
    if (o.json) {
        print_json(j);
    } else {
        std::printf("entry %llu (leaf %s) is in the tree of %llu entries with root %s\n",
                    static_cast<unsigned long long>(p->index), hex(p->leaf).c_str(),
                    static_cast<unsigned long long>(p->head.tree_size), hex(p->head.root).c_str());
        std::printf("audit path (RFC 6962, leaf to root):\n");
        for (const auto& h : jpath)
            std::printf("  %s\n", h.get<std::string>().c_str());
        std::printf("tree head signature: %s\npublic key: %s\n", hex(p->head.signature).c_str(),
                    hex((*l)->public_key()).c_str());
    }
    if (!ok) {
        std::fprintf(stderr,
                     "shoal: the proof does not verify: the ledger is damaged (run 'shoal ledger "
                     "verify')\n");
        return kExitFailure;
    }
    if (!o.json) std::printf("verified\n");
    return kExitOk;
}

int export_ledger(const LedgerOptions& o) {
    auto l = open_ledger(o);
    if (!l) return fail(l.error());
    if (auto r = (*l)->export_to(o.output); !r) return fail(bad_input(r.error().message));
    std::printf(
        "exported %llu entries to %s; check it anywhere with: shoal ledger verify --file %s\n",
        static_cast<unsigned long long>((*l)->size()), o.output.c_str(), o.output.c_str());
    return kExitOk;
}

}  // namespace

int run_ledger(const LedgerOptions& o) {
    switch (o.action) {
        case LedgerAction::show:
            return show(o);
        case LedgerAction::verify:
            return verify(o);
        case LedgerAction::lookup:
            return lookup(o);
        case LedgerAction::head:
            return head(o);
        case LedgerAction::prove:
            return prove(o);
        case LedgerAction::export_file:
            return export_ledger(o);
    }
    return kExitBadInput;
}

}  // namespace shoal::cli
