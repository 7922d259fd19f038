// `shoal seed PATH|TORRENT...`: check existing data and seed it until stopped.
#include "commands.h"
#include "exit_codes.h"
#include "terminal.h"
#include "transfer_loop.h"

#include <shoal/common/atomic_file.h>
#include <shoal/common/clock.h>
#include <shoal/common/format.h>
#include <shoal/engine/metainfo.h>
#include <shoal/recorder/created_entry.h>

#include <cstdio>
#include <future>
#include <optional>

namespace shoal::cli {
namespace {

using engine::TorrentSnapshot;
using engine::TorrentState;

struct Prepared {
    engine::AddRequest request;
    std::string magnet;
    std::optional<ledger::LedgerEntry> created;  // for a torrent made here from a data path
};

bool looks_like_torrent_file(const std::string& input) {
    return input.size() > 8 && input.ends_with(".torrent");
}

// A data path gets a torrent made on the spot; its hashes were just read from the data,
// so the engine can start seeding without checking it again.
Result<Prepared> prepare(const std::string& input, const SeedOptions& o,
                         const std::filesystem::path& data_dir) {
    Prepared p;
    if (engine::is_magnet_uri(input) || engine::is_http_url(input))
        return bad_input("cannot seed '" + input.substr(0, 60) +
                         "': seeding needs the data; give its .torrent file or its path");
    if (looks_like_torrent_file(input)) {
        auto bytes = read_file(input);
        if (!bytes) return bytes.error();
        auto meta = engine::parse_metainfo(*bytes, input);
        if (!meta) return meta.error();
        p.magnet = meta->magnet_uri;
        p.request.source = engine::MetainfoSource{std::move(*bytes), input};
        p.request.save_path = data_dir;
        return p;
    }
    hashing::CreateOptions create;
    create.source = input;
    create.format = o.format;
    // v1 roots are for the ledger only; data in memory gets them after seeding starts.
    create.file_roots =
        o.session.no_ledger ? hashing::FileRoots::never : hashing::FileRoots::unless_cached;
    const bool tty = stdout_is_terminal();
    auto created = hashing::create_torrent(create, [&](const hashing::CreateProgress& pr) {
        if (!tty || pr.total_bytes == 0) return;
        std::printf(
            "\rhashing %s %s", input.c_str(),
            progress_bar(static_cast<double>(pr.bytes_hashed) / static_cast<double>(pr.total_bytes),
                         30)
                .c_str());
        std::fflush(stdout);
    });
    if (tty) std::printf("\r\x1b[K");
    if (!created) return created.error();
    p.magnet = created->magnet_uri;
    p.created = recorder::created_entry(*created, unix_now());
    p.request.source = engine::MetainfoSource{std::move(created->metainfo), input};
    std::error_code ec;
    p.request.save_path = std::filesystem::absolute(input, ec).lexically_normal().parent_path();
    p.request.skip_checking = true;
    return p;
}

}  // namespace

int run_seed(const SeedOptions& o) {
    if (o.inputs.empty())
        return fail(bad_input("nothing to seed: give .torrent files or data paths"));
    std::error_code ec;
    const auto data_dir = std::filesystem::absolute(
        o.data_dir.empty() ? std::filesystem::current_path(ec) : o.data_dir, ec);

    std::vector<Prepared> prepared;
    for (const auto& input : o.inputs) {
        auto p = prepare(input, o, data_dir);
        if (!p) return fail(p.error());
        prepared.push_back(std::move(*p));
    }

    auto session = CliSession::open(o.session);
    if (!session) return fail(session.error());
    CliSession& s = **session;
    ProgressView view(stdout_is_terminal());
    TransferLoop loop(s, view, o.peers);
    for (auto& p : prepared) {
        if (p.created) {
            if (auto r = s.record(*p.created); !r) return fail(r.error());
        }
        p.request.peers = o.peers;
        p.request.upload_limit = s.max_up();
        p.request.download_limit = s.max_down();
        p.request.ratio_limit = o.ratio >= 0 ? o.ratio : engine::kNoLimit;
        p.request.seeding_time_limit = o.seed_time >= 0 ? o.seed_time : engine::kNoLimit;
        std::promise<Result<engine::TorrentId>> promise;
        auto future = promise.get_future();
        s.engine().add(std::move(p.request), [&promise](Result<engine::TorrentId> r) {
            promise.set_value(std::move(r));
        });
        auto added = future.get();
        if (!added) return fail(added.error());
        loop.track(*added);
        view.message("magnet: " + p.magnet);
    }

    // Report each torrent once its data is checked; stop when all reached their limits.
    std::set<engine::TorrentId> checked;
    std::optional<Error> missing;
    auto outcome = loop.run([&](const std::vector<TorrentSnapshot>& snaps) {
        bool all_limited = true;
        for (const auto& t : snaps) {
            const bool checking = t.state == TorrentState::checking_files ||
                                  t.state == TorrentState::checking_resume_data;
            if (!checking && t.has_metadata && checked.insert(t.id).second) {
                if (t.state == TorrentState::seeding) {
                    view.message("seeding " + t.name + " (" + format_bytes(t.total_size) +
                                 ") from " + t.save_path);
                } else if (t.total_done == 0) {
                    missing = bad_input("cannot seed '" + t.name + "': none of its data is in '" +
                                        t.save_path + "' (use -d DIR to say where it is)");
                    return true;
                } else {
                    char pct[16];
                    std::snprintf(pct, sizeof pct, "%.1f%%", t.progress * 100);
                    view.message("shoal: warning: only " + std::string(pct) + " of '" + t.name +
                                     "' is in '" + t.save_path +
                                     "'; seeding that and fetching the rest from peers",
                                 true);
                }
            }
            all_limited = all_limited && loop.limit_reached(t.id);
        }
        return all_limited;
    });
    view.finish();
    s.finish_ledger_roots();
    for (const auto& t : loop.snapshots())
        if (t.state == TorrentState::seeding) s.forget(t.id);
    s.close();
    if (missing) return fail(*missing);
    if (outcome == TransferLoop::Outcome::failed) return fail(loop.error());
    return kExitOk;
}

}  // namespace shoal::cli
