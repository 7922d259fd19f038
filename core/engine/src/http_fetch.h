// Fetching a .torrent over http(s) without blocking the engine thread: the request runs
// as a coroutine on the engine's io_context (internal).
#pragma once

#include <shoal/common/result.h>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace shoal::engine {

struct FetchedTorrent {
    std::string body;    // the .torrent's bytes, or
    std::string magnet;  // a magnet URI the server redirected to
};

struct FetchLimits {
    std::size_t max_body = std::size_t{64} << 20;
    std::chrono::seconds timeout{30};
    int max_redirects = 5;
    std::string user_agent = "Shoal/0.1.0";
};

// Calls `done` on the io_context's thread with the body, or an error naming the URL:
// bad_input for 4xx and malformed URLs, runtime for network failures and 5xx.
void fetch_torrent_url(boost::asio::io_context& ioc, std::string url, FetchLimits limits,
                       std::function<void(Result<FetchedTorrent>)> done);

}  // namespace shoal::engine
