// JsonText: answers written piece by piece must be the JSON a document would give.
#include "json_text.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace shoal::api {
namespace {

using nlohmann::json;

TEST(JsonText, NestsObjectsAndArraysWithTheirSeparators) {
    JsonText t;
    t.begin_object();
    t.key("n").value(1);
    t.key("rows").begin_array();
    for (int i = 0; i < 3; ++i)
        t.value(json{{"i", i}});
    t.begin_array().end();
    t.end();
    t.key("empty").begin_object().end();
    t.key("s").value("a\"b");
    t.end();
    const auto text = t.take();
    EXPECT_EQ(text, R"({"n":1,"rows":[{"i":0},{"i":1},{"i":2},[]],"empty":{},"s":"a\"b"})");
    EXPECT_EQ(json::parse(text)["rows"].size(), 4u);
}

TEST(JsonText, ReplacesInvalidUtf8AndRefusesUnclosedContainers) {
    JsonText t;
    t.begin_array().value(std::string("a\xff")).end();
    EXPECT_EQ(t.take(), "[\"a\xef\xbf\xbd\"]");  // U+FFFD, as the documents' answers did
    JsonText open;
    open.begin_object();
    EXPECT_THROW(open.take(), std::logic_error);
    JsonText none;
    EXPECT_THROW(none.end(), std::logic_error);
}

}  // namespace
}  // namespace shoal::api
