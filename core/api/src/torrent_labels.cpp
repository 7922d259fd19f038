#include <shoal/api/torrent_labels.h>
#include <shoal/common/atomic_file.h>

#include <nlohmann/json.hpp>

namespace shoal::api {
namespace {

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t extra = c < 0x80           ? 0
                                  : (c >> 5) == 0x6  ? 1
                                  : (c >> 4) == 0xe  ? 2
                                  : (c >> 3) == 0x1e ? 3
                                                     : 4;
        if (extra == 4 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) return false;
        for (std::size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
        i += extra + 1;
    }
    return true;
}

Result<void> check_name(const std::string& name, const char* what) {
    if (name.empty()) return bad_input(std::string("the ") + what + " name is empty");
    if (!valid_utf8(name)) return bad_input(std::string("the ") + what + " name is not UTF-8");
    if (name.size() > 256) return bad_input(std::string("the ") + what + " name is too long");
    for (char c : name)
        if (c == ',' || c == '\n' || c == '\r')
            return bad_input(std::string("a ") + what + " name cannot contain ',' or line breaks");
    return {};
}

}  // namespace

Result<std::unique_ptr<TorrentLabels>> TorrentLabels::open(const std::filesystem::path& file) {
    std::unique_ptr<TorrentLabels> labels(new TorrentLabels(file));
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return labels;
    auto text = read_file(file);
    if (!text) return text.error();
    try {
        const auto j = nlohmann::json::parse(*text);
        // (Named: a loop over a member of a temporary would read freed memory.)
        const auto categories = j.value("categories", nlohmann::json::object());
        const auto tags = j.value("tags", nlohmann::json::array());
        const auto torrents = j.value("torrents", nlohmann::json::object());
        for (const auto& [name, path] : categories.items())
            labels->categories_[name] = path.get<std::string>();
        for (const auto& t : tags)
            labels->tags_.insert(t.get<std::string>());
        for (const auto& [hex, t] : torrents.items()) {
            auto id = engine::TorrentId::parse(hex);
            if (!id) continue;
            if (t.contains("category"))
                labels->category_of_[*id] = t.at("category").get<std::string>();
            const auto torrent_tags = t.value("tags", nlohmann::json::array());
            for (const auto& tag : torrent_tags)
                labels->tags_of_[*id].insert(tag.get<std::string>());
        }
    } catch (const std::exception& e) {
        return bad_input("cannot read '" + file.string() + "': " + e.what());
    }
    return labels;
}

Result<void> TorrentLabels::save() {
    ++version_;
    nlohmann::json j;
    j["categories"] = categories_;
    j["tags"] = tags_;
    nlohmann::json torrents = nlohmann::json::object();
    for (const auto& [id, c] : category_of_)
        torrents[id.hex()]["category"] = c;
    for (const auto& [id, t] : tags_of_)
        if (!t.empty()) torrents[id.hex()]["tags"] = t;
    j["torrents"] = std::move(torrents);
    return write_file_atomic(
        file_, j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::map<std::string, std::string> TorrentLabels::categories() const {
    std::lock_guard lock(mutex_);
    return categories_;
}

std::set<std::string> TorrentLabels::tags() const {
    std::lock_guard lock(mutex_);
    return tags_;
}

std::string TorrentLabels::category_of(const engine::TorrentId& id) const {
    std::lock_guard lock(mutex_);
    auto it = category_of_.find(id);
    return it == category_of_.end() ? std::string() : it->second;
}

std::vector<std::string> TorrentLabels::tags_of(const engine::TorrentId& id) const {
    std::lock_guard lock(mutex_);
    auto it = tags_of_.find(id);
    return it == tags_of_.end() ? std::vector<std::string>()
                                : std::vector<std::string>(it->second.begin(), it->second.end());
}

std::uint64_t TorrentLabels::version() const {
    std::lock_guard lock(mutex_);
    return version_;
}

Result<void> TorrentLabels::create_category(const std::string& name, const std::string& path) {
    if (auto r = check_name(name, "category"); !r) return r;
    std::lock_guard lock(mutex_);
    if (categories_.contains(name)) return bad_input("category '" + name + "' exists");
    categories_[name] = path;
    return save();
}

Result<void> TorrentLabels::edit_category(const std::string& name, const std::string& path) {
    std::lock_guard lock(mutex_);
    auto it = categories_.find(name);
    if (it == categories_.end()) return bad_input("no category '" + name + "'");
    it->second = path;
    return save();
}

Result<void> TorrentLabels::remove_categories(const std::vector<std::string>& names) {
    std::lock_guard lock(mutex_);
    for (const auto& n : names) {
        categories_.erase(n);
        std::erase_if(category_of_, [&](const auto& p) { return p.second == n; });
    }
    return save();
}

Result<void> TorrentLabels::set_category(const std::vector<engine::TorrentId>& ids,
                                         const std::string& name) {
    std::lock_guard lock(mutex_);
    if (!name.empty() && !categories_.contains(name))
        return bad_input("no category '" + name + "'");
    for (const auto& id : ids) {
        if (name.empty())
            category_of_.erase(id);
        else
            category_of_[id] = name;
    }
    return save();
}

Result<void> TorrentLabels::create_tags(const std::vector<std::string>& tags) {
    for (const auto& t : tags)
        if (auto r = check_name(t, "tag"); !r) return r;
    std::lock_guard lock(mutex_);
    tags_.insert(tags.begin(), tags.end());
    return save();
}

Result<void> TorrentLabels::delete_tags(const std::vector<std::string>& tags) {
    std::lock_guard lock(mutex_);
    for (const auto& t : tags) {
        tags_.erase(t);
        for (auto& [id, set] : tags_of_)
            set.erase(t);
    }
    return save();
}

Result<void> TorrentLabels::add_tags(const std::vector<engine::TorrentId>& ids,
                                     const std::vector<std::string>& tags) {
    for (const auto& t : tags)
        if (auto r = check_name(t, "tag"); !r) return r;
    std::lock_guard lock(mutex_);
    tags_.insert(tags.begin(), tags.end());
    for (const auto& id : ids)
        tags_of_[id].insert(tags.begin(), tags.end());
    return save();
}

Result<void> TorrentLabels::remove_tags(const std::vector<engine::TorrentId>& ids,
                                        const std::vector<std::string>& tags) {
    std::lock_guard lock(mutex_);
    for (const auto& id : ids)
        for (const auto& t : tags)
            tags_of_[id].erase(t);
    return save();
}

Result<void> TorrentLabels::set_tags(const engine::TorrentId& id,
                                     const std::vector<std::string>& tags) {
    for (const auto& t : tags)
        if (auto r = check_name(t, "label"); !r) return r;
    std::lock_guard lock(mutex_);
    tags_.insert(tags.begin(), tags.end());
    tags_of_[id] = std::set<std::string>(tags.begin(), tags.end());
    return save();
}

Result<void> TorrentLabels::forget(const engine::TorrentId& id) {
    std::lock_guard lock(mutex_);
    const bool had = category_of_.erase(id) + tags_of_.erase(id) > 0;
    return had ? save() : Result<void>{};
}

}  // namespace shoal::api
