#include "http_fetch.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <charconv>
#include <memory>
#include <utility>  // before Asio: its awaitable.hpp uses std::exchange

namespace shoal::engine {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

struct Url {
    bool tls = false;
    std::string host;
    std::string port;
    std::string target;
};

std::optional<Url> parse_url(std::string_view url) {
    Url u;
    if (url.starts_with("https://")) {
        u.tls = true;
        url.remove_prefix(8);
        u.port = "443";
    } else if (url.starts_with("http://")) {
        url.remove_prefix(7);
        u.port = "80";
    } else {
        return std::nullopt;
    }
    auto slash = url.find_first_of("/?#");
    std::string_view authority = url.substr(0, slash);
    u.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
    if (!u.target.empty() && u.target.front() != '/') u.target.insert(0, "/");
    if (auto hash = u.target.find('#'); hash != std::string::npos) u.target.resize(hash);
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);  // user info is not sent
    if (authority.starts_with("[")) {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        u.host = std::string(authority.substr(1, close - 1));
        authority.remove_prefix(close + 1);
        if (authority.starts_with(":"))
            u.port = std::string(authority.substr(1));
        else if (!authority.empty())
            return std::nullopt;
    } else {
        auto colon = authority.rfind(':');
        u.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) u.port = std::string(authority.substr(colon + 1));
    }
    int port = 0;
    auto [p, ec] = std::from_chars(u.port.data(), u.port.data() + u.port.size(), port);
    if (u.host.empty() || ec != std::errc{} || p != u.port.data() + u.port.size() || port <= 0 ||
        port > 65535)
        return std::nullopt;
    return u;
}

// Resolves a Location header against the URL it came from.
std::string resolve_location(const Url& base, std::string_view location) {
    if (location.starts_with("http://") || location.starts_with("https://") ||
        location.starts_with("magnet:"))
        return std::string(location);
    std::string origin =
        std::string(base.tls ? "https://" : "http://") +
        (base.host.find(':') != std::string::npos ? "[" + base.host + "]" : base.host) + ":" +
        base.port;
    if (location.starts_with("/")) return origin + std::string(location);
    auto dir = base.target.substr(0, base.target.rfind('/') + 1);
    return origin + dir + std::string(location);
}

template <class Stream>
asio::awaitable<http::response<http::string_body>> exchange(Stream& stream, const Url& u,
                                                            const FetchLimits& limits) {
    http::request<http::empty_body> req{http::verb::get, u.target, 11};
    req.set(http::field::host, u.host);
    req.set(http::field::user_agent, limits.user_agent);
    req.set(http::field::accept, "application/x-bittorrent, */*");
    req.set(http::field::connection, "close");
    co_await http::async_write(stream, req, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(limits.max_body);
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    co_return parser.release();
}

asio::awaitable<http::response<http::string_body>> request_once(const Url& u,
                                                                const FetchLimits& limits) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto endpoints = co_await resolver.async_resolve(u.host, u.port, asio::use_awaitable);
    if (!u.tls) {
        beast::tcp_stream stream(executor);
        stream.expires_after(limits.timeout);
        co_await stream.async_connect(endpoints, asio::use_awaitable);
        co_return co_await exchange(stream, u, limits);
    }
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(executor, ctx);
    // SSL_set_tlsext_host_name, without the macro's C cast.
    if (!SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char*>(u.host.c_str())))
        throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                    asio::error::get_ssl_category()));
    stream.set_verify_callback(asio::ssl::host_name_verification(u.host));
    beast::get_lowest_layer(stream).expires_after(limits.timeout);
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    co_return co_await exchange(stream, u, limits);
}

asio::awaitable<Result<FetchedTorrent>> fetch(std::string url, FetchLimits limits) {
    const std::string original = url;
    const std::string what = "cannot fetch '" + original + "': ";
    for (int hop = 0; hop <= limits.max_redirects; ++hop) {
        auto u = parse_url(url);
        if (!u) co_return bad_input(what + "not a valid http(s) URL");
        http::response<http::string_body> res;
        try {
            res = co_await request_once(*u, limits);
        } catch (const beast::system_error& e) {
            if (e.code() == http::error::body_limit)
                co_return bad_input(what + "larger than " + std::to_string(limits.max_body) +
                                    " bytes");
            if (e.code() == beast::error::timeout)
                co_return runtime_error(what + "timed out after " +
                                        std::to_string(limits.timeout.count()) + " s");
            co_return runtime_error(what + e.code().message());
        }
        const unsigned status = res.result_int();
        if (status >= 300 && status < 400 && res.count(http::field::location)) {
            const auto location = res[http::field::location];
            url = resolve_location(*u, std::string_view(location.data(), location.size()));
            if (url.starts_with("magnet:")) co_return FetchedTorrent{{}, url};
            continue;
        }
        if (status != 200) {
            std::string msg =
                what + "HTTP " + std::to_string(status) + " " + std::string(res.reason());
            co_return status >= 400 && status < 500 ? bad_input(msg) : runtime_error(msg);
        }
        co_return FetchedTorrent{std::move(res.body()), {}};
    }
    co_return bad_input(what + "too many redirects");
}

asio::awaitable<void> fetch_and_report(std::string url, FetchLimits limits,
                                       std::function<void(Result<FetchedTorrent>)> done) {
    Result<FetchedTorrent> result = runtime_error("cannot fetch '" + url + "'");
    try {
        result = co_await fetch(url, std::move(limits));
    } catch (const std::exception& e) {
        result = runtime_error("cannot fetch '" + url + "': " + e.what());
    }
    done(std::move(result));
}

}  // namespace

void fetch_torrent_url(asio::io_context& ioc, std::string url, FetchLimits limits,
                       std::function<void(Result<FetchedTorrent>)> done) {
    asio::co_spawn(ioc, fetch_and_report(std::move(url), std::move(limits), std::move(done)),
                   asio::detached);
}

}  // namespace shoal::engine
