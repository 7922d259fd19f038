// TorrentLabels: categories (each with an optional save path) and tags, and which torrent
// has which: what qBittorrent clients (the *arr apps) and Transmission's labels use to
// sort their downloads. Kept in the profile (labels.json, written atomically); thread-safe.
#pragma once

#include <shoal/common/result.h>
#include <shoal/engine/torrent_id.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace shoal::api {

class TorrentLabels {
  public:
    static Result<std::unique_ptr<TorrentLabels>> open(const std::filesystem::path& file);

    std::map<std::string, std::string> categories() const;  // name -> save path
    std::set<std::string> tags() const;
    std::string category_of(const engine::TorrentId& id) const;
    std::vector<std::string> tags_of(const engine::TorrentId& id) const;
    std::uint64_t version() const;  // changes with every edit (for sync deltas)

    Result<void> create_category(const std::string& name, const std::string& save_path);
    Result<void> edit_category(const std::string& name, const std::string& save_path);
    Result<void> remove_categories(const std::vector<std::string>& names);
    // An empty name clears the category; an unknown one is bad input.
    Result<void> set_category(const std::vector<engine::TorrentId>& ids, const std::string& name);
    Result<void> create_tags(const std::vector<std::string>& tags);
    Result<void> delete_tags(const std::vector<std::string>& tags);
    Result<void> add_tags(const std::vector<engine::TorrentId>& ids,
                          const std::vector<std::string>& tags);
    Result<void> remove_tags(const std::vector<engine::TorrentId>& ids,
                             const std::vector<std::string>& tags);
    // Replaces the torrent's tags (Transmission's labels).
    Result<void> set_tags(const engine::TorrentId& id, const std::vector<std::string>& tags);
    Result<void> forget(const engine::TorrentId& id);

  private:
    explicit TorrentLabels(std::filesystem::path file) : file_(std::move(file)) {}
    Result<void> save();  // with mutex_ held

    std::filesystem::path file_;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> categories_;
    std::set<std::string> tags_;
    std::map<engine::TorrentId, std::string> category_of_;
    std::map<engine::TorrentId, std::set<std::string>> tags_of_;
    std::uint64_t version_ = 0;
};

}  // namespace shoal::api
