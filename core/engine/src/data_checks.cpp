#include "data_checks.h"

#include <shoal/hashing/piece_check.h>

#include <libtorrent/torrent_info.hpp>

#include <algorithm>
#include <cstring>
#include <system_error>

namespace shoal::engine {

struct DataChecks::Check {
    hashing::Layout layout;
    std::vector<hashing::Sha1Digest> hashes;
    Done done;
    std::atomic<bool> cancel{false};
    std::atomic<bool> tell{true};  // whether `done` runs after a cancel
    std::atomic<std::int64_t> bytes{0};
};

namespace {

hashing::Layout layout_of(const lt::torrent_info& ti, const std::string& save_path) {
    const auto& fs = ti.files();
    hashing::Layout layout;
    layout.piece_size = ti.piece_length();
    layout.num_pieces = ti.num_pieces();
    layout.total_size = fs.total_size();
    layout.v1 = true;
    layout.files.reserve(static_cast<std::size_t>(fs.num_files()));
    for (auto i : fs.file_range()) {
        hashing::LayoutFile f;
        f.offset = fs.file_offset(i);
        f.size = fs.file_size(i);
        f.pad = fs.pad_file_at(i);
        if (!f.pad) f.disk_path = fs.file_path(i, save_path);
        layout.files.push_back(std::move(f));
    }
    return layout;
}

}  // namespace

DataChecks::DataChecks(Post post_to_engine) : post_(std::move(post_to_engine)) {}

DataChecks::~DataChecks() {
    stop();
}

bool DataChecks::worth_checking(const lt::add_torrent_params& p) {
    if (!p.ti || !p.ti->is_valid() || !p.ti->info_hashes().has_v1()) return false;
    if (!p.have_pieces.empty() || (p.flags & lt::torrent_flags::seed_mode)) return false;
    if (!p.renamed_files.empty() || p.ti->num_pieces() == 0) return false;
    // With none of its files there, there is nothing to check (libtorrent skips it too).
    // A directory found missing answers for every file under it: a new download's 1,000
    // files cost one look, not 1,000, before it can start.
    const auto& fs = p.ti->files();
    std::string missing;  // a directory that is not there, with its trailing separator
    std::string present;  // the last file's directory, found there
    for (auto i : fs.file_range()) {
        if (fs.pad_file_at(i) || fs.file_size(i) == 0) continue;
        const std::filesystem::path file = fs.file_path(i, p.save_path);
        if (!missing.empty() && file.native().starts_with(missing)) continue;
        std::error_code ec;
        if (std::filesystem::file_size(file, ec) > 0 && !ec) return true;
        const std::string dir = file.parent_path().native();
        if (ec != std::errc::no_such_file_or_directory || dir == present) continue;
        if (std::filesystem::exists(dir, ec) || ec)
            present = dir;
        else
            missing = dir + '/';
    }
    return false;
}

std::uint64_t DataChecks::start(const lt::add_torrent_params& params, Done done) {
    auto check = std::make_shared<Check>();
    check->layout = layout_of(*params.ti, params.save_path);
    check->hashes.resize(static_cast<std::size_t>(params.ti->num_pieces()));
    for (int p = 0; p < params.ti->num_pieces(); ++p) {
        const lt::sha1_hash h = params.ti->hash_for_piece(lt::piece_index_t(p));
        std::memcpy(check->hashes[static_cast<std::size_t>(p)].data(), h.data(), h.size());
    }
    check->done = std::move(done);
    const std::uint64_t number = next_++;
    checks_.emplace(number, check);
    if (!worker_) worker_ = std::make_unique<JobThread>(JobThread::OnStop::drop);
    worker_->post([this, number, check] {
        Result<std::vector<bool>> result = runtime_error("the check was cancelled");
        if (!check->cancel)
            result = hashing::check_pieces(check->layout, check->hashes, 0, check->bytes,
                                           &check->cancel);
        if (check->cancel && !check->tell) return;
        post_([this, number, check, result = std::move(result)]() mutable {
            checks_.erase(number);
            if (check->cancel && !check->tell) return;
            check->done(std::move(result));
        });
    });
    return number;
}

double DataChecks::progress(std::uint64_t number) const {
    auto it = checks_.find(number);
    if (it == checks_.end() || it->second->layout.total_size <= 0) return 0;
    return static_cast<double>(it->second->bytes.load()) /
           static_cast<double>(it->second->layout.total_size);
}

void DataChecks::cancel(std::uint64_t number, bool tell) {
    auto it = checks_.find(number);
    if (it == checks_.end()) return;
    it->second->tell = tell;
    it->second->cancel = true;
    if (!tell) checks_.erase(it);
}

void DataChecks::stop() {
    for (auto& [number, check] : checks_) {
        check->tell = false;
        check->cancel = true;
    }
    if (worker_) worker_->stop();
    checks_.clear();
}

}  // namespace shoal::engine
