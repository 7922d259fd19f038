#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace shoal::test {

HttpServer::HttpServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0)
        throw std::runtime_error("cannot start the test HTTP server");
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

HttpServer::~HttpServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
}

void HttpServer::set(const std::string& path, Response r) {
    std::lock_guard lock(mutex_);
    routes_[path] = std::move(r);
}

std::string HttpServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void HttpServer::serve() {
    while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) continue;
        std::string request;
        char buf[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
            pollfd cp{c, POLLIN, 0};
            if (::poll(&cp, 1, 2000) <= 0) break;
            ssize_t n = ::read(c, buf, sizeof buf);
            if (n <= 0) break;
            request.append(buf, static_cast<std::size_t>(n));
        }
        const auto sp1 = request.find(' ');
        const auto sp2 = request.find(' ', sp1 + 1);
        const std::string path = sp1 == std::string::npos || sp2 == std::string::npos
                                     ? "/"
                                     : request.substr(sp1 + 1, sp2 - sp1 - 1);
        Response r{404, "not found", ""};
        {
            std::lock_guard lock(mutex_);
            if (auto it = routes_.find(path); it != routes_.end()) r = it->second;
        }
        std::string head = "HTTP/1.1 " + std::to_string(r.status) +
                           (r.status == 200   ? " OK"
                            : r.status == 404 ? " Not Found"
                                              : " Moved") +
                           "\r\nContent-Length: " + std::to_string(r.body.size()) +
                           "\r\nConnection: close\r\n";
        if (!r.location.empty()) head += "Location: " + r.location + "\r\n";
        head += "\r\n";
        std::string out = head + r.body;
        std::size_t done = 0;
        while (done < out.size()) {
            ssize_t n = ::write(c, out.data() + done, out.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::close(c);
    }
}

}  // namespace shoal::test
