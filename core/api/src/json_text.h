// JsonText: a JSON answer written into one string as it is built. Answers about every
// torrent write each row and drop it, instead of holding a document of all rows and then
// its text: for 10,000 torrents, torrents/info's document took ~60 MB of nodes for 11 MB of
// text (internal).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace shoal::api {

// A value as the APIs answer it: compact, and invalid UTF-8 (a torrent's name is bytes)
// replaced by U+FFFD instead of an exception.
std::string answer_text(const nlohmann::json& v);

class JsonText {
  public:
    // Inside an object, each value and container is named by key() first.
    JsonText& key(std::string_view name);
    JsonText& begin_object();
    JsonText& begin_array();
    JsonText& end();  // closes the innermost object or array
    JsonText& value(const nlohmann::json& v);
    JsonText& written(std::string_view text);  // a value already written by answer_text()
    // The text; every object and array must be closed.
    std::string take();

  private:
    void separate();
    JsonText& open(char opening, char closing);

    std::string out_;
    std::vector<char> open_;  // the closing bracket of each open container
    bool first_ = true;       // nothing written yet in the innermost container
    bool named_ = false;      // a key was written, its value comes next
};

}  // namespace shoal::api
