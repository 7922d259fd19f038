// `shoal daemon`: the headless service until SIGTERM/SIGINT; `--set-webui-password` reads
// a new web UI password from stdin and exits.
#include "commands.h"
#include "exit_codes.h"
#include "terminal.h"

#include <shoal/common/free_memory.h>
#include <shoal/common/profile_lock.h>
#include <shoal/daemon/daemon.h>
#include <shoal/engine/settings.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>

namespace shoal::cli {

int run_daemon(const DaemonCommandOptions& o) {
    const auto profile = o.session.profile.empty() ? default_profile_dir() : o.session.profile;
    if (o.set_password) {
        std::string password;
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
        if (auto r = daemon::set_webui_password(profile, o.webui_user, password); !r)
            return fail(r.error());
        std::printf("web UI password set for '%s'\n", o.webui_user.c_str());
        return kExitOk;
    }
    limit_retained_memory();
    std::error_code ec;
    std::filesystem::create_directories(profile, ec);
    auto settings = engine::load_profile_settings(profile);
    if (!settings) return fail(settings.error());
    auto overridden = with_session_options(*settings, o.session);
    if (!overridden) return fail(overridden.error());

    daemon::DaemonOptions d;
    d.profile_dir = profile;
    d.settings = *overridden;
    d.webui_address = o.webui_address;
    d.webui_port = o.webui_port;
    d.watch_dir = o.watch_dir;
    d.tls_certificate = o.tls_certificate;
    d.tls_key = o.tls_key;
    d.record_ledger = !o.session.no_ledger;
    // One line per event on stderr, as journald wants them (it adds the time itself).
    auto mutex = std::make_shared<std::mutex>();
    d.log = [mutex](const std::string& line) {
        std::lock_guard lock(*mutex);
        std::fprintf(stderr, "shoal: %s\n", line.c_str());
        std::fflush(stderr);
    };
    auto running = daemon::Daemon::start(std::move(d));
    if (!running) return fail(running.error());
    while (wait_for_stop_signal(std::chrono::seconds(3600)) == 0) {
    }
    std::fprintf(stderr, "shoal: stopping\n");
    (*running)->stop();
    return kExitOk;
}

}  // namespace shoal::cli
