#include "json_text.h"

#include <stdexcept>
#include <utility>

namespace shoal::api {

std::string answer_text(const nlohmann::json& v) {
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void JsonText::separate() {
    if (named_) {  // the value of the key just written
        named_ = false;
        return;
    }
    if (!first_) out_ += ',';
    first_ = false;
}

JsonText& JsonText::key(std::string_view name) {
    separate();
    out_ += answer_text(std::string(name));
    out_ += ':';
    named_ = true;
    return *this;
}

JsonText& JsonText::open(char opening, char closing) {
    separate();
    out_ += opening;
    open_.push_back(closing);
    first_ = true;
    return *this;
}

JsonText& JsonText::begin_object() {
    return open('{', '}');
}

JsonText& JsonText::begin_array() {
    return open('[', ']');
}

JsonText& JsonText::end() {
    if (open_.empty()) throw std::logic_error("JsonText: end() without an open container");
    out_ += open_.back();
    open_.pop_back();
    first_ = false;
    return *this;
}

JsonText& JsonText::value(const nlohmann::json& v) {
    return written(answer_text(v));
}

JsonText& JsonText::written(std::string_view text) {
    separate();
    out_ += text;
    return *this;
}

std::string JsonText::take() {
    if (!open_.empty()) throw std::logic_error("JsonText: take() with a container still open");
    first_ = true;
    return std::exchange(out_, {});
}

}  // namespace shoal::api
