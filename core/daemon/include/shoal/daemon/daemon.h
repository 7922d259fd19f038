// Daemon: Shoal as a headless service: every torrent of the profile restored (fast
// resume) and served, .torrent/.magnet files from a watch folder, and remote control over
// HTTP (qBittorrent Web API v2, Transmission RPC, a web UI), with one log line per event.
#pragma once

#include <shoal/common/result.h>
#include <shoal/engine/settings.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace shoal::daemon {

struct DaemonOptions {
    std::filesystem::path profile_dir;
    engine::Settings settings;  // the profile's, with this run's overrides
    std::string webui_address = "127.0.0.1";
    int webui_port = 8080;            // 0: any free port
    std::filesystem::path watch_dir;  // empty: PROFILE/watch
    std::filesystem::path tls_certificate;
    std::filesystem::path tls_key;
    bool record_ledger = true;
    std::function<void(const std::string&)> log;  // one line per event
};

class Daemon {
  public:
    // Locks the profile, starts the engine and the HTTP server. On the first start a
    // random web UI password is made, logged once, and stored only as a hash.
    static Result<std::unique_ptr<Daemon>> start(DaemonOptions options);
    ~Daemon();  // stop()

    std::string webui_url() const;  // "http://127.0.0.1:8080/"
    // Stops taking requests, saves state and closes the engine (a few seconds at most).
    void stop();

    class Impl;

  private:
    explicit Daemon(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// `shoal daemon --set-webui-password`: stores a new password for `user`.
Result<void> set_webui_password(const std::filesystem::path& profile_dir, const std::string& user,
                                const std::string& password);

}  // namespace shoal::daemon
