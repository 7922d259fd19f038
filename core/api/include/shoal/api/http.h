// HTTP requests and responses as plain values, for the remote-control APIs. The server
// parses and limits; handlers see only these.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shoal::api {

struct HttpRequest {
    std::string method;                             // "GET", "POST"...
    std::string target;                             // path and query, as sent
    std::string path;                               // percent-decoded path without the query
    std::multimap<std::string, std::string> query;  // decoded query parameters
    std::map<std::string, std::string> headers;     // names in lower case
    std::string body;
    std::string remote_ip;

    std::optional<std::string> header(std::string_view name) const;
    // The value of `name` in the Cookie header.
    std::optional<std::string> cookie(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "text/plain; charset=UTF-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    static HttpResponse text(int status, std::string body);
    static HttpResponse json(std::string body, int status = 200);
};

// "a=1&b=x%20y" -> {a: 1, b: "x y"} ('+' is a space, as in forms).
std::multimap<std::string, std::string> parse_form(std::string_view text);
std::string percent_decode(std::string_view text, bool plus_is_space);

// One part of a multipart/form-data body.
struct FormPart {
    std::string name;
    std::string filename;  // empty for plain fields
    std::string content_type;
    std::string data;
};
// Parses a multipart/form-data body with the boundary from `content_type`; nullopt if it
// is malformed.
std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                     std::string_view body);

}  // namespace shoal::api
