#include <shoal/api/torrent_mirror.h>

#include <algorithm>
#include <cctype>

namespace shoal::api {
namespace {

constexpr std::size_t kRemovalsKept = 10000;

}  // namespace

TorrentMirror::TorrentMirror(engine::Engine& engine) {
    engine.on_update([this](const engine::TorrentUpdate& u) { apply(u); });
}

void TorrentMirror::apply(const engine::TorrentUpdate& u) {
    std::lock_guard lock(mutex_);
    if (u.stats) stats_ = *u.stats;
    if (u.added.empty() && u.changed.empty() && u.removed.empty()) return;
    ++rid_;
    for (const auto& s : u.added)
        rows_[s.id] = {s, rid_};
    for (const auto& c : u.changed)
        rows_[c.snapshot.id] = {c.snapshot, rid_};
    for (const auto& id : u.removed) {
        rows_.erase(id);
        removed_.emplace_back(rid_, id);
    }
    while (removed_.size() > kRemovalsKept) {
        oldest_removal_rid_ = removed_.front().first;
        removed_.pop_front();
    }
}

std::vector<engine::TorrentSnapshot> TorrentMirror::torrents() const {
    std::lock_guard lock(mutex_);
    std::vector<engine::TorrentSnapshot> out;
    out.reserve(rows_.size());
    for (const auto& [id, row] : rows_)
        out.push_back(row.snapshot);
    return out;
}

std::optional<engine::TorrentSnapshot> TorrentMirror::find(const engine::TorrentId& id) const {
    std::lock_guard lock(mutex_);
    auto it = rows_.find(id);
    return it == rows_.end() ? std::nullopt : std::optional(it->second.snapshot);
}

std::optional<engine::TorrentSnapshot> TorrentMirror::find_hash(const std::string& hash) const {
    std::string h = hash;
    for (char& c : h)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto id = engine::TorrentId::parse(h)) {
        if (auto s = find(*id)) return s;
    }
    std::lock_guard lock(mutex_);
    for (const auto& [id, row] : rows_)
        if (row.snapshot.hashes.v1 == h || row.snapshot.hashes.v2 == h) return row.snapshot;
    return std::nullopt;
}

engine::SessionStats TorrentMirror::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

std::uint64_t TorrentMirror::rid() const {
    std::lock_guard lock(mutex_);
    return rid_;
}

TorrentMirror::Delta TorrentMirror::since(std::uint64_t rid) const {
    std::lock_guard lock(mutex_);
    Delta d;
    d.rid = rid_;
    d.full = rid > rid_ || rid < oldest_removal_rid_;
    for (const auto& [id, row] : rows_)
        if (d.full || row.changed_at > rid) d.changed.push_back(row.snapshot);
    if (!d.full)
        for (const auto& [at, id] : removed_)
            if (at > rid && !rows_.contains(id)) d.removed.push_back(id);
    return d;
}

}  // namespace shoal::api
