// `shoal ledger ...` on ledgers the other commands wrote: create records its roots, a get
// records added/completed and the v1 roots, lookup finds the files, and show, head,
// prove, export and verify (also of a hand-edited export) say what they should.
#include "cli_runner.h"

#include <shoal/common/atomic_file.h>
#include <shoal/common/base64.h>
#include <shoal/hashing/pieces_root.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <set>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

ProcessResult ledger_cmd(const std::filesystem::path& profile, std::vector<std::string> args) {
    std::vector<std::string> argv{shoal_bin(), "ledger"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--profile", profile.string()});
    return run(argv, 60s);
}

json ledger_json(const std::filesystem::path& profile) {
    auto r = ledger_cmd(profile, {"show", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
}

std::set<std::string> kinds_of(const json& entries) {
    std::set<std::string> kinds;
    for (const auto& e : entries)
        kinds.insert(e["kind"].get<std::string>());
    return kinds;
}

std::string root_of(const std::filesystem::path& file) {
    auto root = hashing::file_pieces_root(file);
    EXPECT_TRUE(root && *root);
    return root && *root ? hashing::hex(**root) : std::string();
}

TEST(CliLedger, CreateRecordsTheRootsLibtorrentWouldGiveWhenTheyCostNothing) {
    Sandbox box;
    write_payload_dir(box.path("data/album"), {{"01.flac", 300000}, {"cover.jpg", 16384}}, 3);
    const auto profile = box.path("profile");
    auto create = [&](const std::string& out) {
        return run({shoal_bin(), "create", box.path("data/album").string(), "-o",
                    box.path(out).string(), "--profile", profile.string()},
                   60s);
    };
    // Just written, so in memory: SHA-1 alone, and the ledger says when the roots come.
    auto r = create("album.torrent");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("ledger:     entry #0 (the files' BEP 52 roots are recorded once Shoal "
                         "seeds it)"),
              std::string::npos)
        << r.out;

    // The v1 torrent has no roots in it; the ledger has them from the same read, and they
    // are what libtorrent puts in a hybrid torrent of the same files.
    auto hybrid = run({shoal_bin(), "create", box.path("data/album").string(), "-o",
                       box.path("album-hybrid.torrent").string(), "--hybrid", "--no-ledger"},
                      60s);
    ASSERT_EQ(hybrid.exit_code, 0) << hybrid.err;
    auto info = run({shoal_bin(), "info", "--json", box.path("album-hybrid.torrent").string()});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    std::map<std::string, std::string> libtorrent_roots;
    const json hybrid_info = json::parse(info.out);
    for (const auto& f : hybrid_info["files"])
        libtorrent_roots[f["path"].get<std::string>()] = f["pieces_root"].get<std::string>();
    ASSERT_EQ(libtorrent_roots.size(), 2u) << info.out;

    // --no-ledger left no trace in the default profile.
    EXPECT_FALSE(std::filesystem::exists(box.path("xdg-data/shoal/ledger")));

    json entries = ledger_json(profile);
    ASSERT_EQ(entries.size(), 1u) << entries.dump(2);
    EXPECT_EQ(entries[0]["kind"], "created");
    EXPECT_EQ(entries[0]["name"], "album");
    ASSERT_EQ(entries[0]["files"].size(), 2u);
    for (const auto& f : entries[0]["files"])
        EXPECT_TRUE(f["pieces_root"].is_null()) << f.dump();

    // Read from disk, SHA-256 rides along on the same read, and the entry carries the roots.
    ASSERT_TRUE(evict_from_page_cache(box.path("data/album")));
    r = create("album-again.torrent");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("ledger:     entry #1\n"), std::string::npos) << r.out;
    entries = ledger_json(profile);
    ASSERT_EQ(entries.size(), 2u) << entries.dump(2);
    ASSERT_EQ(entries[1]["files"].size(), 2u);
    for (const auto& f : entries[1]["files"])
        EXPECT_EQ(f["pieces_root"], libtorrent_roots[f["path"].get<std::string>()]) << f["path"];
}

TEST(CliLedger, AGetIsRecordedAndLookupFindsItsFiles) {
    Sandbox box;
    auto t = make_test_torrent(box.path("seed"), "payload", standard_files(),
                               hashing::TorrentFormat::v1);
    CliSeeder seed(box, t);
    const auto profile = box.path("get-profile");
    auto got = run(
        get_args(t.torrent_file.string(), box.path("get"), profile, {"--peer", seed.endpoint()}),
        60s);
    ASSERT_EQ(got.exit_code, 0) << got.out << got.err;

    const json entries = ledger_json(profile);
    const auto kinds = kinds_of(entries);
    for (const char* k : {"added", "completed", "removed"})
        EXPECT_TRUE(kinds.count(k)) << k << " missing from " << entries.dump(2);
    // The v1 roots were hashed from the pieces as they passed: `completed` has them.
    EXPECT_FALSE(kinds.count("hashed")) << "the files were hashed again: " << entries.dump(2);
    for (const auto& e : entries)
        EXPECT_EQ(e["info_hash_v1"], t.info.hashes.v1);

    // Each file is found by its content, under the torrent that carried it.
    std::vector<std::string> files;
    for (const auto& f : standard_files())
        files.push_back(box.path("get/payload/" + f.path).string());
    std::vector<std::string> args{"lookup"};
    args.insert(args.end(), files.begin(), files.end());
    auto found = ledger_cmd(profile, args);
    ASSERT_EQ(found.exit_code, 0) << found.out << found.err;
    for (const auto& f : standard_files()) {
        EXPECT_NE(found.out.find("identical to 'payload/" + f.path + "' of torrent 'payload'"),
                  std::string::npos)
            << found.out;
        EXPECT_NE(found.out.find(root_of(box.path("get/payload/" + f.path))), std::string::npos);
    }
    EXPECT_NE(found.out.find("completed 20"), std::string::npos) << found.out;

    args.push_back("--json");
    auto as_json = ledger_cmd(profile, args);
    ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
    const json j = json::parse(as_json.out);
    ASSERT_EQ(j.size(), files.size());
    for (const auto& f : j)
        EXPECT_EQ(f["matches"][0]["kind"], "completed") << f.dump();

    // A file the node never had is not found, and says so.
    write_payload(box.path("other.bin"), 70000, 99);
    auto missing = ledger_cmd(profile, {"lookup", box.path("other.bin").string()});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.out.find("not in the ledger"), std::string::npos) << missing.out;
}

TEST(CliLedger, SeedingADirectoryRecordsItsRootsOnce) {
    Sandbox box;
    write_payload_dir(box.path("share/docs"), standard_files(), 5);
    const auto profile = box.path("profile");
    Process seed({shoal_bin(), "seed", box.path("share/docs").string(), "--loopback", "--port", "0",
                  "--profile", profile.string()});
    ASSERT_TRUE(seed.wait_for_output("seeding docs", 60s)) << seed.out() << seed.err();
    seed.signal(SIGINT);
    auto done = seed.wait(30s);
    ASSERT_EQ(done.exit_code, 0) << done.err;

    const json entries = ledger_json(profile);
    const auto kinds = kinds_of(entries);
    EXPECT_TRUE(kinds.count("created") && kinds.count("added") && kinds.count("completed"))
        << entries.dump(2);
    // The data was in memory: seeding started after SHA-1 alone, and the roots were hashed
    // while it seeded. One entry has them: the `hashed` one.
    int with_roots = 0;
    for (const auto& e : entries) {
        if (!e.contains("files") || e["files"].empty() || e["files"][0]["pieces_root"].is_null())
            continue;
        ++with_roots;
        EXPECT_EQ(e["kind"], "hashed") << e.dump(2);
        for (const auto& f : e["files"])
            EXPECT_EQ(f["pieces_root"], root_of(box.path("share") / f["path"].get<std::string>()));
    }
    EXPECT_EQ(with_roots, 1) << entries.dump(2);
}

TEST(CliLedger, ShowHeadProveExportAndVerify) {
    Sandbox box;
    const auto profile = box.path("profile");
    for (const char* name : {"one", "two", "three"}) {
        write_payload_dir(box.path(std::string("data/") + name), {{"f.bin", 40000}}, 1);
        auto r =
            run({shoal_bin(), "create", box.path(std::string("data/") + name).string(), "-o",
                 box.path(std::string(name) + ".torrent").string(), "--profile", profile.string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto verified = ledger_cmd(profile, {"verify"});
    ASSERT_EQ(verified.exit_code, 0) << verified.err;
    EXPECT_EQ(verified.out.rfind("ok: 3 entries, head ", 0), 0u) << verified.out;

    // show: lines, filters by info-hash and date, and a clear error for a bad date.
    auto shown = ledger_cmd(profile, {"show"});
    ASSERT_EQ(shown.exit_code, 0);
    for (const char* s : {"#0", "#2", "created", "three"})
        EXPECT_NE(shown.out.find(s), std::string::npos) << s << " not in " << shown.out;
    const json all = ledger_json(profile);
    const std::string two_hash = all[1]["info_hash_v1"];
    auto by_hash = ledger_cmd(profile, {"show", "--json", "--torrent", two_hash});
    ASSERT_EQ(by_hash.exit_code, 0);
    const json only_two = json::parse(by_hash.out);
    ASSERT_EQ(only_two.size(), 1u);
    EXPECT_EQ(only_two[0]["name"], "two");
    auto future = ledger_cmd(profile, {"show", "--json", "--since", "2999-01-01"});
    EXPECT_EQ(json::parse(future.out).size(), 0u);
    auto bad_date = ledger_cmd(profile, {"show", "--since", "yesterday"});
    EXPECT_EQ(bad_date.exit_code, 2);
    EXPECT_NE(bad_date.err.find("--since 'yesterday'"), std::string::npos) << bad_date.err;

    // head and prove agree on the latest tree.
    auto head = ledger_cmd(profile, {"head", "--json"});
    ASSERT_EQ(head.exit_code, 0) << head.err;
    const json h = json::parse(head.out);
    EXPECT_EQ(h["tree_size"], 3);
    EXPECT_EQ(h["public_key"].get<std::string>().size(), 64u);
    auto proof = ledger_cmd(profile, {"prove", "1"});
    ASSERT_EQ(proof.exit_code, 0) << proof.err;
    EXPECT_NE(proof.out.find(h["root"].get<std::string>()), std::string::npos) << proof.out;
    EXPECT_NE(proof.out.find("verified"), std::string::npos);
    auto no_entry = ledger_cmd(profile, {"prove", "7"});
    EXPECT_EQ(no_entry.exit_code, 2);
    EXPECT_NE(no_entry.err.find("no entry 7"), std::string::npos) << no_entry.err;

    // An export verifies on its own; one edited by hand names the edited entry.
    const auto file = box.path("ledger.jsonl");
    auto exported = ledger_cmd(profile, {"export", "-o", file.string()});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    auto offline = run({shoal_bin(), "ledger", "verify", "--file", file.string()});
    ASSERT_EQ(offline.exit_code, 0) << offline.err;
    EXPECT_EQ(offline.out.rfind("ok: 3 entries, head " + h["root"].get<std::string>(), 0), 0u)
        << offline.out;

    std::ifstream in(file);
    std::string edited;
    bool changed = false;
    for (std::string line; std::getline(in, line);) {
        auto j = json::parse(line);
        if (!changed && j.contains("body") && j.value("entry", -1) == 1) {
            auto body = base64_decode(j["body"].get<std::string>());
            ASSERT_TRUE(body);
            std::string text(body->begin(), body->end());
            const auto at = text.find("3:two");
            ASSERT_NE(at, std::string::npos) << text;
            text.replace(at, 5, "3:TWO");
            j["body"] =
                base64_encode({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
            line = j.dump();
            changed = true;
        }
        edited += line + "\n";
    }
    ASSERT_TRUE(changed);
    ASSERT_TRUE(write_file_atomic(file, edited));
    auto tampered = run({shoal_bin(), "ledger", "verify", "--file", file.string()});
    EXPECT_EQ(tampered.exit_code, 1);
    EXPECT_NE(tampered.err.find("entry 1"), std::string::npos) << tampered.err;
}

TEST(CliLedger, ALedgerWithoutItsKeyIsAnErrorNotANewIdentity) {
    Sandbox box;
    const auto profile = box.path("profile");
    write_payload_dir(box.path("data/x"), {{"f.bin", 1000}}, 1);
    auto first = run({shoal_bin(), "create", box.path("data/x").string(), "-o",
                      box.path("x.torrent").string(), "--profile", profile.string()});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    std::filesystem::remove(profile / "ledger" / "node.key");
    auto again = run({shoal_bin(), "create", box.path("data/x").string(), "-o",
                      box.path("x2.torrent").string(), "--profile", profile.string()});
    EXPECT_NE(again.exit_code, 0);
    EXPECT_NE(again.err.find("node.key"), std::string::npos) << again.err;
    EXPECT_FALSE(std::filesystem::exists(box.path("x2.torrent")));
    EXPECT_FALSE(std::filesystem::exists(profile / "ledger" / "node.key"));
}

}  // namespace
}  // namespace shoal::test
