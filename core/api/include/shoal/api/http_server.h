// HttpServer: a small HTTP/1.1 server (Boost.Beast) on its own thread, for the daemon's
// remote-control APIs and web UI. Bodies above the limit are refused with 413, malformed
// requests with 400; the handler answers asynchronously, from any thread.
#pragma once

#include <shoal/api/http.h>
#include <shoal/common/result.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace shoal::api {

using Respond = std::function<void(HttpResponse)>;
using Handler = std::function<void(HttpRequest, Respond)>;

struct HttpServerOptions {
    std::string address = "127.0.0.1";
    int port = 8080;  // 0: any free port
    std::size_t body_limit = 64 << 20;
    std::filesystem::path tls_certificate;  // PEM; with tls_key, serve HTTPS
    std::filesystem::path tls_key;
};

class HttpServer {
  public:
    HttpServer(HttpServerOptions options, Handler handler);
    ~HttpServer();  // stops
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts serving; an error names the address and why (in use, no such
    // address, unreadable certificate).
    Result<void> start();
    // "127.0.0.1:8080" once started.
    std::string endpoint() const;
    void stop();

    class Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace shoal::api
