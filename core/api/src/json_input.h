// JSON from clients, parsed with a nesting limit: nlohmann's parser takes any depth, but
// destroying or copying a deeply nested value recurses once per level (internal).
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace shoal::api {

// A discarded value (is_discarded()) when the text is not JSON or nests deeper than
// `max_depth`.
inline nlohmann::json parse_client_json(std::string_view text, int max_depth = 32) {
    int depth = 0;
    bool too_deep = false;
    auto limit = [&](int, nlohmann::json::parse_event_t event, nlohmann::json&) {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start || event == E::array_start) {
            if (++depth > max_depth) too_deep = true;
        } else if (event == E::object_end || event == E::array_end) {
            --depth;
        }
        return !too_deep;  // false drops the value: nothing deep is ever built
    };
    auto j = nlohmann::json::parse(text, limit, false);
    if (too_deep) return nlohmann::json(nlohmann::json::value_t::discarded);
    return j;
}

}  // namespace shoal::api
