#include "daemon_runner.h"

#include <gtest/gtest.h>

#include <regex>

namespace shoal::test {

DaemonProcess::DaemonProcess(const std::filesystem::path& profile, std::vector<std::string> extra) {
    const int port = free_tcp_port();
    std::vector<std::string> argv{shoal_bin(),         "daemon", "--profile", profile.string(),
                                  "--loopback",        "--port", "0",         "--webui-port",
                                  std::to_string(port)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<Process>(argv);
    const bool up = process_->wait_for(
        [](const std::string&, const std::string& err) {
            return err.find("web UI and APIs on") != std::string::npos;
        },
        std::chrono::seconds(30));
    if (!up) {
        ADD_FAILURE() << "the daemon did not start\n" << process_->err();
        return;
    }
    std::smatch m;
    const std::string err = process_->err();
    if (std::regex_search(err, m, std::regex("password '([^']+)'"))) password_ = m[1].str();
    endpoint_ = "127.0.0.1:" + std::to_string(port);
}

bool DaemonProcess::login(const std::string& password) {
    auto r = http_call(endpoint_, "POST", "/api/v2/auth/login",
                       {{"Content-Type", "application/x-www-form-urlencoded"}},
                       form_encode({{"username", "admin"},
                                    {"password", password.empty() ? password_ : password}}));
    auto cookie = r.headers["set-cookie"];
    if (r.body != "Ok." || cookie.find("SID=") != 0) return false;
    sid_ = cookie.substr(0, cookie.find(';'));
    return true;
}

HttpReply DaemonProcess::get(const std::string& target) {
    return http_call(endpoint_, "GET", target, {{"Cookie", sid_}});
}

HttpReply DaemonProcess::post(const std::string& target,
                              const std::vector<std::pair<std::string, std::string>>& form) {
    return http_call(endpoint_, "POST", target,
                     {{"Cookie", sid_}, {"Content-Type", "application/x-www-form-urlencoded"}},
                     form_encode(form));
}

HttpReply DaemonProcess::post_multipart(const std::string& target, const Multipart& body) {
    return http_call(endpoint_, "POST", target,
                     {{"Cookie", sid_}, {"Content-Type", body.content_type}}, body.body);
}

nlohmann::json DaemonProcess::torrents(const std::string& query) {
    auto r = get("/api/v2/torrents/info" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
}

nlohmann::json DaemonProcess::torrent(const std::string& hash) {
    auto list = torrents("?hashes=" + hash);
    return list.is_array() && !list.empty() ? list[0] : nlohmann::json();
}

}  // namespace shoal::test
