// qBittorrent Web API: torrents/*.
#include "json_text.h"
#include "qbt_call.h"
#include "qbt_json.h"

#include <shoal/common/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>

namespace shoal::api {
namespace {

using Call = std::shared_ptr<QbtCall>;
using engine::TorrentId;
using engine::TorrentSnapshot;

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto at = text.find(sep, start);
        std::string part =
            text.substr(start, at == std::string::npos ? std::string::npos : at - start);
        while (!part.empty() && (part.front() == ' ' || part.back() == ' ')) {
            if (part.front() == ' ') part.erase(0, 1);
            if (!part.empty() && part.back() == ' ') part.pop_back();
        }
        if (!part.empty()) out.push_back(part);
        if (at == std::string::npos) break;
        start = at + 1;
    }
    return out;
}

bool matches_filter(const TorrentSnapshot& s, const std::string& filter) {
    const std::string state = qbt_state(s);
    const bool complete = state.ends_with("UP") || state == "uploading";
    const bool active = s.download_rate > 0 || s.upload_rate > 0;
    if (filter.empty() || filter == "all") return true;
    if (filter == "downloading") return !complete && !s.paused && s.error.empty();
    if (filter == "seeding")
        return state == "uploading" || state == "stalledUP" || state == "forcedUP" ||
               state == "queuedUP";
    if (filter == "completed") return complete || s.progress >= 1;
    if (filter == "paused" || filter == "stopped") return s.paused;
    if (filter == "resumed" || filter == "running") return !s.paused;
    if (filter == "active") return active;
    if (filter == "inactive") return !active;
    if (filter == "stalled") return state == "stalledUP" || state == "stalledDL";
    if (filter == "stalled_uploading") return state == "stalledUP";
    if (filter == "stalled_downloading") return state == "stalledDL";
    if (filter == "checking") return state.starts_with("checking");
    if (filter == "moving") return state == "moving";
    if (filter == "errored") return state == "error";
    return false;
}

void info(const Call& c) {
    const auto filter = c->param("filter").value_or("all");
    const auto category = c->param("category");
    const auto tag = c->param("tag");
    const auto hashes = c->param("hashes");
    long offset = 0, limit = -1;
    try {
        if (auto o = c->param("offset")) offset = std::stol(*o);
        if (auto l = c->param("limit")) limit = std::stol(*l);
    } catch (const std::exception&) {
        return c->fail(400, "limit and offset must be numbers");
    }
    std::vector<TorrentId> wanted;
    if (hashes) wanted = c->torrents();
    const auto all = c->ctx.mirror.torrents();
    std::vector<const TorrentSnapshot*> rows;
    for (const auto& s : all) {
        if (hashes && std::find(wanted.begin(), wanted.end(), s.id) == wanted.end()) continue;
        if (!matches_filter(s, filter)) continue;
        if (category && c->ctx.labels.category_of(s.id) != *category) continue;
        if (tag) {
            const auto tags = c->ctx.labels.tags_of(s.id);
            if (tag->empty() ? !tags.empty()
                             : std::find(tags.begin(), tags.end(), *tag) == tags.end())
                continue;
        }
        rows.push_back(&s);
    }
    // Sorted by the value a row shows under that name (none: the order stays). Each row is
    // then written once, its text kept beside its key until the order is known.
    const auto sort = c->param("sort");
    std::vector<std::pair<nlohmann::json, std::string>> sorted;
    if (sort && !sort->empty()) {
        sorted.reserve(rows.size());
        for (const auto* s : rows) {
            auto row = qbt_torrent(*s, c->ctx.labels);
            auto it = row.find(*sort);
            sorted.emplace_back(it == row.end() ? nlohmann::json() : std::move(*it),
                                answer_text(row));
        }
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        if (c->flag("reverse")) std::reverse(sorted.begin(), sorted.end());
    }
    const auto count = static_cast<long>(rows.size());
    if (offset < 0) offset = std::max<long>(0, count + offset);
    JsonText out;
    out.begin_array();
    for (long i = offset; i < count && (limit < 0 || i - offset < limit); ++i) {
        const auto at = static_cast<std::size_t>(i);
        if (sorted.empty())
            out.value(qbt_torrent(*rows[at], c->ctx.labels));
        else
            out.written(sorted[at].second);
    }
    out.end();
    c->respond(HttpResponse::json(out.take()));
}

// The torrent named by `hash`, or a 404 answered.
std::optional<TorrentSnapshot> one(const Call& c) {
    auto h = c->param("hash");
    if (!h) {
        c->fail(400, "missing hash");
        return std::nullopt;
    }
    auto s = c->ctx.mirror.find_hash(*h);
    if (!s) c->fail(404, "Torrent hash was not found");
    return s;
}

void with_details(const Call& c, engine::DetailRequest what,
                  std::function<void(const TorrentSnapshot&, const engine::TorrentDetails&)> f) {
    auto s = one(c);
    if (!s) return;
    c->ctx.engine.details(s->id, what, [c, s = *s, f](Result<engine::TorrentDetails> d) {
        if (!d) return c->fail(404, "Torrent hash was not found");
        f(s, *d);
    });
}

void properties(const Call& c) {
    with_details(c, {false, false, true, false},
                 [c](const TorrentSnapshot& s, const engine::TorrentDetails& d) {
                     const auto elapsed = std::max<std::int64_t>(s.active_seconds, 1);
                     c->json({{"save_path", s.save_path},
                              {"creation_date", d.creation_date > 0 ? d.creation_date : -1},
                              {"piece_size", s.piece_size},
                              {"comment", d.comment},
                              {"total_wasted", 0},
                              {"total_uploaded", s.uploaded_total},
                              {"total_uploaded_session", s.uploaded_session},
                              {"total_downloaded", s.downloaded_total},
                              {"total_downloaded_session", s.downloaded_session},
                              {"up_limit", s.upload_limit > 0 ? s.upload_limit : -1},
                              {"dl_limit", s.download_limit > 0 ? s.download_limit : -1},
                              {"time_elapsed", s.active_seconds},
                              {"seeding_time", s.seeding_seconds},
                              {"nb_connections", s.peers},
                              {"nb_connections_limit", -1},
                              {"share_ratio", s.ratio},
                              {"addition_date", s.added_time},
                              {"completion_date", s.completed_time > 0 ? s.completed_time : -1},
                              {"created_by", d.creator},
                              {"dl_speed_avg", s.downloaded_total / elapsed},
                              {"dl_speed", s.download_rate},
                              {"eta", s.eta ? *s.eta : 8640000},
                              {"last_seen", s.completed_time > 0 ? s.completed_time : -1},
                              {"peers", s.peers - s.seeds},
                              {"peers_total", std::max(s.swarm_peers, 0)},
                              {"pieces_have", s.pieces_done},
                              {"pieces_num", s.num_pieces},
                              {"reannounce", 0},
                              {"seeds", s.seeds},
                              {"seeds_total", std::max(s.swarm_seeds, 0)},
                              {"total_size", s.total_size},
                              {"up_speed_avg", s.uploaded_total / elapsed},
                              {"up_speed", s.upload_rate},
                              {"isPrivate", s.is_private},
                              {"is_private", s.is_private},
                              {"hash", s.id.hex()},
                              {"infohash_v1", s.hashes.v1},
                              {"infohash_v2", s.hashes.v2},
                              {"name", s.name}});
                 });
}

void files(const Call& c) {
    with_details(c, {true, false, false, true},
                 [c](const TorrentSnapshot& s, const engine::TorrentDetails& d) {
                     nlohmann::json out = nlohmann::json::array();
                     const std::int64_t piece = std::max(s.piece_size, 1);
                     std::int64_t offset = 0;
                     for (const auto& f : d.files) {
                         const auto first = offset / piece;
                         const auto last = f.size > 0 ? (offset + f.size - 1) / piece : first;
                         out.push_back({{"index", f.index},
                                        {"name", f.path},
                                        {"size", f.size},
                                        {"progress", f.size > 0 ? static_cast<double>(f.done) /
                                                                      static_cast<double>(f.size)
                                                                : 1.0},
                                        {"priority", qbt_file_priority(f.priority)},
                                        {"is_seed", f.done == f.size},
                                        {"piece_range", {first, last}},
                                        {"availability", s.availability}});
                         offset += f.size;
                     }
                     c->json(out);
                 });
}

void trackers(const Call& c) {
    with_details(c, {false, true, false, false},
                 [c](const TorrentSnapshot& s, const engine::TorrentDetails& d) {
                     nlohmann::json out = nlohmann::json::array();
                     auto settings = c->ctx.engine.settings();
                     for (const char* name : {"** [DHT] **", "** [PeX] **", "** [LSD] **"}) {
                         const bool on = s.is_private     ? false
                                         : name[5] == 'D' ? settings.enable_dht
                                         : name[5] == 'P' ? settings.enable_pex
                                                          : settings.enable_lsd;
                         out.push_back({{"url", name},
                                        {"status", on ? 2 : 0},
                                        {"tier", -1},
                                        {"num_peers", 0},
                                        {"num_seeds", 0},
                                        {"num_leeches", 0},
                                        {"num_downloaded", 0},
                                        {"msg", on ? "" : "This torrent is private"}});
                     }
                     for (const auto& t : d.trackers) {
                         const int status = t.status == "working"    ? 2
                                            : t.status == "updating" ? 3
                                            : t.status == "error"    ? 4
                                                                     : 1;
                         out.push_back({{"url", t.url},
                                        {"status", status},
                                        {"tier", t.tier},
                                        {"num_peers", t.peers},
                                        {"num_seeds", t.seeds},
                                        {"num_leeches", t.peers},
                                        {"num_downloaded", t.downloaded},
                                        {"msg", t.message}});
                     }
                     c->json(out);
                 });
}

// Answers once every one of `count` adds has reported.
struct AddBatch {
    Call call;
    std::atomic<int> left;
    std::atomic<int> failures{0};
    std::vector<std::string> tags;
    std::string category;
    std::mutex mutex;
    std::string first_error;
    void done(Result<TorrentId> r) {
        if (r) {
            if (!category.empty()) (void)call->ctx.labels.set_category({*r}, category);
            if (!tags.empty()) (void)call->ctx.labels.add_tags({*r}, tags);
        } else {
            ++failures;
            std::lock_guard lock(mutex);
            if (first_error.empty()) first_error = r.error().message;
        }
        if (--left == 0) {
            if (failures == 0)
                call->ok("Ok.");
            else
                call->fail(415, "Fails. " + first_error);
        }
    }
};

void add(const Call& c) {
    std::vector<engine::AddRequest> requests;
    for (const auto& url : split(c->param("urls").value_or(""), '\n')) {
        std::string u = url;
        if (!u.empty() && u.back() == '\r') u.pop_back();
        engine::AddRequest r;
        if (u.starts_with("magnet:"))
            r.source = engine::MagnetSource{u};
        else if (u.starts_with("http://") || u.starts_with("https://"))
            r.source = engine::UrlSource{u};
        else if (u.size() == 40 || u.size() == 64)
            r.source = engine::MagnetSource{"magnet:?xt=urn:btih:" + u};
        else
            return c->fail(400, "cannot add '" + u + "': not a magnet link or an http(s) URL");
        requests.push_back(std::move(r));
    }
    for (auto& f : c->files) {
        engine::AddRequest r;
        r.source = engine::MetainfoSource{std::move(f.data), f.filename};
        requests.push_back(std::move(r));
    }
    if (requests.empty()) return c->fail(400, "nothing to add: give urls or torrents");

    const std::string category = c->param("category").value_or("");
    std::string save_path = c->param("savepath").value_or("");
    if (!category.empty()) {
        const auto cats = c->ctx.labels.categories();
        auto it = cats.find(category);
        if (it == cats.end()) {
            if (auto r = c->ctx.labels.create_category(category, ""); !r)
                return c->fail(400, r.error().message);
        } else if (save_path.empty() && !it->second.empty()) {
            save_path = it->second;
        }
    }
    auto batch = std::make_shared<AddBatch>();
    batch->call = c;
    batch->left = static_cast<int>(requests.size());
    batch->category = category;
    batch->tags = split(c->param("tags").value_or(""), ',');
    const bool paused = c->flag("paused") || c->flag("stopped");
    auto number = [&](const char* name, std::int64_t fallback) -> std::int64_t {
        auto v = c->param(name);
        if (!v || v->empty()) return fallback;
        return std::stoll(*v);
    };
    const auto up = number("upLimit", 0), down = number("dlLimit", 0);
    const double ratio = c->param("ratioLimit") ? std::stod(*c->param("ratioLimit")) : -2.0;
    const auto seed_time = number("seedingTimeLimit", -2);
    for (auto& r : requests) {
        r.save_path = save_path;
        r.paused = paused;
        r.sequential = c->flag("sequentialDownload");
        r.skip_checking = c->flag("skip_checking");
        r.upload_limit = static_cast<int>(std::clamp<std::int64_t>(up, 0, INT32_MAX));
        r.download_limit = static_cast<int>(std::clamp<std::int64_t>(down, 0, INT32_MAX));
        r.ratio_limit = ratio;
        r.seeding_time_limit = seed_time;
        c->ctx.engine.add(std::move(r),
                          [batch](Result<TorrentId> id) { batch->done(std::move(id)); });
    }
}

void remove(const Call& c) {
    const auto ids = c->torrents();
    const auto mode =
        c->flag("deleteFiles") ? engine::RemoveMode::delete_data : engine::RemoveMode::keep_data;
    for (const auto& id : ids) {
        c->ctx.engine.remove(id, mode);
        (void)c->ctx.labels.forget(id);
    }
    c->ok();
}

template <class F>
QbtEndpoint each(F f) {
    return {Verb::action, [f](const Call& c) {
                for (const auto& id : c->torrents())
                    f(c, id);
                c->ok();
            }};
}

std::optional<std::int64_t> number_param(const Call& c, const char* name) {
    auto v = c->param(name);
    if (!v) return std::nullopt;
    try {
        return std::stoll(*v);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

void add_torrent_endpoints(QbtTable& t) {
    t["torrents/info"] = {Verb::read, info};
    t["torrents/properties"] = {Verb::read, properties};
    t["torrents/files"] = {Verb::read, files};
    t["torrents/trackers"] = {Verb::read, trackers};
    t["torrents/add"] = {Verb::action, add};
    t["torrents/delete"] = {Verb::action, remove};
    t["torrents/pause"] = t["torrents/stop"] =
        each([](const Call& c, const TorrentId& id) { c->ctx.engine.pause(id); });
    t["torrents/resume"] = t["torrents/start"] =
        each([](const Call& c, const TorrentId& id) { c->ctx.engine.resume(id); });
    t["torrents/recheck"] =
        each([](const Call& c, const TorrentId& id) { c->ctx.engine.recheck(id); });
    t["torrents/reannounce"] =
        each([](const Call& c, const TorrentId& id) { c->ctx.engine.reannounce(id); });
    t["torrents/setLocation"] = {Verb::action, [](const Call& c) {
                                     const auto location = c->param("location").value_or("");
                                     if (location.empty()) return c->fail(400, "missing location");
                                     std::error_code ec;
                                     std::filesystem::create_directories(location, ec);
                                     if (!std::filesystem::is_directory(location, ec))
                                         return c->fail(409, "cannot create '" + location + "'");
                                     for (const auto& id : c->torrents())
                                         c->ctx.engine.move_storage(id, location);
                                     c->ok();
                                 }};
    t["torrents/filePrio"] = {
        Verb::action, [](const Call& c) {
            auto s = one(c);
            if (!s) return;
            const auto p = number_param(c, "priority");
            const auto prio = p ? file_priority_from_qbt(static_cast<int>(*p)) : std::nullopt;
            if (!prio) return c->fail(400, "priority is not valid");
            if (!s->has_metadata) return c->fail(409, "the torrent's metadata is not known yet");
            std::vector<std::pair<int, engine::FilePriority>> changes;
            for (const auto& id : split(c->param("id").value_or(""), '|')) {
                try {
                    changes.emplace_back(std::stoi(id), *prio);
                } catch (const std::exception&) {
                    return c->fail(400, "file id '" + id + "' is not a number");
                }
            }
            if (changes.empty()) return c->fail(400, "missing id");
            c->ctx.engine.set_file_priorities(s->id, std::move(changes));
            c->ok();
        }};
    t["torrents/setCategory"] = {Verb::action, [](const Call& c) {
                                     if (auto r = c->ctx.labels.set_category(
                                             c->torrents(), c->param("category").value_or(""));
                                         !r)
                                         return c->fail(409, r.error().message);
                                     c->ok();
                                 }};
    t["torrents/createCategory"] = {
        Verb::action, [](const Call& c) {
            const auto name = c->param("category").value_or("");
            if (name.empty()) return c->fail(400, "missing category");
            if (auto r = c->ctx.labels.create_category(name, c->param("savePath").value_or("")); !r)
                return c->fail(409, r.error().message);
            c->ok();
        }};
    t["torrents/editCategory"] = {
        Verb::action, [](const Call& c) {
            if (auto r = c->ctx.labels.edit_category(c->param("category").value_or(""),
                                                     c->param("savePath").value_or(""));
                !r)
                return c->fail(409, r.error().message);
            c->ok();
        }};
    t["torrents/removeCategories"] = {
        Verb::action, [](const Call& c) {
            (void)c->ctx.labels.remove_categories(split(c->param("categories").value_or(""), '\n'));
            c->ok();
        }};
    t["torrents/categories"] = {Verb::read, [](const Call& c) {
                                    nlohmann::json j = nlohmann::json::object();
                                    for (const auto& [name, path] : c->ctx.labels.categories())
                                        j[name] = {{"name", name}, {"savePath", path}};
                                    c->json(j);
                                }};
    t["torrents/addTags"] = {Verb::action, [](const Call& c) {
                                 if (auto r = c->ctx.labels.add_tags(
                                         c->torrents(), split(c->param("tags").value_or(""), ','));
                                     !r)
                                     return c->fail(400, r.error().message);
                                 c->ok();
                             }};
    t["torrents/removeTags"] = {Verb::action, [](const Call& c) {
                                    (void)c->ctx.labels.remove_tags(
                                        c->torrents(), split(c->param("tags").value_or(""), ','));
                                    c->ok();
                                }};
    t["torrents/tags"] = {Verb::read, [](const Call& c) { c->json(c->ctx.labels.tags()); }};
    t["torrents/createTags"] = {
        Verb::action, [](const Call& c) {
            if (auto r = c->ctx.labels.create_tags(split(c->param("tags").value_or(""), ',')); !r)
                return c->fail(400, r.error().message);
            c->ok();
        }};
    t["torrents/deleteTags"] = {
        Verb::action, [](const Call& c) {
            (void)c->ctx.labels.delete_tags(split(c->param("tags").value_or(""), ','));
            c->ok();
        }};
    t["torrents/setShareLimits"] = {
        Verb::action, [](const Call& c) {
            double ratio = -2;
            std::int64_t minutes = -2;
            try {
                ratio = std::stod(c->param("ratioLimit").value_or("-2"));
                minutes = std::stoll(c->param("seedingTimeLimit").value_or("-2"));
            } catch (const std::exception&) {
                return c->fail(400, "limits must be numbers");
            }
            for (const auto& id : c->torrents())
                c->ctx.engine.set_share_limits(id, ratio, minutes);
            c->ok();
        }};
    for (auto [name, move] : {std::pair{"torrents/topPrio", engine::QueueMove::top},
                              std::pair{"torrents/bottomPrio", engine::QueueMove::bottom},
                              std::pair{"torrents/increasePrio", engine::QueueMove::up},
                              std::pair{"torrents/decreasePrio", engine::QueueMove::down}}) {
        t[name] = {Verb::action, [move](const Call& c) {
                       if (!c->ctx.engine.settings().queueing_enabled)
                           return c->fail(409, "Torrent queueing must be enabled");
                       for (const auto& id : c->torrents())
                           c->ctx.engine.move_in_queue(id, move);
                       c->ok();
                   }};
    }
    t["torrents/setForceStart"] = {Verb::action, [](const Call& c) {
                                       const bool value = c->flag("value");
                                       for (const auto& id : c->torrents())
                                           c->ctx.engine.set_force_start(id, value);
                                       c->ok();
                                   }};
    for (const bool upload : {true, false}) {
        t[upload ? "torrents/setUploadLimit" : "torrents/setDownloadLimit"] = {
            Verb::action, [upload](const Call& c) {
                const auto limit = number_param(c, "limit");
                if (!limit) return c->fail(400, "limit is not a number");
                const int value = static_cast<int>(std::clamp<std::int64_t>(*limit, 0, INT32_MAX));
                for (const auto& id : c->torrents()) {
                    auto s = c->ctx.mirror.find(id);
                    if (!s) continue;
                    c->ctx.engine.set_rate_limits(id, upload ? s->download_limit : value,
                                                  upload ? value : s->upload_limit);
                }
                c->ok();
            }};
    }
    for (const bool upload : {true, false}) {
        t[upload ? "torrents/uploadLimit" : "torrents/downloadLimit"] = {
            Verb::read, [upload](const Call& c) {
                nlohmann::json j = nlohmann::json::object();
                for (const auto& id : c->torrents())
                    if (auto s = c->ctx.mirror.find(id))
                        j[id.hex()] = upload ? s->upload_limit : s->download_limit;
                c->json(j);
            }};
    }
}

}  // namespace shoal::api
