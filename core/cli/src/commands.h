// The `shoal` subcommands and their options (internal).
#pragma once

#include "cli_session.h"

#include <shoal/hashing/torrent_creator.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace shoal::cli {

struct GetOptions {
    std::string source;
    std::filesystem::path output;  // empty: the current directory
    bool seed = false;
    double ratio = -1;            // stop seeding at this ratio (implies seed)
    std::int64_t seed_time = -1;  // minutes (implies seed)
    bool sequential = false;
    std::string select;  // "0,2-4" file indices
    std::vector<std::string> peers;
    SessionOptions session;
};
int run_get(const GetOptions& options);

struct SeedOptions {
    std::vector<std::string> inputs;  // .torrent files or data paths
    std::filesystem::path data_dir;   // where .torrent data lives; empty: current directory
    hashing::TorrentFormat format = hashing::TorrentFormat::v1;  // for data paths
    double ratio = -1;
    std::int64_t seed_time = -1;
    std::vector<std::string> peers;
    SessionOptions session;
};
int run_seed(const SeedOptions& options);

struct CreateCommandOptions {
    hashing::CreateOptions create;
    std::filesystem::path output;       // empty: NAME.torrent in the current directory
    std::vector<std::string> trackers;  // each -t is a tier; commas join trackers in a tier
    bool force = false;
    std::filesystem::path profile;  // whose ledger records the `created` entry
    bool no_ledger = false;
};
int run_create(const CreateCommandOptions& options);

struct DaemonCommandOptions {
    SessionOptions session;
    std::string webui_address = "127.0.0.1";
    int webui_port = 8080;
    std::filesystem::path watch_dir;
    std::filesystem::path tls_certificate;
    std::filesystem::path tls_key;
    bool set_password = false;
    std::string webui_user = "admin";
};
int run_daemon(const DaemonCommandOptions& options);

struct InfoOptions {
    std::string input;
    bool json = false;
};
int run_info(const InfoOptions& options);

enum class LedgerAction { show, verify, lookup, head, prove, export_file };

struct LedgerOptions {
    LedgerAction action = LedgerAction::show;
    std::filesystem::path profile;
    bool json = false;
    std::string since;               // show: a date
    std::string torrent;             // show: an info-hash
    std::filesystem::path file;      // verify --file: an export
    std::vector<std::string> files;  // lookup
    std::uint64_t entry = 0;         // prove
    std::filesystem::path output;    // export -o
};
int run_ledger(const LedgerOptions& options);

}  // namespace shoal::cli
