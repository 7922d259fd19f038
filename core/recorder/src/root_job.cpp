#include "root_job.h"

#include <shoal/common/background_priority.h>
#include <shoal/hashing/pieces_root.h>

namespace shoal::recorder {

RootJobs::RootJobs(const ledger::Ledger& ledger, unsigned threads,
                   std::function<void(ledger::LedgerEntry)> done)
    : ledger_(ledger),
      threads_(threads),
      done_(std::move(done)),
      thread_(JobThread::OnStop::drop, lower_this_thread_priority) {}

RootJobs::~RootJobs() {
    stop();
}

void RootJobs::add(ledger::LedgerEntry entry, std::string save_path,
                   std::vector<engine::FileEntry> files) {
    thread_.post([this, job = Job{std::move(entry), std::move(save_path),
                                  std::move(files)}]() mutable { run(job); });
}

std::size_t RootJobs::pending() const {
    return thread_.pending();
}

std::pair<std::int64_t, std::int64_t> RootJobs::progress() const {
    return {bytes_done_.load(), bytes_total_.load()};
}

void RootJobs::wait_idle() {
    thread_.wait_idle();
}

void RootJobs::stop() {
    cancel_ = true;  // the running job ends at its next block
    thread_.stop();
}

void RootJobs::run(Job& job) {
    // The same v1 info-hash is the same content: roots recorded once are enough,
    // whether computed after a download, while it downloaded or by `shoal create`.
    bool skip = false;
    for (auto kind :
         {ledger::EntryKind::hashed, ledger::EntryKind::created, ledger::EntryKind::completed}) {
        auto has = ledger_.has_entry(kind, job.entry.info_hash_v1, true);
        skip = skip || !has || *has;
    }
    bool ok = !skip;
    std::int64_t total = 0;
    for (const auto& f : job.files)
        total += f.size;
    bytes_total_ = total;
    bytes_done_ = 0;
    for (const auto& f : job.files) {
        if (!ok) break;
        ledger::EntryFile ef{f.path, f.size, {}};
        if (!f.pieces_root.empty()) {
            ef.pieces_root = f.pieces_root;  // hashed while it downloaded
            bytes_done_ += f.size;
        } else if (f.size > 0 && f.priority != engine::FilePriority::skip) {
            const std::int64_t before = bytes_done_;
            auto root = hashing::file_pieces_root(
                std::filesystem::path(job.save_path) / f.path, threads_, &cancel_,
                [&](const hashing::RootProgress& p) { bytes_done_ = before + p.bytes_hashed; });
            // A file that changed or went away since completion is left without a root.
            if (root && root->has_value()) ef.pieces_root = hashing::hex(**root);
            if (cancel_) ok = false;
        }
        job.entry.files.push_back(std::move(ef));
    }
    if (ok) done_(std::move(job.entry));
}

}  // namespace shoal::recorder
