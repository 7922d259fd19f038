// `shoal daemon` in the background for tests: loopback only, the web UI on a free port,
// its generated password read from its log, and helpers for qBittorrent API calls.
#pragma once

#include "http_client.h"
#include "process.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace shoal::test {

class DaemonProcess {
  public:
    DaemonProcess(const std::filesystem::path& profile, std::vector<std::string> extra = {});
    bool ready() const { return !endpoint_.empty(); }
    const std::string& endpoint() const { return endpoint_; }  // "127.0.0.1:PORT"
    const std::string& password() const { return password_; }
    Process& process() { return *process_; }

    // Logs in (with the password this run printed, or `password`) and keeps the SID cookie.
    bool login(const std::string& password = {});
    HttpReply get(const std::string& target);
    HttpReply post(const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& form);
    HttpReply post_multipart(const std::string& target, const Multipart& body);
    // torrents/info (with `query`, e.g. "?filter=completed") as JSON; a failure is reported.
    nlohmann::json torrents(const std::string& query = "");
    // The torrent `hash` as torrents/info shows it; null if it has none.
    nlohmann::json torrent(const std::string& hash);

  private:
    std::unique_ptr<Process> process_;
    std::string endpoint_;
    std::string password_;
    std::string sid_;
};

}  // namespace shoal::test
