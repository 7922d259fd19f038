#include "qbt_json.h"

#include <shoal/api/transmission_rpc.h>
#include <shoal/common/base64.h>
#include <shoal/common/clock.h>
#include <shoal/common/hex.h>
#include <shoal/engine/metainfo.h>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sys/statvfs.h>

namespace shoal::api {
namespace {

using engine::TorrentId;
using engine::TorrentSnapshot;
using engine::TorrentState;
using nlohmann::json;

// Every key in Shoal's snake_case, whatever style the client wrote it in.
std::string snake(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '-') {
            out.push_back('_');
        } else if (std::isupper(static_cast<unsigned char>(c))) {
            out.push_back('_');
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
            out.push_back(c);
        }
    }
    return out;
}

json normalized(const json& args) {
    json out = json::object();
    if (args.is_object())
        for (const auto& [k, v] : args.items())
            out[snake(k)] = v;
    return out;
}

int status_of(const TorrentSnapshot& s) {
    const bool complete = s.state == TorrentState::seeding || s.state == TorrentState::finished;
    if (s.state == TorrentState::checking_files) return 2;
    if (s.state == TorrentState::checking_resume_data) return 1;
    if (s.paused) return 0;
    if (s.queued) return complete ? 5 : 3;
    return complete ? 6 : 4;
}

// Session fields: Shoal's name and the name before Transmission 4.1.
const std::vector<std::pair<std::string, std::string>>& session_names() {
    static const std::vector<std::pair<std::string, std::string>> names = {
        {"alt_speed_down", "alt-speed-down"},
        {"alt_speed_enabled", "alt-speed-enabled"},
        {"alt_speed_up", "alt-speed-up"},
        {"config_dir", "config-dir"},
        {"dht_enabled", "dht-enabled"},
        {"download_dir", "download-dir"},
        {"download_queue_enabled", "download-queue-enabled"},
        {"download_queue_size", "download-queue-size"},
        {"encryption", "encryption"},
        {"idle_seeding_limit", "idle-seeding-limit"},
        {"idle_seeding_limit_enabled", "idle-seeding-limit-enabled"},
        {"lpd_enabled", "lpd-enabled"},
        {"peer_limit_global", "peer-limit-global"},
        {"peer_limit_per_torrent", "peer-limit-per-torrent"},
        {"peer_port", "peer-port"},
        {"pex_enabled", "pex-enabled"},
        {"port_forwarding_enabled", "port-forwarding-enabled"},
        {"rpc_version", "rpc-version"},
        {"rpc_version_minimum", "rpc-version-minimum"},
        {"rpc_version_semver", "rpc-version-semver"},
        {"seed_queue_enabled", "seed-queue-enabled"},
        {"seed_queue_size", "seed-queue-size"},
        {"seed_ratio_limit", "seedRatioLimit"},
        {"seed_ratio_limited", "seedRatioLimited"},
        {"session_id", "session-id"},
        {"speed_limit_down", "speed-limit-down"},
        {"speed_limit_down_enabled", "speed-limit-down-enabled"},
        {"speed_limit_up", "speed-limit-up"},
        {"speed_limit_up_enabled", "speed-limit-up-enabled"},
        {"start_added_torrents", "start-added-torrents"},
        {"units", "units"},
        {"version", "version"},
    };
    return names;
}

const std::set<std::string>& detail_fields() {
    static const std::set<std::string> f = {
        "files",   "file_stats", "priorities",   "wanted",   "trackers",   "tracker_stats", "peers",
        "comment", "creator",    "date_created", "webseeds", "file_count", "pieces"};
    return f;
}

}  // namespace

class TransmissionRpc::Impl {
  public:
    explicit Impl(ApiContext& c) : ctx(c) {
        std::uint8_t bytes[24];
        RAND_bytes(bytes, sizeof bytes);
        session_id = to_hex(std::span<const std::uint8_t>(bytes, sizeof bytes));
    }

    int number_of(const TorrentId& id) {
        std::lock_guard lock(mutex);
        auto [it, inserted] = numbers.emplace(id, next_number);
        if (inserted) {
            by_number[next_number] = id;
            ++next_number;
        }
        return it->second;
    }

    // The torrents `ids` names: absent = all; numbers, hashes, or "recently-active".
    std::vector<TorrentSnapshot> select(const json& args) {
        auto all = ctx.mirror.torrents();
        if (!args.contains("ids")) return all;
        const json& ids = args["ids"];
        if (ids.is_string() && ids.get<std::string>() == "recently-active") {
            std::vector<TorrentSnapshot> out;
            for (auto& s : all)
                if (s.download_rate > 0 || s.upload_rate > 0) out.push_back(std::move(s));
            return out;
        }
        std::vector<TorrentSnapshot> out;
        auto take = [&](const json& one) {
            if (one.is_number_integer()) {
                std::lock_guard lock(mutex);
                auto it = by_number.find(one.get<int>());
                if (it == by_number.end()) return;
                for (auto& s : all)
                    if (s.id == it->second) out.push_back(s);
            } else if (one.is_string()) {
                if (auto s = ctx.mirror.find_hash(one.get<std::string>())) out.push_back(*s);
            } else {
                throw std::invalid_argument("ids must be numbers or hashes");
            }
        };
        if (ids.is_array())
            for (const auto& one : ids)
                take(one);
        else
            take(ids);
        return out;
    }

    json torrent_field(const std::string& f, const TorrentSnapshot& s,
                       const engine::TorrentDetails* d) {
        const auto labels = ctx.labels.tags_of(s.id);
        if (f == "id") return number_of(s.id);
        if (f == "name") return s.name;
        if (f == "hash_string") return s.hashes.v1.empty() ? s.hashes.v2 : s.hashes.v1;
        if (f == "status") return status_of(s);
        if (f == "total_size") return s.total_size;
        if (f == "size_when_done") return s.wanted_size;
        if (f == "left_until_done") return std::max<std::int64_t>(0, s.wanted_size - s.wanted_done);
        if (f == "percent_done") return s.progress;
        if (f == "percent_complete")
            return s.total_size > 0
                       ? static_cast<double>(s.total_done) / static_cast<double>(s.total_size)
                       : 0.0;
        if (f == "metadata_percent_complete") return s.has_metadata ? 1.0 : 0.0;
        if (f == "rate_download") return s.download_rate;
        if (f == "rate_upload") return s.upload_rate;
        if (f == "eta") return s.eta ? *s.eta : -1;
        if (f == "eta_idle") return -1;
        if (f == "upload_ratio") return s.ratio;
        if (f == "error") return s.error.empty() ? 0 : 3;
        if (f == "error_string") return s.error;
        if (f == "download_dir") return s.save_path;
        if (f == "added_date") return s.added_time;
        if (f == "done_date") return s.completed_time;
        if (f == "start_date") return s.added_time;
        if (f == "activity_date")
            return s.download_rate > 0 || s.upload_rate > 0 ? unix_now() : s.added_time;
        if (f == "is_finished")
            return s.state == TorrentState::seeding || s.state == TorrentState::finished;
        if (f == "is_stalled") return s.download_rate == 0 && s.upload_rate == 0 && !s.paused;
        if (f == "is_private") return s.is_private;
        if (f == "peers_connected") return s.peers;
        if (f == "peers_sending_to_us") return s.seeds;
        if (f == "peers_getting_from_us") return s.peers - s.seeds;
        if (f == "webseeds_sending_to_us") return 0;
        if (f == "queue_position") return std::max(s.queue_position, 0);
        if (f == "downloaded_ever") return s.downloaded_total;
        if (f == "uploaded_ever") return s.uploaded_total;
        if (f == "corrupt_ever") return 0;
        if (f == "have_valid") return s.total_done;
        if (f == "have_unchecked") return 0;
        if (f == "desired_available")
            return std::max<std::int64_t>(0, s.wanted_size - s.wanted_done);
        if (f == "recheck_progress")
            return s.state == TorrentState::checking_files ? s.progress : 0.0;
        if (f == "piece_count") return s.num_pieces;
        if (f == "piece_size") return s.piece_size;
        if (f == "magnet_link") return magnet_of(s);
        if (f == "labels") return labels;
        if (f == "sequential_download") return s.sequential;
        if (f == "seed_ratio_limit") return s.ratio_limit >= 0 ? s.ratio_limit : 0.0;
        if (f == "seed_ratio_mode") return s.ratio_limit == -2 ? 0 : s.ratio_limit == -1 ? 2 : 1;
        if (f == "seed_idle_limit") return s.seeding_time_limit >= 0 ? s.seeding_time_limit : 0;
        if (f == "seed_idle_mode")
            return s.seeding_time_limit == -2 ? 0 : s.seeding_time_limit == -1 ? 2 : 1;
        if (f == "upload_limit") return s.upload_limit / 1000;
        if (f == "upload_limited") return s.upload_limit > 0;
        if (f == "download_limit") return s.download_limit / 1000;
        if (f == "download_limited") return s.download_limit > 0;
        if (f == "honors_session_limits") return true;
        if (f == "bandwidth_priority") return 0;
        if (f == "seconds_downloading") return s.active_seconds - s.seeding_seconds;
        if (f == "seconds_seeding") return s.seeding_seconds;
        if (f == "primary_mime_type") return "application/octet-stream";
        if (f == "trackers" || f == "tracker_stats") {
            json out = json::array();
            int i = 0;
            if (d)
                for (const auto& t : d->trackers) {
                    json one = {{"id", i++},
                                {"announce", t.url},
                                {"tier", t.tier},
                                {"scrape", ""},
                                {"sitename", ""}};
                    if (f == "tracker_stats") {
                        one["host"] = t.url;
                        one["lastAnnounceResult"] = t.message;
                        one["lastAnnounceSucceeded"] = t.status == "working";
                        one["seederCount"] = t.seeds;
                        one["leecherCount"] = t.peers;
                        one["downloadCount"] = t.downloaded;
                    }
                    out.push_back(std::move(one));
                }
            return out;
        }
        if (f == "files" || f == "file_stats" || f == "priorities" || f == "wanted") {
            json out = json::array();
            if (d)
                for (const auto& file : d->files) {
                    const int prio = file.priority == engine::FilePriority::high  ? 1
                                     : file.priority == engine::FilePriority::low ? -1
                                                                                  : 0;
                    const bool wanted = file.priority != engine::FilePriority::skip;
                    if (f == "files")
                        out.push_back({{"name", file.path},
                                       {"length", file.size},
                                       {"bytesCompleted", file.done}});
                    else if (f == "file_stats")
                        out.push_back({{"bytesCompleted", file.done},
                                       {"wanted", wanted},
                                       {"priority", prio}});
                    else if (f == "priorities")
                        out.push_back(prio);
                    else
                        out.push_back(wanted ? 1 : 0);
                }
            return out;
        }
        if (f == "file_count") return d ? d->files.size() : 0;
        if (f == "peers") {
            json out = json::array();
            if (d)
                for (const auto& p : d->peers) {
                    const auto colon = p.address.rfind(':');
                    out.push_back({{"address", p.address.substr(0, colon)},
                                   {"port", colon == std::string::npos
                                                ? 0
                                                : std::atoi(p.address.c_str() + colon + 1)},
                                   {"clientName", p.client},
                                   {"flagStr", p.flags},
                                   {"progress", p.progress},
                                   {"rateToClient", p.download_rate},
                                   {"rateToPeer", p.upload_rate},
                                   {"isUTP", p.connection == "uTP"}});
                }
            return out;
        }
        if (f == "comment") return d ? d->comment : "";
        if (f == "creator") return d ? d->creator : "";
        if (f == "date_created") return d ? d->creation_date : 0;
        if (f == "webseeds") return d ? json(d->web_seeds) : json::array();
        return nullptr;
    }

    void torrent_get(const json& args, const std::string& tag_json, bool snake_names,
                     const Respond& respond) {
        std::vector<std::string> fields;
        if (args.contains("fields"))
            for (const auto& f : args["fields"])
                fields.push_back(f.get<std::string>());
        const bool table = args.value("format", "objects") == "table";
        auto selected = select(args);
        bool need_details = false;
        for (const auto& f : fields)
            need_details = need_details || detail_fields().contains(snake(f));
        auto build = [this, fields, table, snake_names, tag_json, respond](
                         const std::vector<TorrentSnapshot>& torrents,
                         const std::vector<std::optional<engine::TorrentDetails>>& details) {
            json list = json::array();
            if (table) {
                json header = json::array();
                for (const auto& f : fields)
                    header.push_back(snake_names ? snake(f) : f);
                list.push_back(header);
            }
            for (std::size_t i = 0; i < torrents.size(); ++i) {
                const auto* d = details[i] ? &*details[i] : nullptr;
                if (table) {
                    json row = json::array();
                    for (const auto& f : fields)
                        row.push_back(torrent_field(snake(f), torrents[i], d));
                    list.push_back(std::move(row));
                } else {
                    json obj = json::object();
                    for (const auto& f : fields)
                        obj[snake_names ? snake(f) : f] = torrent_field(snake(f), torrents[i], d);
                    list.push_back(std::move(obj));
                }
            }
            respond(answer("success", {{"torrents", list}}, tag_json));
        };
        if (!need_details || selected.empty()) {
            build(selected, std::vector<std::optional<engine::TorrentDetails>>(selected.size()));
            return;
        }
        // One details request per torrent, answered when the last one is in.
        struct FanIn {
            std::vector<TorrentSnapshot> torrents;
            std::vector<std::optional<engine::TorrentDetails>> details;
            std::atomic<std::size_t> left;
            std::function<void(const std::vector<TorrentSnapshot>&,
                               const std::vector<std::optional<engine::TorrentDetails>>&)>
                done;
        };
        auto fan = std::make_shared<FanIn>();
        fan->torrents = std::move(selected);
        fan->details.resize(fan->torrents.size());
        fan->left = fan->torrents.size();
        fan->done = build;
        for (std::size_t i = 0; i < fan->torrents.size(); ++i) {
            ctx.engine.details(fan->torrents[i].id, {true, true, true, false},
                               [fan, i](Result<engine::TorrentDetails> d) {
                                   if (d) fan->details[i] = std::move(*d);
                                   if (--fan->left == 0) fan->done(fan->torrents, fan->details);
                               });
        }
    }

    static HttpResponse answer(const std::string& result, json args, const std::string& tag_json) {
        json j = {{"result", result}, {"arguments", std::move(args)}};
        if (!tag_json.empty()) j["tag"] = json::parse(tag_json);
        return HttpResponse::json(j.dump(-1, ' ', false, json::error_handler_t::replace));
    }

    json session_values() {
        const auto s = ctx.engine.settings();
        const auto stats = ctx.mirror.stats();
        const std::string enc = s.encryption == "forced"     ? "required"
                                : s.encryption == "disabled" ? "tolerated"
                                                             : "preferred";
        return {{"alt_speed_down", s.alt_download_rate_limit / 1000},
                {"alt_speed_enabled", s.alt_rate_limits_enabled},
                {"alt_speed_up", s.alt_upload_rate_limit / 1000},
                {"config_dir", ""},
                {"dht_enabled", s.enable_dht},
                {"download_dir",
                 s.default_save_path.empty()
                     ? std::string(std::getenv("HOME") ? std::getenv("HOME") : "") + "/Downloads"
                     : s.default_save_path},
                {"download_queue_enabled", s.queueing_enabled},
                {"download_queue_size", s.max_active_downloads},
                {"encryption", enc},
                {"idle_seeding_limit", std::max<std::int64_t>(s.seeding_time_limit, 0)},
                {"idle_seeding_limit_enabled", s.seeding_time_limit >= 0},
                {"lpd_enabled", s.enable_lsd},
                {"peer_limit_global", s.connections_limit},
                {"peer_limit_per_torrent", s.connections_per_torrent},
                {"peer_port", listen_port_of(stats)},
                {"pex_enabled", s.enable_pex},
                {"port_forwarding_enabled", s.enable_upnp || s.enable_natpmp},
                {"rpc_version", 17},
                {"rpc_version_minimum", 14},
                {"rpc_version_semver", "5.3.0"},
                {"seed_queue_enabled", s.queueing_enabled && s.max_active_seeds >= 0},
                {"seed_queue_size", std::max(s.max_active_seeds, 0)},
                {"seed_ratio_limit", std::max(s.share_ratio_limit, 0.0)},
                {"seed_ratio_limited", s.share_ratio_limit >= 0},
                {"session_id", session_id},
                {"speed_limit_down", s.download_rate_limit / 1000},
                {"speed_limit_down_enabled", s.download_rate_limit > 0},
                {"speed_limit_up", s.upload_rate_limit / 1000},
                {"speed_limit_up_enabled", s.upload_rate_limit > 0},
                {"start_added_torrents", true},
                {"units",
                 {{"speed-units", {"kB/s", "MB/s", "GB/s", "TB/s"}},
                  {"speed-bytes", 1000},
                  {"size-units", {"kB", "MB", "GB", "TB"}},
                  {"size-bytes", 1000},
                  {"memory-units", {"KiB", "MiB", "GiB", "TiB"}},
                  {"memory-bytes", 1024}}},
                {"version", "4.0.6 (Shoal 0.1.0)"}};
    }

    static int listen_port_of(const engine::SessionStats& stats) {
        for (const auto& e : stats.listen_endpoints) {
            const auto colon = e.rfind(':');
            if (colon != std::string::npos) return std::atoi(e.c_str() + colon + 1);
        }
        return 0;
    }

    ApiContext& ctx;
    std::string session_id;
    std::mutex mutex;
    std::map<TorrentId, int> numbers;
    std::map<int, TorrentId> by_number;
    int next_number = 1;
};

TransmissionRpc::TransmissionRpc(ApiContext& context) : impl_(std::make_unique<Impl>(context)) {}
TransmissionRpc::~TransmissionRpc() = default;

void TransmissionRpc::handle(HttpRequest req, Respond respond) {
    Impl& d = *impl_;
    switch (d.ctx.auth.check_basic(req.remote_ip, req.header("authorization").value_or(""))) {
        case WebAuth::Login::ok:
            break;
        case WebAuth::Login::banned:
            return respond(HttpResponse::text(403,
                                              "Your address is banned for a while after "
                                              "too many failed logins.\n"));
        case WebAuth::Login::wrong: {
            HttpResponse r = HttpResponse::text(401, "401: Unauthorized\n");
            r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"Transmission\"");
            return respond(std::move(r));
        }
    }
    if (req.header("x-transmission-session-id").value_or("") != d.session_id) {
        HttpResponse r = HttpResponse::text(
            409, "<h1>409: Conflict</h1><p>Your request had an invalid session-id header.</p>");
        r.content_type = "text/html; charset=UTF-8";
        r.headers.emplace_back("X-Transmission-Session-Id", d.session_id);
        return respond(std::move(r));
    }
    if (req.method != "POST") {
        HttpResponse r = HttpResponse::text(405, "Method Not Allowed\n");
        r.headers.emplace_back("Allow", "POST");
        return respond(std::move(r));
    }
    const json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("method") ||
        !body["method"].is_string())
        return respond(
            HttpResponse::text(400, "the request is not a JSON-RPC object with a method\n"));
    const std::string tag = body.contains("tag") ? body["tag"].dump() : std::string();
    std::string method = body["method"].get<std::string>();
    const bool snake_names = method.find('_') != std::string::npos;
    for (char& c : method)
        if (c == '_') c = '-';
    const json args = normalized(body.value("arguments", json::object()));
    auto reply = [&](const std::string& result, json out = json::object()) {
        respond(Impl::answer(result, std::move(out), tag));
    };
    try {
        if (method == "session-get") {
            json all = d.session_values();
            json out = json::object();
            std::set<std::string> wanted;
            if (args.contains("fields"))
                for (const auto& f : args["fields"])
                    wanted.insert(snake(f.get<std::string>()));
            for (const auto& [name, legacy] : session_names())
                if (wanted.empty() || wanted.contains(name))
                    out[snake_names ? name : legacy] = all[name];
            return reply("success", out);
        }
        if (method == "session-set") {
            auto s = d.ctx.engine.settings();
            auto kb = [&](const char* key, std::int64_t& target) {
                if (args.contains(key)) target = args[key].get<std::int64_t>() * 1000;
            };
            std::int64_t down = s.download_rate_limit, up = s.upload_rate_limit;
            kb("speed_limit_down", down);
            kb("speed_limit_up", up);
            if (args.contains("speed_limit_down_enabled") &&
                !args["speed_limit_down_enabled"].get<bool>())
                down = 0;
            if (args.contains("speed_limit_up_enabled") &&
                !args["speed_limit_up_enabled"].get<bool>())
                up = 0;
            s.download_rate_limit = down;
            s.upload_rate_limit = up;
            kb("alt_speed_down", s.alt_download_rate_limit);
            kb("alt_speed_up", s.alt_upload_rate_limit);
            if (args.contains("alt_speed_enabled"))
                s.alt_rate_limits_enabled = args["alt_speed_enabled"].get<bool>();
            if (args.contains("download_dir"))
                s.default_save_path = args["download_dir"].get<std::string>();
            if (args.contains("dht_enabled")) s.enable_dht = args["dht_enabled"].get<bool>();
            if (args.contains("pex_enabled")) s.enable_pex = args["pex_enabled"].get<bool>();
            if (args.contains("lpd_enabled")) s.enable_lsd = args["lpd_enabled"].get<bool>();
            if (args.contains("peer_port")) s.listen_port = args["peer_port"].get<int>();
            if (args.contains("peer_limit_global"))
                s.connections_limit = args["peer_limit_global"].get<int>();
            if (args.contains("peer_limit_per_torrent"))
                s.connections_per_torrent = args["peer_limit_per_torrent"].get<int>();
            if (args.contains("port_forwarding_enabled"))
                s.enable_upnp = s.enable_natpmp = args["port_forwarding_enabled"].get<bool>();
            if (args.contains("download_queue_enabled"))
                s.queueing_enabled = args["download_queue_enabled"].get<bool>();
            if (args.contains("download_queue_size"))
                s.max_active_downloads = args["download_queue_size"].get<int>();
            if (args.contains("seed_ratio_limited") && !args["seed_ratio_limited"].get<bool>())
                s.share_ratio_limit = -1;
            else if (args.contains("seed_ratio_limit"))
                s.share_ratio_limit = args["seed_ratio_limit"].get<double>();
            if (args.contains("encryption")) {
                const auto e = args["encryption"].get<std::string>();
                s.encryption = e == "required"    ? "forced"
                               : e == "tolerated" ? "disabled"
                                                  : "enabled";
            }
            d.ctx.engine.apply_settings(s, true);
            return reply("success");
        }
        if (method == "session-stats") {
            const auto torrents = d.ctx.mirror.torrents();
            const auto st = d.ctx.mirror.stats();
            int active = 0, paused = 0;
            for (const auto& t : torrents) {
                active += t.download_rate > 0 || t.upload_rate > 0;
                paused += t.paused;
            }
            const json current = {{"uploadedBytes", st.uploaded_session},
                                  {"downloadedBytes", st.downloaded_session},
                                  {"filesAdded", 0},
                                  {"sessionCount", 1},
                                  {"secondsActive", 0}};
            return reply("success", {{"activeTorrentCount", active},
                                     {"downloadSpeed", st.download_rate},
                                     {"pausedTorrentCount", paused},
                                     {"torrentCount", torrents.size()},
                                     {"uploadSpeed", st.upload_rate},
                                     {"cumulative-stats", current},
                                     {"current-stats", current}});
        }
        if (method == "torrent-get") return d.torrent_get(args, tag, snake_names, respond);
        if (method == "torrent-add") {
            engine::AddRequest r;
            if (args.contains("metainfo")) {
                auto bytes = base64_decode(args["metainfo"].get<std::string>());
                if (!bytes) return reply("invalid or corrupt torrent file");
                r.source =
                    engine::MetainfoSource{std::string(bytes->begin(), bytes->end()), "metainfo"};
            } else if (args.contains("filename")) {
                const auto f = args["filename"].get<std::string>();
                if (f.starts_with("magnet:")) {
                    r.source = engine::MagnetSource{f};
                } else if (f.starts_with("http://") || f.starts_with("https://")) {
                    r.source = engine::UrlSource{f};
                } else {
                    std::ifstream in(f, std::ios::binary);
                    if (!in) return reply("cannot read '" + f + "'");
                    r.source = engine::MetainfoSource{
                        std::string(std::istreambuf_iterator<char>(in), {}), f};
                }
            } else {
                return reply("no filename or metainfo specified");
            }
            if (args.contains("download_dir"))
                r.save_path = args["download_dir"].get<std::string>();
            r.paused = args.value("paused", false);
            std::vector<std::string> labels;
            if (args.contains("labels")) labels = args["labels"].get<std::vector<std::string>>();
            // files-unwanted (and files-wanted) need the file list: known for a .torrent.
            if (const auto* meta = std::get_if<engine::MetainfoSource>(&r.source);
                meta && (args.contains("files_unwanted") || args.contains("files_wanted"))) {
                auto info = engine::parse_metainfo(meta->bytes, meta->origin);
                if (!info) return reply(info.error().message);
                std::set<int> unwanted;
                if (args.contains("files_unwanted"))
                    for (int i : args["files_unwanted"].get<std::vector<int>>())
                        unwanted.insert(i);
                std::optional<std::set<int>> wanted;
                if (args.contains("files_wanted")) {
                    const auto w = args["files_wanted"].get<std::vector<int>>();
                    wanted = std::set<int>(w.begin(), w.end());
                }
                std::vector<int> selected;
                for (const auto& f : info->files)
                    if (!f.pad && !unwanted.contains(f.index) &&
                        (!wanted || wanted->contains(f.index)))
                        selected.push_back(f.index);
                r.selected_files = std::move(selected);
            }
            ApiContext* ctx = &d.ctx;
            Impl* impl = &d;
            ctx->engine.add(std::move(r), [ctx, impl, labels, respond, tag](Result<TorrentId> id) {
                if (!id) {
                    const bool duplicate =
                        id.error().message.find("already added") != std::string::npos;
                    if (duplicate) {
                        // The id is in the message's hash: find the torrent to describe it.
                        for (const auto& s : ctx->mirror.torrents())
                            if (id.error().message.find(s.id.hex()) != std::string::npos)
                                return respond(Impl::answer(
                                    "success",
                                    {{"torrent-duplicate",
                                      {{"id", impl->number_of(s.id)},
                                       {"name", s.name},
                                       {"hashString",
                                        s.hashes.v1.empty() ? s.hashes.v2 : s.hashes.v1}}}},
                                    tag));
                    }
                    return respond(Impl::answer(id.error().message, json::object(), tag));
                }
                if (!labels.empty()) (void)ctx->labels.set_tags(*id, labels);
                auto s = ctx->mirror.find(*id);
                respond(Impl::answer("success",
                                     {{"torrent-added",
                                       {{"id", impl->number_of(*id)},
                                        {"name", s ? s->name : id->hex()},
                                        {"hashString", id->hex()}}}},
                                     tag));
            });
            return;
        }
        auto for_each = [&](auto f) {
            for (const auto& s : d.select(args))
                f(s);
        };
        if (method == "torrent-start" || method == "torrent-start-now") {
            const bool now = method == "torrent-start-now";
            for_each([&](const TorrentSnapshot& s) {
                if (now)
                    d.ctx.engine.set_force_start(s.id, true);
                else
                    d.ctx.engine.resume(s.id);
            });
            return reply("success");
        }
        if (method == "torrent-stop") {
            for_each([&](const TorrentSnapshot& s) { d.ctx.engine.pause(s.id); });
            return reply("success");
        }
        if (method == "torrent-verify") {
            for_each([&](const TorrentSnapshot& s) { d.ctx.engine.recheck(s.id); });
            return reply("success");
        }
        if (method == "torrent-reannounce") {
            for_each([&](const TorrentSnapshot& s) { d.ctx.engine.reannounce(s.id); });
            return reply("success");
        }
        if (method == "torrent-remove") {
            const auto mode = args.value("delete_local_data", false)
                                  ? engine::RemoveMode::delete_data
                                  : engine::RemoveMode::keep_data;
            for_each([&](const TorrentSnapshot& s) {
                d.ctx.engine.remove(s.id, mode);
                (void)d.ctx.labels.forget(s.id);
            });
            return reply("success");
        }
        if (method == "torrent-set-location") {
            if (!args.contains("location")) return reply("no location");
            const auto location = args["location"].get<std::string>();
            for_each([&](const TorrentSnapshot& s) { d.ctx.engine.move_storage(s.id, location); });
            return reply("success");
        }
        if (method == "torrent-set") {
            for_each([&](const TorrentSnapshot& s) {
                int down = s.download_limit, up = s.upload_limit;
                if (args.contains("download_limit"))
                    down = args["download_limit"].get<int>() * 1000;
                if (args.contains("upload_limit")) up = args["upload_limit"].get<int>() * 1000;
                if (args.contains("download_limited") && !args["download_limited"].get<bool>())
                    down = 0;
                if (args.contains("upload_limited") && !args["upload_limited"].get<bool>()) up = 0;
                if (down != s.download_limit || up != s.upload_limit)
                    d.ctx.engine.set_rate_limits(s.id, down, up);
                if (args.contains("labels"))
                    (void)d.ctx.labels.set_tags(s.id,
                                                args["labels"].get<std::vector<std::string>>());
                std::vector<std::pair<int, engine::FilePriority>> prio;
                auto files = [&](const char* key, engine::FilePriority p) {
                    if (args.contains(key))
                        for (int i : args[key].get<std::vector<int>>())
                            prio.emplace_back(i, p);
                };
                files("files_unwanted", engine::FilePriority::skip);
                files("files_wanted", engine::FilePriority::normal);
                files("priority_low", engine::FilePriority::low);
                files("priority_normal", engine::FilePriority::normal);
                files("priority_high", engine::FilePriority::high);
                if (!prio.empty()) d.ctx.engine.set_file_priorities(s.id, std::move(prio));
                if (args.contains("sequential_download"))
                    d.ctx.engine.set_sequential(s.id, args["sequential_download"].get<bool>());
                if (args.contains("seed_ratio_mode") || args.contains("seed_ratio_limit")) {
                    const int mode = args.value("seed_ratio_mode", 1);
                    const double ratio = mode == 0 ? -2.0
                                         : mode == 2
                                             ? -1.0
                                             : args.value("seed_ratio_limit", s.ratio_limit);
                    d.ctx.engine.set_share_limits(s.id, ratio, s.seeding_time_limit);
                }
            });
            return reply("success");
        }
        for (auto [name, move] : {std::pair{"queue-move-top", engine::QueueMove::top},
                                  std::pair{"queue-move-up", engine::QueueMove::up},
                                  std::pair{"queue-move-down", engine::QueueMove::down},
                                  std::pair{"queue-move-bottom", engine::QueueMove::bottom}}) {
            if (method == name) {
                for_each([&](const TorrentSnapshot& s) { d.ctx.engine.move_in_queue(s.id, move); });
                return reply("success");
            }
        }
        if (method == "free-space") {
            const auto path = args.value("path", std::string());
            struct statvfs st {};
            if (path.empty() || ::statvfs(path.c_str(), &st) != 0)
                return reply("cannot read the free space of '" + path + "'");
            const auto free =
                static_cast<std::int64_t>(st.f_bavail) * static_cast<std::int64_t>(st.f_frsize);
            const auto total =
                static_cast<std::int64_t>(st.f_blocks) * static_cast<std::int64_t>(st.f_frsize);
            return reply("success", {{"path", path},
                                     {snake_names ? "size_bytes" : "size-bytes", free},
                                     {snake_names ? "total_size" : "total_size", total}});
        }
        if (method == "port-test")
            return reply("success", {{snake_names ? "port_is_open" : "port-is-open", false}});
        if (method == "session-close") return reply("success");
        return reply("method name not recognized");
    } catch (const std::exception& e) {
        return respond(HttpResponse::text(400, std::string("bad arguments: ") + e.what() + "\n"));
    }
}

}  // namespace shoal::api
