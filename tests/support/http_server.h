// A tiny HTTP/1.1 server on 127.0.0.1 for tests: fixed responses by path.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace shoal::test {

class HttpServer {
  public:
    struct Response {
        int status = 200;
        std::string body;
        std::string location;  // for redirects
    };

    HttpServer();
    ~HttpServer();
    void set(const std::string& path, Response r);
    std::string url(const std::string& path) const;
    int port() const { return port_; }

  private:
    void serve();
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::map<std::string, Response> routes_;
    std::thread thread_;
};

}  // namespace shoal::test
