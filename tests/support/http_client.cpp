#include "http_client.h"

#include <shoal/common/uri.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cctype>
#include <utility>

namespace shoal::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

HttpReply http_call(const std::string& endpoint, const std::string& method,
                    const std::string& target,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    const std::string& body) {
    HttpReply reply;
    try {
        const auto colon = endpoint.rfind(':');
        asio::io_context ioc;
        asio::ip::tcp::resolver resolver(ioc);
        beast::tcp_stream stream(ioc);
        stream.expires_after(std::chrono::seconds(30));
        stream.connect(resolver.resolve(endpoint.substr(0, colon), endpoint.substr(colon + 1)));
        http::request<http::string_body> req{http::string_to_verb(method), target, 11};
        req.set(http::field::host, endpoint);
        for (const auto& [k, v] : headers)
            req.set(k, v);
        req.body() = body;
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(256 << 20);
        http::read(stream, buffer, parser);
        auto res = parser.release();
        reply.status = res.result_int();
        for (const auto& f : res) {
            std::string name(f.name_string());
            for (char& c : name)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            reply.headers[name] = std::string(f.value());
        }
        reply.body = res.body();
        beast::error_code ec;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    } catch (const std::exception& e) {
        reply.status = 0;
        reply.body = e.what();
    }
    return reply;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (!out.empty()) out.push_back('&');
        out += percent_encode(k) + "=" + percent_encode(v);
    }
    return out;
}

Multipart multipart(const std::vector<std::pair<std::string, std::string>>& fields,
                    const std::vector<std::pair<std::string, std::string>>& files) {
    const std::string boundary = "----shoalTestBoundary7MA4YWxkTrZu0gW";
    Multipart m;
    m.content_type = "multipart/form-data; boundary=" + boundary;
    for (const auto& [k, v] : fields)
        m.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k +
                  "\"\r\n\r\n" + v + "\r\n";
    for (const auto& [name, bytes] : files)
        m.body += "--" + boundary +
                  "\r\nContent-Disposition: form-data; name=\"torrents\"; filename=\"" + name +
                  "\"\r\nContent-Type: application/x-bittorrent\r\n\r\n" + bytes + "\r\n";
    m.body += "--" + boundary + "--\r\n";
    return m;
}

}  // namespace shoal::test
