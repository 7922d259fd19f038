#include "resume_store.h"

#include "torrent_table.h"

#include <shoal/common/atomic_file.h>

#include <libtorrent/bdecode.hpp>
#include <libtorrent/bencode.hpp>
#include <libtorrent/read_resume_data.hpp>
#include <libtorrent/torrent_info.hpp>
#include <libtorrent/write_resume_data.hpp>

#include <cmath>

namespace shoal::engine {
namespace {
// Shoal's own per-torrent state rides in the resume file under this key; libtorrent ignores it.
constexpr const char* kExtrasKey = "shoal";
}  // namespace

ResumeStore::ResumeStore(std::filesystem::path dir,
                         std::function<void(const std::string&)> on_error)
    : dir_(std::move(dir)), on_error_(std::move(on_error)) {}

ResumeStore::~ResumeStore() {
    writer_.stop();
}

std::filesystem::path ResumeStore::path_of(const TorrentId& id, const char* ext) const {
    return dir_ / (id.hex() + ext);
}

std::vector<TorrentId> ResumeStore::list() const {
    std::vector<TorrentId> ids;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        if (entry.path().extension() != ".resume") continue;
        if (auto id = TorrentId::parse(entry.path().stem().string())) ids.push_back(*id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool ResumeStore::has(const TorrentId& id) const {
    std::error_code ec;
    return std::filesystem::exists(path_of(id, ".resume"), ec);
}

bool ResumeStore::has_torrent_file(const TorrentId& id) const {
    std::error_code ec;
    return std::filesystem::exists(path_of(id, ".torrent"), ec);
}

Result<lt::add_torrent_params> ResumeStore::load(const TorrentId& id, TorrentExtras& extras) const {
    const auto resume_path = path_of(id, ".resume");
    auto bytes = read_file(resume_path);
    if (!bytes) return bytes.error();
    lt::error_code ec;
    lt::bdecode_node node = lt::bdecode(*bytes, ec);
    if (ec) return runtime_error("cannot read '" + resume_path.string() + "': " + ec.message());
    lt::add_torrent_params params = lt::read_resume_data(node, ec);
    if (ec) return runtime_error("cannot read '" + resume_path.string() + "': " + ec.message());
    if (auto x = node.dict_find_dict(kExtrasKey)) {
        extras.ratio_limit =
            static_cast<double>(x.dict_find_int_value("ratio_limit_milli", -2000)) / 1000.0;
        extras.seeding_time_limit = x.dict_find_int_value("seeding_time_limit", -2);
        extras.download_limit = static_cast<int>(x.dict_find_int_value("download_limit", 0));
        extras.upload_limit = static_cast<int>(x.dict_find_int_value("upload_limit", 0));
    }
    if (!params.ti) {
        const auto torrent_path = path_of(id, ".torrent");
        std::error_code fec;
        if (std::filesystem::exists(torrent_path, fec)) {
            auto tbytes = read_file(torrent_path);
            if (!tbytes) return tbytes.error();
            auto ti = std::make_shared<lt::torrent_info>(
                lt::span<const char>(tbytes->data(), static_cast<std::ptrdiff_t>(tbytes->size())),
                ec, lt::from_span);
            if (ec)
                return runtime_error("cannot read '" + torrent_path.string() +
                                     "': " + ec.message());
            params.ti = std::move(ti);
            extras.torrent_file_saved = true;
        }
    } else {
        extras.torrent_file_saved = has_torrent_file(id);
    }
    return params;
}

void ResumeStore::save_resume(const TorrentId& id, const lt::add_torrent_params& params,
                              const TorrentExtras& extras) {
    lt::entry e = lt::write_resume_data(params);
    // The metadata lives in <id>.torrent; keeping it out keeps periodic saves small.
    e.dict().erase("info");
    auto& x = e[kExtrasKey];
    x["ratio_limit_milli"] = static_cast<std::int64_t>(std::llround(extras.ratio_limit * 1000));
    x["seeding_time_limit"] = extras.seeding_time_limit;
    x["download_limit"] = extras.download_limit;
    x["upload_limit"] = extras.upload_limit;
    std::vector<char> bytes;
    lt::bencode(std::back_inserter(bytes), e);
    enqueue({path_of(id, ".resume"), std::move(bytes)});
}

void ResumeStore::save_torrent_file(const TorrentId& id, std::vector<char> bytes) {
    enqueue({path_of(id, ".torrent"), std::move(bytes)});
}

void ResumeStore::remove(const TorrentId& id) {
    enqueue({path_of(id, ".resume"), {}, true});
    enqueue({path_of(id, ".torrent"), {}, true});
}

void ResumeStore::flush() {
    writer_.wait_idle();
}

void ResumeStore::enqueue(Job job) {
    {
        std::lock_guard lock(mutex_);
        // A newer write of a file replaces the last one still waiting for it, unless a
        // removal of that file was queued in between.
        for (auto it = queue_.rbegin(); it != queue_.rend(); ++it) {
            if (it->path != job.path) continue;
            if (!it->remove && !job.remove) {
                *it = std::move(job);
                return;
            }
            break;
        }
        queue_.push_back(std::move(job));
    }
    writer_.post([this] { write_next(); });
}

void ResumeStore::write_next() {
    Job job;
    {
        std::lock_guard lock(mutex_);
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
    }
    auto r = job.remove ? remove_file_durably(job.path)
                        : write_file_atomic(job.path,
                                            std::string_view(job.bytes.data(), job.bytes.size()));
    if (!r && on_error_) on_error_(r.error().message);
}

}  // namespace shoal::engine
