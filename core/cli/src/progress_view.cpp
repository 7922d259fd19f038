#include "progress_view.h"

#include "terminal.h"

#include <shoal/common/format.h>

#include <algorithm>
#include <cstdio>

namespace shoal::cli {

std::string progress_bar(double fraction, int width) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    const int filled = static_cast<int>(fraction * width + 1e-9);
    return "[" + std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(width - filled), '.') + "]";
}

namespace {

std::string percent(const engine::TorrentSnapshot& s) {
    char pct[16];
    std::snprintf(pct, sizeof pct, "%5.1f%%", s.progress * 100.0);
    return pct;
}

bool done(const engine::TorrentSnapshot& s) {
    return s.state == engine::TorrentState::seeding || s.state == engine::TorrentState::finished;
}

std::string tail_figures(const engine::TorrentSnapshot& s) {
    std::string line = "peers " + std::to_string(s.peers) + " seeds " + std::to_string(s.seeds);
    if (!done(s)) {
        line += "  ETA " + format_duration(s.eta);
    } else if (s.uploaded_total > 0) {
        char ratio[32];
        std::snprintf(ratio, sizeof ratio, "  ratio %.2f", s.ratio);
        line += ratio;
    }
    return line;
}

}  // namespace

std::string status_line(const engine::TorrentSnapshot& s) {
    std::string line = s.name + ": " + display_state(s) + " " + percent(s);
    if (s.has_metadata)
        line += " (" + format_bytes(s.wanted_done) + " of " + format_bytes(s.wanted_size) + ")";
    line += ", down " + format_rate(s.download_rate) + ", up " + format_rate(s.upload_rate) + ", " +
            tail_figures(s);
    return line;
}

std::string terminal_line(const engine::TorrentSnapshot& s, int width) {
    std::string state = display_state(s);
    state.resize(std::max<std::size_t>(state.size(), 11), ' ');
    const std::string rates =
        "  DL " + format_rate(s.download_rate) + "  UL " + format_rate(s.upload_rate) + "  ";
    const std::string tail = tail_figures(s) + "  ";
    const int fixed = static_cast<int>(state.size() + 1 + 6 + 1 + rates.size() + tail.size());
    const int bar = std::clamp(width - fixed - 1, 8, 30);
    std::string line =
        state + " " + percent(s) + " " + progress_bar(s.progress, bar - 2) + rates + tail + s.name;
    if (static_cast<int>(line.size()) >= width)
        line.resize(static_cast<std::size_t>(std::max(width - 1, 1)));
    return line;
}

ProgressView::ProgressView(bool terminal, std::chrono::milliseconds plain_interval)
    : terminal_(terminal), interval_(plain_interval) {}

void ProgressView::clear_lines() {
    for (int i = 0; i < drawn_lines_; ++i)
        std::fputs(i == 0 ? "\r\x1b[K" : "\x1b[1A\r\x1b[K", stdout);
    drawn_lines_ = 0;
}

void ProgressView::show(const std::vector<engine::TorrentSnapshot>& torrents) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::string> states;
    for (const auto& t : torrents)
        states.push_back(display_state(t));
    const bool state_changed = states != last_states_;
    if (terminal_) {
        if (!state_changed && now - last_draw_ < std::chrono::milliseconds(200)) return;
        const int width = terminal_width();
        clear_lines();
        for (std::size_t i = 0; i < torrents.size(); ++i) {
            std::fputs(terminal_line(torrents[i], width).c_str(), stdout);
            if (i + 1 < torrents.size()) std::fputc('\n', stdout);
            ++drawn_lines_;
        }
    } else {
        if (!state_changed && now - last_draw_ < interval_) return;
        for (const auto& t : torrents)
            std::printf("%s\n", status_line(t).c_str());
    }
    std::fflush(stdout);
    last_draw_ = now;
    last_states_ = std::move(states);
}

void ProgressView::message(const std::string& text, bool error) {
    if (terminal_) clear_lines();
    std::fflush(stdout);
    std::fprintf(error ? stderr : stdout, "%s\n", text.c_str());
    std::fflush(error ? stderr : stdout);
    last_draw_ = {};  // redraw the bar below the message
}

void ProgressView::finish() {
    if (terminal_ && drawn_lines_ > 0) std::fputc('\n', stdout);
    drawn_lines_ = 0;
    std::fflush(stdout);
}

}  // namespace shoal::cli
