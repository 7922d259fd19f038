#include "trpc_fields.h"

#include "qbt_json.h"

#include <shoal/common/clock.h>

#include <cctype>

namespace shoal::api {

using engine::TorrentSnapshot;
using engine::TorrentState;
using nlohmann::json;

std::string trpc_snake(std::string_view key) {
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

json trpc_normalized(const json& args) {
    json out = json::object();
    if (args.is_object())
        for (const auto& [k, v] : args.items())
            out[trpc_snake(k)] = v;
    return out;
}

int trpc_status(const TorrentSnapshot& s) {
    const bool complete = s.state == TorrentState::seeding || s.state == TorrentState::finished;
    if (s.state == TorrentState::checking_files) return 2;
    if (s.state == TorrentState::checking_resume_data) return 1;
    if (s.paused) return 0;
    if (s.queued) return complete ? 5 : 3;
    return complete ? 6 : 4;
}

const std::set<std::string>& trpc_detail_fields() {
    static const std::set<std::string> f = {
        "files",   "file_stats", "priorities",   "wanted",   "trackers",   "tracker_stats", "peers",
        "comment", "creator",    "date_created", "webseeds", "file_count", "pieces"};
    return f;
}

json trpc_torrent_field(const std::string& f, const TorrentSnapshot& s,
                        const engine::TorrentDetails* d, int number,
                        const std::vector<std::string>& labels) {
    if (f == "id") return number;
    if (f == "name") return s.name;
    if (f == "hash_string") return s.hashes.v1.empty() ? s.hashes.v2 : s.hashes.v1;
    if (f == "status") return trpc_status(s);
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
    if (f == "desired_available") return std::max<std::int64_t>(0, s.wanted_size - s.wanted_done);
    if (f == "recheck_progress") return s.state == TorrentState::checking_files ? s.progress : 0.0;
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
                    out.push_back(
                        {{"bytesCompleted", file.done}, {"wanted", wanted}, {"priority", prio}});
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
                out.push_back(
                    {{"address", p.address.substr(0, colon)},
                     {"port",
                      colon == std::string::npos ? 0 : std::atoi(p.address.c_str() + colon + 1)},
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

}  // namespace shoal::api
