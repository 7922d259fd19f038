#include "watch_folder.h"
#include "webui_assets.h"

#include <shoal/api/http_server.h>
#include <shoal/api/qbt_api.h>
#include <shoal/api/torrent_labels.h>
#include <shoal/api/torrent_mirror.h>
#include <shoal/api/transmission_rpc.h>
#include <shoal/api/web_auth.h>
#include <shoal/common/profile_lock.h>
#include <shoal/daemon/daemon.h>
#include <shoal/engine/engine.h>
#include <shoal/ledger/ledger.h>
#include <shoal/recorder/ledger_recorder.h>
#include <shoal/recorder/profile_recording.h>

#include <boost/asio/ip/address.hpp>

namespace shoal::daemon {
namespace {

using api::HttpRequest;
using api::HttpResponse;

bool is_loopback(const std::string& address) {
    boost::system::error_code ec;
    const auto a = boost::asio::ip::make_address(address, ec);
    return !ec && a.is_loopback();
}

std::string event_line(const engine::EngineEvent& e) {
    using K = engine::EngineEvent::Kind;
    const std::string id = e.torrent ? " " + e.torrent->hex() : std::string();
    switch (e.kind) {
        case K::torrent_added:
            return "added" + id + " " + e.message;
        case K::torrent_restored:
            return "restored" + id + " " + e.message;
        case K::torrent_removed:
            return "removed" + id;
        case K::metadata_received:
            return "metadata received" + id;
        case K::torrent_finished:
            return "completed" + id + " " + e.message;
        case K::torrent_checked:
            return "checked" + id;
        case K::torrent_error:
            return "error" + id + ": " + e.message;
        case K::file_error:
            return "file error" + id + ": " + e.message;
        case K::tracker_error:
            return "tracker" + id + ": " + e.message;
        case K::storage_moved:
            return "moved" + id + " to " + e.message;
        case K::storage_move_failed:
            return "move failed" + id + ": " + e.message;
        case K::seeding_limit_reached:
            return "seeding limit reached" + id + ": " + e.message;
        case K::listen_succeeded:
            return "listening for peers on " + e.message;
        case K::listen_failed:
            return "cannot listen for peers: " + e.message;
        case K::resume_save_failed:
            return "cannot save state: " + e.message;
        case K::session_ready:
            return "session ready";
        case K::session_stopped:
            return "session stopped";
    }
    return "event";
}

}  // namespace

class Daemon::Impl {
  public:
    explicit Impl(ProfileLock l) : lock(std::move(l)) {}

    void route(HttpRequest req, api::Respond respond) {
        if (req.path.starts_with("/api/v2/"))
            return qbt->handle(std::move(req), std::move(respond));
        if (req.path == "/transmission/rpc" || req.path == "/transmission/rpc/")
            return rpc->handle(std::move(req), std::move(respond));
        if (req.method != "GET" && req.method != "HEAD")
            return respond(HttpResponse::text(405, "Method Not Allowed\n"));
        const std::string path = req.path == "/" || req.path == "/transmission/web/"
                                     ? std::string("/index.html")
                                     : req.path;
        for (const auto& asset : webui_assets()) {
            if (asset.path != path) continue;
            HttpResponse r;
            r.content_type = std::string(asset.content_type);
            r.body = std::string(asset.body);
            r.headers.emplace_back("Cache-Control", "no-cache");
            r.headers.emplace_back("X-Frame-Options", "SAMEORIGIN");
            r.headers.emplace_back("X-Content-Type-Options", "nosniff");
            r.headers.emplace_back("Content-Security-Policy",
                                   "default-src 'self'; style-src 'self'; script-src 'self'");
            return respond(std::move(r));
        }
        respond(HttpResponse::text(404, "Not Found\n"));
    }

    ProfileLock lock;
    std::function<void(const std::string&)> log;
    std::unique_ptr<ledger::Ledger> ledger;
    std::unique_ptr<engine::Engine> engine;
    std::unique_ptr<recorder::LedgerRecorder> recorder;
    std::unique_ptr<api::TorrentMirror> mirror;
    std::unique_ptr<api::TorrentLabels> labels;
    std::unique_ptr<api::WebAuth> auth;
    std::unique_ptr<api::ApiContext> context;
    std::unique_ptr<api::QbtApi> qbt;
    std::unique_ptr<api::TransmissionRpc> rpc;
    std::unique_ptr<api::HttpServer> http;
    std::unique_ptr<WatchFolder> watch;
    std::string url;
    bool stopped = false;
};

Result<std::unique_ptr<Daemon>> Daemon::start(DaemonOptions o) {
    auto lock = ProfileLock::acquire(o.profile_dir);
    if (!lock) return lock.error();
    auto d = std::make_unique<Impl>(std::move(*lock));
    d->log = o.log ? o.log : [](const std::string&) {};

    auto auth = api::WebAuth::open(o.profile_dir / "webui.json");
    if (!auth) return auth.error();
    d->auth = std::move(*auth);
    if (!d->auth->has_password()) {
        if (!is_loopback(o.webui_address))
            return bad_input("the web UI would listen on " + o.webui_address +
                             " without a password: set one first with 'shoal daemon "
                             "--set-webui-password'");
        const std::string password = api::random_password();
        if (auto r = d->auth->set_password("admin", password); !r) return r.error();
        d->log("web UI user 'admin', password '" + password + "' (shown once; stored hashed in " +
               (o.profile_dir / "webui.json").string() +
               "; change it with 'shoal daemon --set-webui-password')");
    }
    auto labels = api::TorrentLabels::open(o.profile_dir / "labels.json");
    if (!labels) return labels.error();
    d->labels = std::move(*labels);

    engine::EngineConfig config;
    config.profile_dir = o.profile_dir;
    config.settings = o.settings;
    config.restore_torrents = true;
    d->engine = std::make_unique<engine::Engine>(config);
    if (o.record_ledger) {
        recorder::RecorderOptions ro;
        ro.on_error = [log = d->log](const std::string& m) { log("ledger: " + m); };
        auto recording = recorder::record_profile(*d->engine, o.profile_dir, std::move(ro));
        if (!recording) return recording.error();
        d->ledger = std::move(recording->ledger);
        d->recorder = std::move(recording->recorder);
    }
    d->mirror = std::make_unique<api::TorrentMirror>(*d->engine);
    d->engine->on_event([log = d->log](const engine::EngineEvent& e) { log(event_line(e)); });
    d->context.reset(new api::ApiContext{*d->engine, *d->mirror, *d->labels, *d->auth,
                                         o.webui_address, o.webui_port});
    d->qbt = std::make_unique<api::QbtApi>(*d->context);
    d->rpc = std::make_unique<api::TransmissionRpc>(*d->context);

    api::HttpServerOptions http;
    http.address = o.webui_address;
    http.port = o.webui_port;
    http.tls_certificate = o.tls_certificate;
    http.tls_key = o.tls_key;
    Impl* impl = d.get();
    d->http =
        std::make_unique<api::HttpServer>(http, [impl](HttpRequest req, api::Respond respond) {
            impl->route(std::move(req), std::move(respond));
        });
    d->engine->start();
    if (auto r = d->http->start(); !r) {
        // The engine calls the recorder and the mirror until it has stopped.
        d->engine->shutdown();
        if (d->recorder) d->recorder->stop();
        return r.error();
    }
    d->url = std::string(o.tls_certificate.empty() ? "http" : "https") + "://" +
             d->http->endpoint() + "/";
    d->context->listen_port =
        std::stoi(d->http->endpoint().substr(d->http->endpoint().rfind(':') + 1));
    d->log("web UI and APIs on " + d->url +
           " (qBittorrent /api/v2, Transmission /transmission/rpc)");
    d->watch = std::make_unique<WatchFolder>(
        *d->engine, o.watch_dir.empty() ? o.profile_dir / "watch" : o.watch_dir, d->log);
    return std::unique_ptr<Daemon>(new Daemon(std::move(d)));
}

Daemon::Daemon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Daemon::~Daemon() {
    stop();
}

std::string Daemon::webui_url() const {
    return impl_->url;
}

void Daemon::stop() {
    Impl& d = *impl_;
    if (d.stopped) return;
    d.stopped = true;
    d.watch.reset();
    d.http->stop();
    d.engine->shutdown();
    if (d.recorder) d.recorder->stop();
}

Result<void> set_webui_password(const std::filesystem::path& profile_dir, const std::string& user,
                                const std::string& password) {
    std::error_code ec;
    std::filesystem::create_directories(profile_dir, ec);
    auto auth = api::WebAuth::open(profile_dir / "webui.json");
    if (!auth) return auth.error();
    return (*auth)->set_password(user, password);
}

}  // namespace shoal::daemon
