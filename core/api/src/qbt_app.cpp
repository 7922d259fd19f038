// qBittorrent Web API: app/*, transfer/* and sync/maindata.
#include "json_input.h"
#include "json_text.h"
#include "qbt_call.h"
#include "qbt_json.h"

#include <boost/version.hpp>
#include <openssl/opensslv.h>

namespace shoal::api {
namespace {

using Call = std::shared_ptr<QbtCall>;

nlohmann::json server_state(const ApiContext& ctx) {
    const auto st = ctx.mirror.stats();
    const auto settings = ctx.engine.settings();
    const bool alt = settings.alt_rate_limits_enabled;
    return {
        {"dl_info_speed", st.download_rate},
        {"dl_info_data", st.downloaded_session},
        {"up_info_speed", st.upload_rate},
        {"up_info_data", st.uploaded_session},
        {"dl_rate_limit", alt ? settings.alt_download_rate_limit : settings.download_rate_limit},
        {"up_rate_limit", alt ? settings.alt_upload_rate_limit : settings.upload_rate_limit},
        {"dht_nodes", st.dht_nodes},
        {"connection_status", st.listen_endpoints.empty() ? "disconnected" : "connected"},
        {"use_alt_speed_limits", alt},
        {"queueing", settings.queueing_enabled},
        {"refresh_interval", 1500}};
}

nlohmann::json categories_json(const ApiContext& ctx) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [name, path] : ctx.labels.categories())
        j[name] = {{"name", name}, {"savePath", path}};
    return j;
}

void maindata(const Call& c) {
    std::uint64_t rid = 0;
    if (auto r = c->param("rid")) {
        try {
            rid = std::stoull(*r);
        } catch (const std::exception&) {
            return c->fail(400, "rid is not a number");
        }
    }
    // The response id combines the torrents' and the labels' versions, so a change of
    // either is seen; it is never 0, which asks for everything.
    const auto labels_version = c->ctx.labels.version();
    const auto delta =
        c->ctx.mirror.since(rid == 0 ? UINT64_MAX : (rid >> 20) - 1);  // past the end: full
    const bool labels_changed = (rid & 0xfffff) != (labels_version & 0xfffff);
    // Written row by row: a full update of 10,000 torrents is ~11 MB of text.
    JsonText j;
    j.begin_object();
    j.key("rid").value(((delta.rid + 1) << 20) | (labels_version & 0xfffff));
    j.key("full_update").value(delta.full);
    j.key("torrents").begin_object();
    for (const auto& s : delta.changed)
        j.key(s.id.hex()).value(qbt_torrent(s, c->ctx.labels));
    j.end();
    if (!delta.full && !delta.removed.empty()) {
        j.key("torrents_removed").begin_array();
        for (const auto& id : delta.removed)
            j.value(id.hex());
        j.end();
    }
    if (delta.full || labels_changed) {
        j.key("categories").value(categories_json(c->ctx));
        j.key("tags").value(c->ctx.labels.tags());
    }
    j.key("server_state").value(server_state(c->ctx));
    j.end();
    c->respond(HttpResponse::json(j.take()));
}

}  // namespace

void add_app_endpoints(QbtTable& t) {
    t["app/version"] = {Verb::read, [](const Call& c) { c->ok("v4.6.7"); }};
    t["app/webapiVersion"] = {Verb::read, [](const Call& c) { c->ok("2.9.3"); }};
    t["app/buildInfo"] = {Verb::read, [](const Call& c) {
                              c->json({{"qt", "none"},
                                       {"libtorrent", engine::libtorrent_version()},
                                       {"boost", BOOST_LIB_VERSION},
                                       {"openssl", OPENSSL_VERSION_TEXT},
                                       {"zlib", ""},
                                       {"bitness", 64},
                                       {"app", "Shoal 0.1.0"}});
                          }};
    t["app/defaultSavePath"] = {
        Verb::read, [](const Call& c) {
            const auto path = c->ctx.engine.settings().default_save_path;
            c->ok(path.empty()
                      ? std::string(std::getenv("HOME") ? std::getenv("HOME") : "") + "/Downloads"
                      : path);
        }};
    t["app/preferences"] = {
        Verb::read, [](const Call& c) {
            c->json(qbt_preferences(c->ctx.engine.settings(), c->ctx.listen_address,
                                    c->ctx.listen_port, c->ctx.auth.user()));
        }};
    t["app/setPreferences"] = {Verb::action, [](const Call& c) {
                                   const auto text = c->param("json");
                                   if (!text) return c->fail(400, "missing json");
                                   const auto j = parse_client_json(*text);
                                   if (j.is_discarded()) return c->fail(400, "json is not JSON");
                                   auto settings = c->ctx.engine.settings();
                                   if (auto r = apply_qbt_preferences(j, settings); !r)
                                       return c->fail(400, r.error().message);
                                   c->ctx.engine.apply_settings(settings, true);
                                   c->ok();
                               }};
    t["transfer/info"] = {Verb::read, [](const Call& c) { c->json(server_state(c->ctx)); }};
    t["transfer/speedLimitsMode"] = {
        Verb::read,
        [](const Call& c) { c->ok(c->ctx.engine.settings().alt_rate_limits_enabled ? "1" : "0"); }};
    t["transfer/toggleSpeedLimitsMode"] = {Verb::action, [](const Call& c) {
                                               auto s = c->ctx.engine.settings();
                                               s.alt_rate_limits_enabled =
                                                   !s.alt_rate_limits_enabled;
                                               c->ctx.engine.apply_settings(s, true);
                                               c->ok();
                                           }};
    t["sync/maindata"] = {Verb::read, maindata};
}

}  // namespace shoal::api
