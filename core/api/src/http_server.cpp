#include <shoal/api/http_server.h>
#include <shoal/common/free_memory.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <array>
#include <optional>
#include <thread>
#include <utility>  // before Asio
#include <variant>

namespace shoal::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Answers at least this large give the heap's free memory back once they are sent.
constexpr std::size_t kLargeAnswer = std::size_t{1} << 20;

HttpRequest to_request(const http::request<http::string_body>& req, const std::string& ip) {
    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    const auto q = r.target.find('?');
    r.path = percent_decode(std::string_view(r.target).substr(0, q), false);
    if (q != std::string::npos) r.query = parse_form(std::string_view(r.target).substr(q + 1));
    for (const auto& field : req) {
        std::string name(field.name_string());
        for (char& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto [it, inserted] = r.headers.emplace(name, std::string(field.value()));
        if (!inserted) it->second += ", " + std::string(field.value());
    }
    r.body = req.body();
    r.remote_ip = ip;
    return r;
}

http::response<http::string_body> to_beast(HttpResponse r, unsigned version, bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "Shoal");
    res.set(http::field::content_type, r.content_type);
    for (auto& [name, value] : r.headers)
        res.insert(name, value);
    res.body() = std::move(r.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
}

// One connection: read a request, hand it over, write the answer, repeat while kept alive.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
  public:
    Session(std::shared_ptr<asio::io_context> ioc, Stream stream, std::string ip,
            std::shared_ptr<const Handler> handler, std::size_t limit)
        : ioc_(std::move(ioc)),
          stream_(std::move(stream)),
          ip_(std::move(ip)),
          handler_(std::move(handler)),
          limit_(limit) {}

    void start() {
        if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
            stream_.async_handshake(asio::ssl::stream_base::server,
                                    [self = this->shared_from_this()](beast::error_code ec) {
                                        if (!ec) self->read();
                                    });
        } else {
            read();
        }
    }

  private:
    void read() {
        parser_.emplace();
        parser_->body_limit(limit_);
        parser_->header_limit(16 * 1024);
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(60));
        http::async_read(stream_, buffer_, *parser_,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                             self->on_read(ec);
                         });
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
            ec == beast::error::timeout)
            return close();
        if (ec) {
            const int status = ec == http::error::body_limit ? 413 : 400;
            write(HttpResponse::text(status, status == 413
                                                 ? "request body too large\n"
                                                 : "malformed request: " + ec.message() + "\n"),
                  11, false, /*drain=*/true);
            return;
        }
        auto req = parser_->release();
        const unsigned version = req.version();
        const bool keep_alive = req.keep_alive();
        const bool head = req.method() == http::verb::head;
        // The handler may take a while (a URL to fetch): no deadline until the answer.
        beast::get_lowest_layer(stream_).expires_never();
        auto self = this->shared_from_this();
        auto executor = stream_.get_executor();
        // The answer may come from any thread, even after the server stopped: the session
        // keeps its io_context alive, and a post to a stopped one is dropped.
        auto respond = [self, executor, version, keep_alive, head](HttpResponse r) {
            if (head) r.body.clear();
            asio::post(executor, [self, r = std::move(r), version, keep_alive]() mutable {
                self->write(std::move(r), version, keep_alive);
            });
        };
        try {
            (*handler_)(to_request(req, ip_), respond);
        } catch (const std::exception& e) {
            respond(HttpResponse::text(500, std::string("internal error: ") + e.what() + "\n"));
        }
    }

    // `drain`: after refusing a request whose body is still coming, read and drop what
    // the client sends for a few seconds before closing, so that it sees the answer
    // instead of a reset connection.
    void write(HttpResponse r, unsigned version, bool keep_alive, bool drain = false) {
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
        auto res = std::make_shared<http::response<http::string_body>>(
            to_beast(std::move(r), version, keep_alive));
        http::async_write(stream_, *res,
                          [self = this->shared_from_this(), res, keep_alive, drain](
                              beast::error_code ec, std::size_t) mutable {
                              // A large answer was built from as much freed memory again.
                              const bool large = res->body().size() >= kLargeAnswer;
                              res.reset();
                              if (large) release_free_memory();
                              if (!ec && drain) return self->discard();
                              if (ec || !keep_alive) return self->close();
                              self->read();
                          });
    }

    void discard() {
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
        auto sink = std::make_shared<std::array<char, 65536>>();
        beast::get_lowest_layer(stream_).async_read_some(
            asio::buffer(*sink),
            [self = this->shared_from_this(), sink](beast::error_code ec, std::size_t) {
                if (ec) return self->close();
                self->discard();
            });
    }

    void close() {
        beast::error_code ec;
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>)
            stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        else
            beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    std::shared_ptr<asio::io_context> ioc_;  // first: outlives the stream
    Stream stream_;
    std::string ip_;
    std::shared_ptr<const Handler> handler_;
    std::size_t limit_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

class HttpServer::Impl {
  public:
    Impl(HttpServerOptions o, Handler h)
        : options(std::move(o)), handler(std::make_shared<const Handler>(std::move(h))) {}

    void accept() {
        acceptor->async_accept(
            asio::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
                if (ec) {
                    if (ec == asio::error::operation_aborted) return;
                    // Out of descriptors (or alike): try again in a moment, not in a loop.
                    auto timer =
                        std::make_shared<asio::steady_timer>(*ioc, std::chrono::milliseconds(200));
                    timer->async_wait([this, timer](beast::error_code) { accept(); });
                    return;
                }
                beast::error_code ignored;
                const auto remote = socket.remote_endpoint(ignored);
                std::string ip = remote.address().to_string();
                if (ip.starts_with("::ffff:")) ip = ip.substr(7);
                if (tls) {
                    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
                        ioc,
                        beast::ssl_stream<beast::tcp_stream>(beast::tcp_stream(std::move(socket)),
                                                             *tls),
                        std::move(ip), handler, options.body_limit)
                        ->start();
                } else {
                    std::make_shared<Session<beast::tcp_stream>>(
                        ioc, beast::tcp_stream(std::move(socket)), std::move(ip), handler,
                        options.body_limit)
                        ->start();
                }
                accept();
            });
    }

    HttpServerOptions options;
    std::shared_ptr<const Handler> handler;
    std::shared_ptr<asio::io_context> ioc = std::make_shared<asio::io_context>();
    std::optional<tcp::acceptor> acceptor;
    std::optional<asio::ssl::context> tls;
    std::thread thread;
    std::string endpoint;
};

HttpServer::HttpServer(HttpServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() {
    stop();
}

Result<void> HttpServer::start() {
    Impl& d = *impl_;
    const std::string where = d.options.address + ":" + std::to_string(d.options.port);
    if (!d.options.tls_certificate.empty() || !d.options.tls_key.empty()) {
        d.tls.emplace(asio::ssl::context::tls_server);
        beast::error_code ec;
        d.tls->use_certificate_chain_file(d.options.tls_certificate.string(), ec);
        if (!ec)
            d.tls->use_private_key_file(d.options.tls_key.string(), asio::ssl::context::pem, ec);
        if (ec)
            return bad_input("cannot use the TLS certificate '" +
                             d.options.tls_certificate.string() + "' and key '" +
                             d.options.tls_key.string() + "': " + ec.message());
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(d.options.address, ec);
    if (ec) return bad_input("cannot listen on '" + d.options.address + "': not an IP address");
    tcp::endpoint ep(address, static_cast<unsigned short>(d.options.port));
    d.acceptor.emplace(*d.ioc);
    d.acceptor->open(ep.protocol(), ec);
    if (!ec) d.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) d.acceptor->bind(ep, ec);
    if (!ec) d.acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        const bool in_use = ec == asio::error::address_in_use;
        return bad_input("cannot listen on " + where + ": " +
                         (in_use ? std::string("the port is in use") : ec.message()));
    }
    const auto local = d.acceptor->local_endpoint();
    d.endpoint = local.address().to_string() + ":" + std::to_string(local.port());
    d.accept();
    d.thread = std::thread([&d] { d.ioc->run(); });
    return {};
}

std::string HttpServer::endpoint() const {
    return impl_->endpoint;
}

void HttpServer::stop() {
    Impl& d = *impl_;
    if (!d.thread.joinable()) return;
    asio::post(*d.ioc, [&d] {
        beast::error_code ec;
        if (d.acceptor) d.acceptor->close(ec);
    });
    d.ioc->stop();
    d.thread.join();
}

}  // namespace shoal::api
