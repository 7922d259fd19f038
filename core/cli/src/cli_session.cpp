#include "cli_session.h"

#include "terminal.h"

#include <shoal/common/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <future>

namespace shoal::cli {
namespace {

Result<int> parse_rate(const std::string& text, const char* option) {
    if (text.empty()) return 0;
    auto v = parse_size(text);
    if (!v || *v > 2000000000)
        return bad_input(std::string("cannot use ") + option + " '" + text +
                         "': expected a rate such as 500K or 10M");
    return static_cast<int>(*v);
}

}  // namespace

Result<engine::Settings> with_session_options(engine::Settings s, const SessionOptions& o) {
    if (o.loopback) {
        s.listen_interfaces = "127.0.0.1";
        s.enable_upnp = s.enable_natpmp = s.enable_lsd = false;
        s.dht_bootstrap_nodes.clear();
        s.dht_allow_local_nodes = true;
        s.allow_multiple_connections_per_ip = true;
    }
    if (o.port) s.listen_port = *o.port;
    if (o.no_dht) s.enable_dht = false;
    if (!o.dht_bootstrap.empty()) {
        s.dht_bootstrap_nodes.clear();
        for (const auto& n : o.dht_bootstrap)
            s.dht_bootstrap_nodes += (s.dht_bootstrap_nodes.empty() ? "" : ",") + n;
    }
    for (const auto& kv : o.settings) {
        auto eq = kv.find('=');
        if (eq == std::string::npos)
            return bad_input("cannot use --set '" + kv + "': expected NAME=VALUE");
        if (auto r = engine::set_setting(s, kv.substr(0, eq), kv.substr(eq + 1)); !r)
            return r.error();
    }
    return s;
}

Result<std::unique_ptr<CliSession>> CliSession::open(const SessionOptions& o) {
    const auto profile = o.profile.empty() ? default_profile_dir() : o.profile;
    auto lock = ProfileLock::acquire(profile);
    if (!lock) return lock.error();
    auto settings = engine::load_profile_settings(profile);
    if (!settings) return settings.error();

    auto overridden = with_session_options(*settings, o);
    if (!overridden) return overridden.error();
    const engine::Settings& s = *overridden;
    auto down = parse_rate(o.max_down, "--max-down");
    if (!down) return down.error();
    auto up = parse_rate(o.max_up, "--max-up");
    if (!up) return up.error();

    std::unique_ptr<CliSession> session(new CliSession(std::move(*lock)));
    session->max_down_ = *down;
    session->max_up_ = *up;
    engine::EngineConfig config;
    config.profile_dir = profile;
    config.settings = s;
    config.restore_torrents = false;
    config.update_interval = std::chrono::milliseconds(500);
    session->engine_ = std::make_unique<engine::Engine>(config);
    session->monitor_ = std::make_unique<JobMonitor>(*session->engine_, wake_main_loop);
    if (!o.no_ledger) session->engine_->hash_v1_roots();
    // The session comes up on the engine's thread while the ledger opens here (making a new
    // one and the node's key takes ~10 ms); the recorder subscribes before anything is added.
    session->engine_->start();
    if (!o.no_ledger) {
        recorder::RecorderOptions ro;
        ro.root_threads = o.root_threads;
        ro.on_error = [](const std::string& msg) {
            std::fprintf(stderr, "shoal: warning: ledger: %s\n", msg.c_str());
        };
        auto recording = recorder::record_profile(*session->engine_, profile, std::move(ro));
        if (!recording) {
            session->close();
            return runtime_error(recording.error().message +
                                 " (or pass --no-ledger to run without recording)");
        }
        session->ledger_ = std::move(recording->ledger);
        session->recorder_ = std::move(recording->recorder);
    }
    if (auto r = session->wait_for_listen(s, o.port.has_value()); !r) {
        session->close();
        return r.error();
    }
    return session;
}

Result<void> CliSession::wait_for_listen(const engine::Settings& s, bool port_was_chosen) {
    std::size_t interfaces = 1;
    for (char c : s.listen_interfaces)
        interfaces += c == ',';
    std::vector<std::string> ok;
    std::vector<std::string> failed;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    bool ready = false;
    int stop_signal = 0;
    for (auto now = std::chrono::steady_clock::now();
         now < deadline && (!ready || ok.size() + failed.size() < interfaces);
         now = std::chrono::steady_clock::now()) {
        for (auto& e : monitor_->take_events()) {
            using K = engine::EngineEvent::Kind;
            if (e.kind == K::listen_succeeded)
                ok.push_back(e.message);
            else if (e.kind == K::listen_failed) {
                if (e.message.find("(TCP)") != std::string::npos) failed.push_back(e.message);
            } else if (e.kind == K::session_ready)
                ready = true;
        }
        if (ready && ok.size() + failed.size() >= interfaces) break;
        // Woken by the engine's news (the monitor's wake), or at the deadline.
        stop_signal = wait_for_stop_signal(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
            std::chrono::milliseconds(1));
        if (stop_signal) break;
    }
    // A Ctrl-C during start-up is left for the command's main loop, which stops in order.
    if (stop_signal) ::raise(stop_signal);
    if (ok.empty() && !failed.empty()) return bad_input(failed.front());
    for (const auto& f : failed) {
        // A chosen port that another program holds is an error, not a warning.
        if (port_was_chosen && f.find("in use") != std::string::npos) return bad_input(f);
        std::fprintf(stderr, "shoal: warning: %s\n", f.c_str());
    }
    for (const auto& ep : ok)
        std::printf("listening on %s\n", ep.c_str());
    std::fflush(stdout);
    return {};
}

void CliSession::forget(const engine::TorrentId& id) {
    auto done = std::make_shared<std::promise<void>>();
    auto future = done->get_future();
    engine_->remove(id, engine::RemoveMode::keep_data, [done](Result<void>) { done->set_value(); });
    future.wait_for(std::chrono::seconds(5));
}

Result<void> CliSession::record(const ledger::LedgerEntry& entry) {
    if (!ledger_) return {};
    auto head = ledger_->append(std::span(&entry, 1));
    if (!head) return head.error();
    return {};
}

bool CliSession::finish_ledger_roots() {
    if (!recorder_) return true;
    recorder_->flush(false);  // `completed` entries first, so that roots have their job queued
    if (recorder_->pending_root_jobs() == 0) return true;
    const bool tty = stdout_is_terminal();
    std::printf("recording the BEP 52 roots of the files in the ledger (Ctrl-C skips)\n");
    std::fflush(stdout);
    auto drawn = std::chrono::steady_clock::now();
    while (recorder_->pending_root_jobs() > 0) {
        if (wait_for_stop_signal(std::chrono::milliseconds(10)) != 0) {
            std::printf("%sroots not recorded\n", tty ? "\r\x1b[K" : "");
            return false;
        }
        const auto now = std::chrono::steady_clock::now();
        if (tty && now - drawn >= std::chrono::milliseconds(200)) {
            drawn = now;
            auto [done, total] = recorder_->root_job_progress();
            std::printf("\rhashing %s / %s", format_bytes(done).c_str(),
                        format_bytes(total).c_str());
            std::fflush(stdout);
        }
    }
    if (tty) std::printf("\r\x1b[K");
    recorder_->flush(true);
    return true;
}

void CliSession::close() {
    if (closed_) return;
    closed_ = true;
    engine_->shutdown(std::chrono::seconds(5));
    // After the engine's last word: final counters, then the recorder stops.
    if (recorder_) recorder_->stop();
}

CliSession::~CliSession() {
    close();
}

}  // namespace shoal::cli
