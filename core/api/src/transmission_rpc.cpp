#include "json_input.h"
#include "json_text.h"
#include "qbt_json.h"
#include "trpc_fields.h"
#include "trpc_session.h"

#include <shoal/api/transmission_rpc.h>
#include <shoal/common/atomic_file.h>
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

// A Transmission kB/s figure as bytes/s for the engine, refused outside 0..2 GB/s.
int kb_per_s(const nlohmann::json& value) {
    const double kb = value.get<double>();
    if (!(kb >= 0 && kb <= 2000000)) throw std::invalid_argument("a speed limit is out of range");
    return static_cast<int>(kb * 1000);
}

using engine::TorrentId;
using engine::TorrentSnapshot;
using engine::TorrentState;
using nlohmann::json;

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
            need_details = need_details || trpc_detail_fields().contains(trpc_snake(f));
        auto build = [this, fields, table, snake_names, tag_json, respond](
                         const std::vector<TorrentSnapshot>& torrents,
                         const std::vector<std::optional<engine::TorrentDetails>>& details) {
            // Written row by row (no document of every row is held at once).
            respond(answer_with(
                "success",
                [&](JsonText& out) {
                    out.begin_object().key("torrents").begin_array();
                    if (table) {
                        json header = json::array();
                        for (const auto& f : fields)
                            header.push_back(snake_names ? trpc_snake(f) : f);
                        out.value(header);
                    }
                    for (std::size_t i = 0; i < torrents.size(); ++i) {
                        const auto* d = details[i] ? &*details[i] : nullptr;
                        const auto number = number_of(torrents[i].id);
                        const auto tags = ctx.labels.tags_of(torrents[i].id);
                        json row = table ? json::array() : json::object();
                        for (const auto& f : fields) {
                            auto v =
                                trpc_torrent_field(trpc_snake(f), torrents[i], d, number, tags);
                            if (table)
                                row.push_back(std::move(v));
                            else
                                row[snake_names ? trpc_snake(f) : f] = std::move(v);
                        }
                        out.value(row);
                    }
                    out.end().end();
                },
                tag_json));
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

    // Every answer: its result, the arguments `write_arguments` writes, the request's tag.
    static HttpResponse answer_with(const std::string& result,
                                    const std::function<void(JsonText&)>& write_arguments,
                                    const std::string& tag_json) {
        JsonText out;
        out.begin_object().key("result").value(result).key("arguments");
        write_arguments(out);
        if (!tag_json.empty()) out.key("tag").value(json::parse(tag_json));
        out.end();
        return HttpResponse::json(out.take());
    }
    static HttpResponse answer(const std::string& result, const json& args,
                               const std::string& tag_json) {
        return answer_with(
            result, [&](JsonText& out) { out.value(args); }, tag_json);
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
    const json body = parse_client_json(req.body);
    if (body.is_discarded() || !body.is_object() || !body.contains("method") ||
        !body["method"].is_string())
        return respond(
            HttpResponse::text(400, "the request is not a JSON-RPC object with a method\n"));
    const std::string tag = body.contains("tag") ? body["tag"].dump() : std::string();
    std::string method = body["method"].get<std::string>();
    const bool snake_names = method.find('_') != std::string::npos;
    for (char& c : method)
        if (c == '_') c = '-';
    const json args = trpc_normalized(body.value("arguments", json::object()));
    auto reply = [&](const std::string& result, json out = json::object()) {
        respond(Impl::answer(result, std::move(out), tag));
    };
    try {
        if (method == "session-get")
            return reply("success", trpc_session_get(d.ctx, d.session_id, args, snake_names));
        if (method == "session-set") {
            auto settings = d.ctx.engine.settings();
            trpc_session_set(args, settings);
            d.ctx.engine.apply_settings(settings, true);
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
                    std::error_code ec;
                    if (!std::filesystem::is_regular_file(f, ec))
                        return reply("cannot read '" + f + "'");
                    auto bytes = read_file(f, 64 << 20);
                    if (!bytes) return reply(bytes.error().message);
                    r.source = engine::MetainfoSource{std::move(*bytes), f};
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
                if (args.contains("download_limit")) down = kb_per_s(args["download_limit"]);
                if (args.contains("upload_limit")) up = kb_per_s(args["upload_limit"]);
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
