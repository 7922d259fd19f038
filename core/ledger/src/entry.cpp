#include <shoal/common/hex.h>
#include <shoal/ledger/entry.h>

#include <libtorrent/bdecode.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/entry.hpp>

#include <array>

namespace shoal::ledger {
namespace {

constexpr std::array<std::string_view, 6> kKinds{"created", "added",   "completed",
                                                 "seeded",  "removed", "hashed"};

std::string_view sv(lt::string_view v) {
    return {v.data(), v.size()};
}

std::string raw_of_hex(const std::string& hex) {
    auto bytes = from_hex(hex);
    return bytes ? std::string(bytes->begin(), bytes->end()) : std::string();
}

Result<std::string> hex_field(const lt::bdecode_node& dict, const char* key, std::size_t raw_size) {
    auto node = dict.dict_find(key);
    if (!node) return std::string();
    if (node.type() != lt::bdecode_node::string_t ||
        node.string_length() != static_cast<int>(raw_size))
        return bad_input(std::string("'") + key + "' must be " + std::to_string(raw_size) +
                         " raw bytes");
    return to_hex(sv(node.string_value()));
}

}  // namespace

std::string_view kind_name(EntryKind kind) {
    return kKinds[static_cast<std::size_t>(kind)];
}

std::optional<EntryKind> kind_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kKinds.size(); ++i)
        if (kKinds[i] == name) return static_cast<EntryKind>(i);
    return std::nullopt;
}

std::string encode_entry(const LedgerEntry& e) {
    lt::entry d(lt::entry::dictionary_t);
    d["kind"] = std::string(kind_name(e.kind));
    d["time"] = e.time;
    if (!e.info_hash_v1.empty()) d["ih1"] = raw_of_hex(e.info_hash_v1);
    if (!e.info_hash_v2.empty()) d["ih2"] = raw_of_hex(e.info_hash_v2);
    d["name"] = e.name;
    d["size"] = e.size;
    if (!e.files.empty()) {
        lt::entry::list_type files;
        for (const auto& f : e.files) {
            lt::entry fd(lt::entry::dictionary_t);
            fd["path"] = f.path;
            fd["length"] = f.size;
            if (!f.pieces_root.empty()) fd["root"] = raw_of_hex(f.pieces_root);
            files.push_back(std::move(fd));
        }
        d["files"] = std::move(files);
    }
    if (e.uploaded) d["uploaded"] = *e.uploaded;
    if (e.downloaded) d["downloaded"] = *e.downloaded;
    std::string out;
    lt::bencode(std::back_inserter(out), d);
    return out;
}

Result<LedgerEntry> decode_entry(std::string_view bytes) {
    lt::error_code ec;
    int pos = 0;
    lt::bdecode_node n = lt::bdecode({bytes.data(), static_cast<std::ptrdiff_t>(bytes.size())}, ec,
                                     &pos, 16, 100000);
    if (ec)
        return bad_input("not bencoded (" + ec.message() + " at byte " + std::to_string(pos) + ")");
    if (n.type() != lt::bdecode_node::dict_t) return bad_input("not a dictionary");
    LedgerEntry e;
    auto kind = kind_from_name(sv(n.dict_find_string_value("kind")));
    if (!kind)
        return bad_input("unknown kind '" + std::string(sv(n.dict_find_string_value("kind"))) +
                         "'");
    e.kind = *kind;
    if (!n.dict_find_int("time")) return bad_input("no time");
    e.time = n.dict_find_int_value("time");
    auto ih1 = hex_field(n, "ih1", 20);
    if (!ih1) return ih1.error();
    e.info_hash_v1 = *ih1;
    auto ih2 = hex_field(n, "ih2", 32);
    if (!ih2) return ih2.error();
    e.info_hash_v2 = *ih2;
    e.name = std::string(sv(n.dict_find_string_value("name")));
    e.size = n.dict_find_int_value("size");
    if (auto files = n.dict_find_list("files")) {
        for (int i = 0; i < files.list_size(); ++i) {
            auto f = files.list_at(i);
            if (f.type() != lt::bdecode_node::dict_t)
                return bad_input("a file is not a dictionary");
            EntryFile ef;
            ef.path = std::string(sv(f.dict_find_string_value("path")));
            ef.size = f.dict_find_int_value("length");
            auto root = hex_field(f, "root", 32);
            if (!root) return root.error();
            ef.pieces_root = *root;
            e.files.push_back(std::move(ef));
        }
    }
    if (n.dict_find_int("uploaded")) e.uploaded = n.dict_find_int_value("uploaded");
    if (n.dict_find_int("downloaded")) e.downloaded = n.dict_find_int_value("downloaded");
    // One entry, one encoding: unknown keys, unsorted keys or odd integers change it.
    if (encode_entry(e) != bytes) return bad_input("not in canonical form");
    return e;
}

}  // namespace shoal::ledger
