// settings.json: the registry's values as one JSON object, and the profile's copy of it.
#include <shoal/common/atomic_file.h>
#include <shoal/engine/settings.h>

#include <nlohmann/json.hpp>

#include <random>

namespace shoal::engine {

std::string settings_to_json(const Settings& settings) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& info : setting_registry())
        std::visit([&](auto member) { j[std::string(info.name)] = settings.*member; }, info.member);
    return j.dump(2) + "\n";
}

Result<Settings> settings_from_json(std::string_view text, std::string_view origin) {
    auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        return bad_input("cannot read settings '" + std::string(origin) + "': not a JSON object");
    Settings settings;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const SettingInfo* info = find_setting(it.key());
        if (!info) continue;
        const auto& v = it.value();
        std::string as_text;
        if (v.is_boolean())
            as_text = v.get<bool>() ? "true" : "false";
        else if (v.is_number_integer())
            as_text = std::to_string(v.get<std::int64_t>());
        else if (v.is_number())
            as_text = v.dump();
        else if (v.is_string())
            as_text = v.get<std::string>();
        else
            return bad_input("cannot read settings '" + std::string(origin) + "': '" + it.key() +
                             "' has an unsupported value");
        // Type agreement: a string where a number belongs (or the reverse) is an error.
        const bool wants_string = std::holds_alternative<std::string Settings::*>(info->member);
        const bool wants_bool = std::holds_alternative<bool Settings::*>(info->member);
        if (wants_string != v.is_string() || wants_bool != v.is_boolean())
            return bad_input("cannot read settings '" + std::string(origin) + "': '" + it.key() +
                             "' has the wrong type");
        if (auto r = set_setting(settings, it.key(), as_text); !r)
            return bad_input("cannot read settings '" + std::string(origin) +
                             "': " + r.error().message);
    }
    return settings;
}

Result<Settings> load_profile_settings(const std::filesystem::path& profile_dir) {
    const auto path = profile_dir / "settings.json";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        Settings settings;
        std::random_device rd;
        settings.listen_port = 20000 + static_cast<int>(rd() % 40000);
        if (auto r = save_profile_settings(profile_dir, settings); !r) return r.error();
        return settings;
    }
    auto text = read_file(path, 1 << 20);
    if (!text) return text.error();
    return settings_from_json(*text, path.string());
}

Result<void> save_profile_settings(const std::filesystem::path& profile_dir,
                                   const Settings& settings) {
    return write_file_atomic(profile_dir / "settings.json", settings_to_json(settings));
}

}  // namespace shoal::engine
