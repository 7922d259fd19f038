// The `shoal` argument parser: subcommands and their options, then dispatch.
#include "commands.h"
#include "exit_codes.h"
#include "terminal.h"

#include <shoal/cli/shoal_cli.h>
#include <shoal/common/format.h>
#include <shoal/engine/ca_lookup.h>

#include <CLI/CLI.hpp>

#include <cstdio>

namespace shoal::cli {
namespace {

void add_session_options(CLI::App& cmd, SessionOptions& s) {
    cmd.add_option("--profile", s.profile, "Profile directory (default: $XDG_DATA_HOME/shoal)");
    cmd.add_option("--port", s.port, "Port to listen on for peers (0: any free port)")
        ->check(CLI::Range(0, 65535));
    cmd.add_flag("--no-dht", s.no_dht, "Do not use the DHT");
    cmd.add_flag(
        "--loopback", s.loopback,
        "Stay on this machine: listen on 127.0.0.1, no UPnP/NAT-PMP/LSD, no public DHT nodes");
    cmd.add_option("--dht-bootstrap", s.dht_bootstrap,
                   "HOST:PORT of a DHT node to join through (repeatable)");
    cmd.add_option("--set", s.settings, "Override a setting for this run: NAME=VALUE (repeatable)");
    cmd.add_flag("--no-ledger", s.no_ledger, "Do not record this run in the profile's ledger");
}

// For commands that move one set of torrents (get, seed).
void add_transfer_options(CLI::App& cmd, SessionOptions& s, std::vector<std::string>& peers) {
    add_session_options(cmd, s);
    cmd.add_option("--max-down", s.max_down, "Download limit, e.g. 500K or 10M (bytes/s)");
    cmd.add_option("--max-up", s.max_up, "Upload limit, e.g. 500K or 10M (bytes/s)");
    cmd.add_option("--peer", peers, "Connect to this peer, HOST:PORT (repeatable)");
}

void add_format_flags(CLI::App& cmd, hashing::TorrentFormat& format) {
    auto* g =
        cmd.add_option_group("format", "Torrent format (default v1: it opens in every client)");
    g->add_flag_callback(
        "--v1", [&format] { format = hashing::TorrentFormat::v1; }, "BitTorrent v1 (default)");
    g->add_flag_callback(
        "--v2", [&format] { format = hashing::TorrentFormat::v2; }, "BitTorrent v2 only");
    g->add_flag_callback(
        "--hybrid", [&format] { format = hashing::TorrentFormat::hybrid; },
        "v1 and v2 in one torrent");
    g->require_option(0, 1);
}

std::function<std::string(std::string&)> size_validator() {
    return [](std::string& text) -> std::string {
        return parse_size(text) ? std::string() : "expected a size such as 256K or 4M";
    };
}

}  // namespace

int run(int argc, char** argv) {
    engine::use_lazy_ca_lookup();
    block_stop_signals();

    CLI::App app{"Shoal: a BitTorrent client with a signed ledger of what it shares", "shoal"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "shoal 0.1.0");

    GetOptions get;
    auto* get_cmd =
        app.add_subcommand("get", "Download a torrent: magnet URI, http(s) URL or .torrent file");
    get_cmd->add_option("source", get.source, "Magnet URI, URL or .torrent file")->required();
    get_cmd->add_option("-o,--output", get.output,
                        "Directory to save into (default: the current one)");
    get_cmd->add_flag("--seed", get.seed,
                      "Keep seeding after the download until Ctrl-C or a limit");
    get_cmd->add_option("--ratio", get.ratio, "Stop seeding at this upload ratio (implies --seed)")
        ->check(CLI::NonNegativeNumber);
    get_cmd
        ->add_option("--seed-time", get.seed_time,
                     "Stop seeding after these minutes (implies --seed)")
        ->check(CLI::NonNegativeNumber);
    get_cmd->add_flag("--sequential", get.sequential, "Fetch pieces in order (for streaming)");
    get_cmd->add_option("--select,--files", get.select,
                        "Only these file indices, e.g. 0,2,4-6 (see `shoal info`)");
    add_transfer_options(*get_cmd, get.session, get.peers);

    SeedOptions seed;
    auto* seed_cmd = app.add_subcommand("seed", "Check existing data and seed it until stopped");
    seed_cmd
        ->add_option("inputs", seed.inputs,
                     ".torrent files, or files/directories to make a torrent of")
        ->required();
    seed_cmd->add_option("-d,--data", seed.data_dir,
                         "Where the data of .torrent inputs is (default: the current directory)");
    seed_cmd->add_option("--ratio", seed.ratio, "Stop at this upload ratio")
        ->check(CLI::NonNegativeNumber);
    seed_cmd->add_option("--seed-time", seed.seed_time, "Stop after these minutes")
        ->check(CLI::NonNegativeNumber);
    add_format_flags(*seed_cmd, seed.format);
    add_transfer_options(*seed_cmd, seed.session, seed.peers);

    CreateCommandOptions create;
    std::string piece_size;
    auto* create_cmd = app.add_subcommand("create", "Make a .torrent from a file or directory");
    create_cmd->add_option("path", create.create.source, "File or directory")->required();
    create_cmd->add_option("-o,--output", create.output,
                           "Where to write the .torrent (default: NAME.torrent)");
    add_format_flags(*create_cmd, create.create.format);
    create_cmd
        ->add_option("--piece-size", piece_size,
                     "Piece size, e.g. 256K or 4M (default: chosen from the size)")
        ->check(CLI::Validator(size_validator(), "SIZE"));
    create_cmd->add_option("-t,--tracker", create.trackers,
                           "Tracker URL; repeat for tiers, commas within a tier");
    create_cmd->add_option("-w,--web-seed", create.create.web_seeds, "Web seed URL (repeatable)");
    create_cmd->add_flag("--private", create.create.is_private,
                         "Private torrent (no DHT, PEX or LSD)");
    create_cmd->add_option("--comment", create.create.comment, "Comment");
    create_cmd->add_option("--source", create.create.source_tag,
                           "Source tag (for private trackers)");
    create_cmd->add_option("--threads", create.create.threads,
                           "Hashing threads (default: one per core)");
    create_cmd->add_flag("-f,--force", create.force, "Replace the output file if it exists");
    create_cmd->add_option("--profile", create.profile,
                           "Profile whose ledger records the new torrent (default: "
                           "$XDG_DATA_HOME/shoal)");
    create_cmd->add_flag("--no-ledger", create.no_ledger, "Do not record it in the ledger");

    DaemonCommandOptions daemon;
    auto* daemon_cmd = app.add_subcommand(
        "daemon", "Run headless: seed and download the profile's torrents, remote-controlled");
    add_session_options(*daemon_cmd, daemon.session);
    daemon_cmd->add_option("--webui-address", daemon.webui_address,
                           "Address of the web UI and APIs (default 127.0.0.1)");
    daemon_cmd
        ->add_option("--webui-port", daemon.webui_port,
                     "Port of the web UI and APIs (default 8080)")
        ->check(CLI::Range(0, 65535));
    daemon_cmd->add_option("--watch", daemon.watch_dir,
                           "Add .torrent and .magnet files dropped here (default PROFILE/watch)");
    daemon_cmd->add_option("--tls-cert", daemon.tls_certificate,
                           "Serve HTTPS with this certificate (PEM)");
    daemon_cmd->add_option("--tls-key", daemon.tls_key, "... and this private key (PEM)");
    daemon_cmd->add_flag("--set-webui-password", daemon.set_password,
                         "Read a new web UI password from stdin, store its hash, and exit");
    daemon_cmd->add_option("--webui-user", daemon.webui_user,
                           "User name for --set-webui-password (default admin)");

    InfoOptions info;
    auto* info_cmd = app.add_subcommand("info", "Show what a .torrent file or magnet URI says");
    info_cmd->add_option("input", info.input, ".torrent file or magnet URI")->required();
    info_cmd->add_flag("--json", info.json, "Print JSON");

    LedgerOptions ledger;
    auto* ledger_cmd = app.add_subcommand(
        "ledger", "Read the node's signed ledger of what it created, got and shared");
    ledger_cmd->require_subcommand(1);
    ledger_cmd->add_option("--profile", ledger.profile,
                           "Profile directory (default: $XDG_DATA_HOME/shoal)");
    auto* l_show = ledger_cmd->add_subcommand("show", "List the entries");
    l_show->add_flag("--json", ledger.json, "Print JSON");
    l_show->add_option("--since", ledger.since, "Only entries from this date on (2026-11-02, UTC)");
    l_show->add_option("--torrent", ledger.torrent, "Only entries of this info-hash");
    auto* l_verify =
        ledger_cmd->add_subcommand("verify", "Check every entry, the tree and every signed head");
    l_verify->add_option("--file", ledger.file,
                         "Verify this export instead of the profile's ledger");
    auto* l_lookup =
        ledger_cmd->add_subcommand("lookup", "Find the entries that recorded the content of files");
    l_lookup->add_option("files", ledger.files, "Files to hash (BEP 52 pieces root)")->required();
    l_lookup->add_flag("--json", ledger.json, "Print JSON");
    auto* l_head =
        ledger_cmd->add_subcommand("head", "The latest signed tree head and the node's public key");
    l_head->add_flag("--json", ledger.json, "Print JSON");
    auto* l_prove =
        ledger_cmd->add_subcommand("prove", "Inclusion proof of an entry in the latest head");
    l_prove->add_option("entry", ledger.entry, "Entry number (as `show` lists it)")->required();
    l_prove->add_flag("--json", ledger.json, "Print JSON");
    auto* l_export = ledger_cmd->add_subcommand(
        "export", "Write a self-contained file anyone can verify offline");
    l_export->add_option("-o,--output", ledger.output, "The export file")->required();
    for (auto* sub : {l_show, l_verify, l_lookup, l_head, l_prove, l_export})
        sub->add_option("--profile", ledger.profile,
                        "Profile directory (default: $XDG_DATA_HOME/shoal)");

    if (argc > 1 && argv[1][0] != '-') {
        const std::string command = argv[1];
        bool known = false;
        for (const auto* sub : app.get_subcommands({}))
            known = known || sub->get_name() == command;
        if (!known) {
            std::fprintf(
                stderr,
                "shoal: unknown command '%s' (commands: get, seed, create, info, ledger, daemon)\n",
                command.c_str());
            return kExitBadInput;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            app.exit(e);
            return kExitOk;
        }
        std::fprintf(stderr, "shoal: %s (see 'shoal --help')\n", e.what());
        return kExitBadInput;
    }

    if (*get_cmd) return run_get(get);
    if (*seed_cmd) return run_seed(seed);
    if (*create_cmd) {
        if (!piece_size.empty()) {
            const auto ps = parse_size(piece_size).value_or(0);
            if (ps <= 0 || ps > (1LL << 30))
                return fail(bad_input("cannot use --piece-size '" + piece_size + "'"));
            create.create.piece_size = static_cast<int>(ps);
        }
        return run_create(create);
    }
    if (*info_cmd) return run_info(info);
    if (*daemon_cmd) return run_daemon(daemon);
    if (*ledger_cmd) {
        ledger.action = *l_show     ? LedgerAction::show
                        : *l_verify ? LedgerAction::verify
                        : *l_lookup ? LedgerAction::lookup
                        : *l_head   ? LedgerAction::head
                        : *l_prove  ? LedgerAction::prove
                                    : LedgerAction::export_file;
        return run_ledger(ledger);
    }
    return kExitBadInput;
}

}  // namespace shoal::cli
