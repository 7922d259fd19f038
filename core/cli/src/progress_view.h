// ProgressView: how a running job shows itself: a live bar redrawn in place on a
// terminal, or a plain status line every few seconds when the output is a file or pipe
// (internal).
#pragma once

#include <shoal/engine/torrent_snapshot.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace shoal::cli {

// "[#########...........]" of `width` characters for a 0..1 fraction.
std::string progress_bar(double fraction, int width);

// A plain status line: name, state, percent and sizes, rates, peers, ETA.
std::string status_line(const engine::TorrentSnapshot& s);
// A terminal status line that fits `width` columns: the bar takes what is left, and the
// name comes last so that a narrow terminal cuts the name, not the figures.
std::string terminal_line(const engine::TorrentSnapshot& s, int width);

class ProgressView {
  public:
    ProgressView(bool terminal, std::chrono::milliseconds plain_interval = std::chrono::seconds(3));

    // Shows the given torrents; on a terminal redraws at most every 200 ms, otherwise
    // prints plain lines every `plain_interval` (and at once when the state changes).
    void show(const std::vector<engine::TorrentSnapshot>& torrents);
    // Prints a message above the bar (or as a plain line).
    void message(const std::string& text, bool error = false);
    // Leaves the terminal clean before the final summary.
    void finish();

  private:
    void clear_lines();

    bool terminal_;
    std::chrono::milliseconds interval_;
    std::chrono::steady_clock::time_point last_draw_{};
    std::vector<std::string> last_states_;
    int drawn_lines_ = 0;
};

}  // namespace shoal::cli
