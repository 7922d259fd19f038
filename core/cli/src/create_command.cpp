// `shoal create PATH`: make a .torrent (v1 by default) and print its magnet link.
#include "commands.h"
#include "exit_codes.h"
#include "progress_view.h"
#include "terminal.h"

#include <shoal/common/atomic_file.h>
#include <shoal/common/clock.h>
#include <shoal/common/format.h>
#include <shoal/common/profile_lock.h>
#include <shoal/ledger/ledger.h>
#include <shoal/recorder/created_entry.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <future>
#include <optional>
#include <system_error>
#include <unistd.h>

namespace shoal::cli {
namespace {

std::vector<std::vector<std::string>> tiers_of(const std::vector<std::string>& args) {
    std::vector<std::vector<std::string>> tiers;
    for (const auto& arg : args) {
        std::vector<std::string> tier;
        std::size_t start = 0;
        while (start <= arg.size()) {
            auto comma = arg.find(',', start);
            auto url =
                arg.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!url.empty()) tier.push_back(url);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (!tier.empty()) tiers.push_back(std::move(tier));
    }
    return tiers;
}

const char* format_name(hashing::TorrentFormat f) {
    switch (f) {
        case hashing::TorrentFormat::v1:
            return "v1";
        case hashing::TorrentFormat::v2:
            return "v2";
        case hashing::TorrentFormat::hybrid:
            return "hybrid";
    }
    return "v1";
}

Result<void> check_output(const std::filesystem::path& out, bool force) {
    std::error_code ec;
    if (std::filesystem::exists(out, ec) && !force)
        return bad_input("cannot write '" + out.string() +
                         "': it exists (use --force to replace it)");
    const auto dir = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(dir, ec))
        return bad_input("cannot write '" + out.string() + "': '" + dir.string() +
                         "' is not a directory");
    // Fail before hashing gigabytes, not after.
    const auto probe = dir / (".shoal-create-test-" + std::to_string(::getpid()));
    {
        std::ofstream f(probe);
        if (!f)
            return bad_input("cannot write '" + out.string() + "': the directory is not writable");
    }
    std::filesystem::remove(probe, ec);
    return {};
}

// The profile's ledger, opened on a thread of its own (or at once where none can start).
class LedgerOpening {
  public:
    using Opened = Result<std::unique_ptr<ledger::Ledger>>;

    // An empty `profile`: no ledger (a null one).
    explicit LedgerOpening(const std::filesystem::path& profile) {
        if (profile.empty()) {
            opened_ = std::unique_ptr<ledger::Ledger>();
            return;
        }
        // Whatever goes wrong comes back as an error, never as an exception out of a
        // progress callback that the hashing threads wait on.
        auto open = [dir = ledger::ledger_dir(profile)]() -> Opened {
            try {
                return ledger::Ledger::open(dir, ledger::OpenMode::read_write);
            } catch (const std::exception& e) {
                return runtime_error("cannot open the ledger in '" + dir.string() +
                                     "': " + e.what());
            }
        };
        try {
            pending_ = std::async(std::launch::async, open);
        } catch (const std::system_error&) {
            opened_ = open();
        }
    }

    // Waits for the opening: the ledger, or why it could not be opened.
    Opened& get() {
        if (pending_.valid()) opened_ = pending_.get();
        return *opened_;
    }

  private:
    std::future<Opened> pending_;
    std::optional<Opened> opened_;
};

}  // namespace

int run_create(const CreateCommandOptions& o) {
    hashing::CreateOptions create = o.create;
    create.tracker_tiers = tiers_of(o.trackers);
    // A v1 torrent's file roots are only for the ledger: without one, SHA-1 alone.
    create.file_roots = o.no_ledger ? hashing::FileRoots::never : hashing::FileRoots::unless_cached;
    std::error_code ec;
    if (!std::filesystem::exists(create.source, ec))
        return fail(bad_input("cannot create a torrent from '" + create.source.string() +
                              "': no such file or directory"));
    auto name = std::filesystem::absolute(create.source, ec).lexically_normal().filename();
    if (name.empty())
        name = std::filesystem::absolute(create.source, ec)
                   .lexically_normal()
                   .parent_path()
                   .filename();
    const auto output =
        o.output.empty() ? std::filesystem::path(name.string() + ".torrent") : o.output;
    if (auto r = check_output(output, o.force); !r) return fail(r.error());
    // The ledger opens on a thread of its own while the files are listed (opening one takes
    // ~5 ms, a new one ~10 ms); a problem with it stops the hashing as soon as it is known.
    LedgerOpening opening(o.no_ledger ? std::filesystem::path()
                                      : (o.profile.empty() ? default_profile_dir() : o.profile));
    std::atomic<bool> ledger_failed{false};

    const bool tty = stdout_is_terminal();
    const auto started = std::chrono::steady_clock::now();
    auto last_print = started;
    auto created = hashing::create_torrent(
        create,
        [&](const hashing::CreateProgress& p) {
            if (!opening.get()) ledger_failed = true;
            const auto now = std::chrono::steady_clock::now();
            const double fraction = p.total_bytes > 0 ? static_cast<double>(p.bytes_hashed) /
                                                            static_cast<double>(p.total_bytes)
                                                      : 1;
            const double secs = std::chrono::duration<double>(now - started).count();
            const auto rate =
                secs > 0 ? static_cast<std::int64_t>(static_cast<double>(p.bytes_hashed) / secs)
                         : 0;
            if (tty) {
                std::printf("\rhashing %s %5.1f%%  %s", progress_bar(fraction, 30).c_str(),
                            fraction * 100, format_rate(rate).c_str());
                std::fflush(stdout);
            } else if (now - last_print >= std::chrono::seconds(3)) {
                last_print = now;
                std::printf("hashing %.1f%% (%s of %s), %s\n", fraction * 100,
                            format_bytes(p.bytes_hashed).c_str(),
                            format_bytes(p.total_bytes).c_str(), format_rate(rate).c_str());
                std::fflush(stdout);
            }
        },
        &ledger_failed);
    if (tty) std::printf("\r\x1b[K");
    auto& opened = opening.get();
    if (!opened)
        return fail(runtime_error(opened.error().message +
                                  " (or pass --no-ledger to create without recording)"));
    if (!created) return fail(created.error());
    const auto ledger = std::move(*opened);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (auto r = write_file_atomic(output, created->metainfo); !r)
        return fail(bad_input(r.error().message));
    std::printf("created %s (%s) in %.2f s\n", output.string().c_str(), format_name(create.format),
                secs);
    std::printf("  name:       %s\n", created->name.c_str());
    std::printf("  files:      %zu, %s\n", created->files.size(),
                format_bytes(created->total_size).c_str());
    std::printf("  pieces:     %d of %s\n", created->num_pieces,
                format_bytes(created->piece_size).c_str());
    if (!created->info_hash_v1.empty())
        std::printf("  info-hash:  %s (v1)\n", created->info_hash_v1.c_str());
    if (!created->info_hash_v2.empty())
        std::printf("  info-hash:  %s (v2)\n", created->info_hash_v2.c_str());
    std::printf("  magnet:     %s\n", created->magnet_uri.c_str());
    if (ledger) {
        const auto entry = recorder::created_entry(*created, unix_now());
        auto head = ledger->append(std::span(&entry, 1));
        if (!head)
            return fail(
                runtime_error("created " + output.string() +
                              " but could not record it in the ledger: " + head.error().message));
        const bool roots = std::any_of(created->files.begin(), created->files.end(),
                                       [](const auto& f) { return !f.pieces_root.empty(); });
        std::printf("  ledger:     entry #%llu%s\n",
                    static_cast<unsigned long long>(head->tree_size - 1),
                    roots || created->total_size == 0
                        ? ""
                        : " (the files' BEP 52 roots are recorded once Shoal seeds it)");
    }
    return kExitOk;
}

}  // namespace shoal::cli
