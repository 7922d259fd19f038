// TransferLoop: the main loop of `get` and `seed`: shows progress, reports engine events,
// keeps dialing --peer addresses while nobody is connected, and stops on a stop signal,
// a torrent error, or when the caller's condition holds (internal).
#pragma once

#include "cli_session.h"
#include "progress_view.h"

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace shoal::cli {

class TransferLoop {
  public:
    enum class Outcome { done, interrupted, failed };

    TransferLoop(CliSession& session, ProgressView& view, std::vector<std::string> peers);

    void track(const engine::TorrentId& id) { ids_.push_back(id); }
    Outcome run(const std::function<bool(const std::vector<engine::TorrentSnapshot>&)>& done);

    std::vector<engine::TorrentSnapshot> snapshots() const;
    const Error& error() const { return *error_; }
    bool limit_reached(const engine::TorrentId& id) const { return limits_reached_.count(id) != 0; }

  private:
    void handle_events();
    void redial_peers(const std::vector<engine::TorrentSnapshot>& snaps);

    CliSession& session_;
    ProgressView& view_;
    std::vector<std::string> peers_;
    std::vector<engine::TorrentId> ids_;
    std::optional<Error> error_;
    std::set<engine::TorrentId> limits_reached_;
    std::set<std::string> warned_;
    std::chrono::steady_clock::time_point last_dial_{};
};

}  // namespace shoal::cli
