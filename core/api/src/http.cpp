#include <shoal/api/http.h>

#include <cctype>

namespace shoal::api {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// The value of `key` in a header such as `form-data; name="x"; filename="y"`.
std::string param_of(std::string_view header, std::string_view key) {
    std::size_t at = 0;
    while ((at = header.find(';', at)) != std::string_view::npos) {
        ++at;
        std::string_view rest = trim(header.substr(at));
        auto eq = rest.find('=');
        if (eq == std::string_view::npos) continue;
        if (lower(trim(rest.substr(0, eq))) != key) continue;
        std::string_view value = rest.substr(eq + 1);
        if (!value.empty() && value.front() == '"') {
            auto close = value.find('"', 1);
            return std::string(
                value.substr(1, close == std::string_view::npos ? value.size() - 1 : close - 1));
        }
        auto end = value.find(';');
        return std::string(trim(value.substr(0, end)));
    }
    return {};
}

}  // namespace

std::optional<std::string> HttpRequest::header(std::string_view name) const {
    auto it = headers.find(lower(name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> HttpRequest::cookie(std::string_view name) const {
    auto all = header("cookie");
    if (!all) return std::nullopt;
    std::string_view rest = *all;
    while (!rest.empty()) {
        auto semi = rest.find(';');
        std::string_view pair = trim(rest.substr(0, semi));
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name)
            return std::string(trim(pair.substr(eq + 1)));
        if (semi == std::string_view::npos) break;
        rest.remove_prefix(semi + 1);
    }
    return std::nullopt;
}

HttpResponse HttpResponse::text(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

HttpResponse HttpResponse::json(std::string body, int status) {
    HttpResponse r;
    r.status = status;
    r.content_type = "application/json";
    r.body = std::move(body);
    return r;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
    return out;
}

std::multimap<std::string, std::string> parse_form(std::string_view text) {
    std::multimap<std::string, std::string> out;
    while (!text.empty()) {
        auto amp = text.find('&');
        std::string_view pair = text.substr(0, amp);
        if (!pair.empty()) {
            auto eq = pair.find('=');
            out.emplace(percent_decode(pair.substr(0, eq), true),
                        eq == std::string_view::npos ? std::string()
                                                     : percent_decode(pair.substr(eq + 1), true));
        }
        if (amp == std::string_view::npos) break;
        text.remove_prefix(amp + 1);
    }
    return out;
}

std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                     std::string_view body) {
    const std::string boundary = param_of(content_type, "boundary");
    if (boundary.empty()) return std::nullopt;
    const std::string delimiter = "--" + boundary;
    std::vector<FormPart> parts;
    auto at = body.find(delimiter);
    if (at == std::string_view::npos) return std::nullopt;
    at += delimiter.size();
    for (;;) {
        if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
        if (body.substr(at, 2) != "\r\n") return std::nullopt;
        at += 2;
        const auto headers_end = body.find("\r\n\r\n", at);
        if (headers_end == std::string_view::npos) return std::nullopt;
        FormPart part;
        std::string_view headers = body.substr(at, headers_end - at);
        while (!headers.empty()) {
            auto eol = headers.find("\r\n");
            std::string_view line = headers.substr(0, eol);
            auto colon = line.find(':');
            if (colon != std::string_view::npos) {
                const std::string name = lower(trim(line.substr(0, colon)));
                const std::string_view value = trim(line.substr(colon + 1));
                if (name == "content-disposition") {
                    part.name = param_of(value, "name");
                    part.filename = param_of(value, "filename");
                } else if (name == "content-type") {
                    part.content_type = std::string(value);
                }
            }
            if (eol == std::string_view::npos) break;
            headers.remove_prefix(eol + 2);
        }
        const auto data_start = headers_end + 4;
        const auto next = body.find("\r\n" + delimiter, data_start);
        if (next == std::string_view::npos) return std::nullopt;
        part.data = std::string(body.substr(data_start, next - data_start));
        parts.push_back(std::move(part));
        at = next + 2 + delimiter.size();
    }
}

}  // namespace shoal::api
