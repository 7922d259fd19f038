// `shoal get SOURCE`: download a torrent (magnet, URL or file), optionally keep seeding.
#include "commands.h"
#include "exit_codes.h"
#include "source_input.h"
#include "terminal.h"
#include "transfer_loop.h"

#include <shoal/common/format.h>
#include <shoal/common/free_memory.h>
#include <shoal/engine/metainfo.h>

#include <chrono>
#include <cstdio>
#include <future>

namespace shoal::cli {
namespace {

using engine::TorrentSnapshot;
using engine::TorrentState;

// Progress reaches 1 only once the engine has taken in the completion (the data flushed,
// the v1 roots hashed): the ledger's `completed` entry is then on its way.
bool complete(const TorrentSnapshot& s) {
    return s.has_metadata &&
           (s.state == TorrentState::finished || s.state == TorrentState::seeding) &&
           s.wanted_done >= s.wanted_size && s.progress >= 1.0;
}

// Waits for the engine's answer to an add, while still honouring Ctrl-C.
std::optional<Result<engine::TorrentId>> wait_for_add(std::future<Result<engine::TorrentId>>& f) {
    while (f.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready)
        if (wait_for_stop_signal(std::chrono::milliseconds(5)) != 0) return std::nullopt;
    return f.get();
}

}  // namespace

int run_get(const GetOptions& o) {
    auto source = read_source(o.source);
    if (!source) return fail(source.error());
    std::optional<std::vector<int>> selection;
    if (!o.select.empty()) {
        selection = engine::parse_index_list(o.select);
        if (!selection)
            return fail(bad_input("cannot use --select '" + o.select +
                                  "': expected indices such as 0,2,4-6"));
    }
    std::error_code ec;
    const auto output = std::filesystem::absolute(
        o.output.empty() ? std::filesystem::current_path(ec) : o.output, ec);
    const bool seed = o.seed || o.ratio >= 0 || o.seed_time >= 0;
    // A download that ends with the process (not one that goes on seeding for days).
    if (!seed) keep_freed_memory();

    SessionOptions session_options = o.session;
    // Without --seed the user waits for the v1 roots at the end: hash them on every core.
    if (!seed) session_options.root_threads = 0;
    auto session = CliSession::open(session_options);
    if (!session) return fail(session.error());
    CliSession& s = **session;

    engine::AddRequest request;
    request.source = std::move(*source);
    request.save_path = output;
    request.sequential = o.sequential;
    request.selected_files = selection;
    request.peers = o.peers;
    request.download_limit = s.max_down();
    request.upload_limit = s.max_up();
    request.ratio_limit = o.ratio >= 0 ? o.ratio : engine::kNoLimit;
    request.seeding_time_limit = o.seed_time >= 0 ? o.seed_time : engine::kNoLimit;
    std::promise<Result<engine::TorrentId>> promise;
    auto future = promise.get_future();
    s.engine().add(std::move(request),
                   [&promise](Result<engine::TorrentId> r) { promise.set_value(std::move(r)); });
    auto added = wait_for_add(future);
    if (!added) return kExitInterrupted;
    if (!*added) return fail(added->error());
    const engine::TorrentId id = added->value();

    ProgressView view(stdout_is_terminal());
    TransferLoop loop(s, view, o.peers);
    loop.track(id);
    const auto started = std::chrono::steady_clock::now();
    bool announced = false;
    double seconds_to_complete = 0;
    auto outcome = loop.run([&](const std::vector<TorrentSnapshot>& snaps) {
        const TorrentSnapshot& t = snaps.front();
        if (!complete(t)) return false;
        if (!announced) {
            announced = true;
            seconds_to_complete =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            view.message(t.name + ": complete, every piece verified (" +
                         format_bytes(t.wanted_size) + " in " + t.save_path + ")");
            if (seed) view.message("seeding; press Ctrl-C to stop");
        }
        return !seed || loop.limit_reached(t.id);
    });
    view.finish();
    auto last = loop.snapshots();
    if (announced) {
        s.finish_ledger_roots();
        s.forget(id);
    }
    s.close();

    if (outcome == TransferLoop::Outcome::failed) {
        std::fprintf(stderr, "shoal: %s (the data downloaded so far is kept)\n",
                     loop.error().message.c_str());
        return kExitFailure;
    }
    if (last.empty())
        return outcome == TransferLoop::Outcome::interrupted ? kExitInterrupted : kExitFailure;
    const TorrentSnapshot& t = last.front();
    char avg[64] = "";
    if (seconds_to_complete > 0)
        std::snprintf(
            avg, sizeof avg, " in %.1f s (%s)", seconds_to_complete,
            format_rate(static_cast<std::int64_t>(static_cast<double>(t.downloaded_session) /
                                                  seconds_to_complete))
                .c_str());
    std::printf("%s: downloaded %s (%lld bytes) this run%s, uploaded %s\n", t.name.c_str(),
                format_bytes(t.downloaded_session).c_str(),
                static_cast<long long>(t.downloaded_session), avg,
                format_bytes(t.uploaded_session).c_str());
    if (announced) return kExitOk;
    std::printf("%s: stopped at %.1f%%; progress is saved, run the same command to continue\n",
                t.name.c_str(), t.progress * 100);
    return kExitInterrupted;
}

}  // namespace shoal::cli
