// WebAuth: who may use the remote-control APIs. One user (default "admin") whose password
// is stored only as a salted PBKDF2-HMAC-SHA256 hash in the profile; login sessions (the
// qBittorrent SID cookie) with an idle timeout; and bans of addresses that fail to log in
// repeatedly. Thread-safe.
#pragma once

#include <shoal/common/result.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace shoal::api {

struct PasswordHash {
    std::string salt_b64;
    std::string hash_b64;
    int iterations = 100000;
};

PasswordHash hash_password(const std::string& password, int iterations = 100000);
bool check_password(const PasswordHash& stored, const std::string& password);

// A random password that is easy to copy: 16 letters and digits.
std::string random_password();

struct AuthOptions {
    int max_failures = 5;                     // failed logins before a ban
    std::chrono::seconds ban_time{3600};      // how long the address is banned
    std::chrono::seconds session_idle{3600};  // a session unused this long ends
};

class WebAuth {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    // Loads `file` (webui.json in the profile) if it exists.
    static Result<std::unique_ptr<WebAuth>> open(const std::filesystem::path& file,
                                                 AuthOptions options = {}, Clock clock = {});

    bool has_password() const;
    const std::string& user() const { return user_; }
    // Stores the new password's hash (atomically, mode 0600).
    Result<void> set_password(const std::string& user, const std::string& password);

    enum class Login { ok, wrong, banned };
    // On success `sid` receives a new session id.
    Login login(const std::string& ip, const std::string& user, const std::string& password,
                std::string* sid);
    // HTTP Basic credentials (Transmission RPC): the same checks and bans.
    Login check_basic(const std::string& ip, const std::string& authorization_header);
    bool session_valid(const std::string& sid);
    void logout(const std::string& sid);
    bool banned(const std::string& ip);

  private:
    WebAuth(std::filesystem::path file, AuthOptions options, Clock clock);
    Login check(const std::string& ip, const std::string& user, const std::string& password);
    Login check_basic_uncached(const std::string& ip, const std::string& header);

    std::filesystem::path file_;
    AuthOptions options_;
    Clock clock_;
    mutable std::mutex mutex_;
    std::string user_ = "admin";
    std::optional<PasswordHash> hash_;
    std::map<std::string, std::chrono::steady_clock::time_point> sessions_;  // sid -> last use
    struct Failures {
        int count = 0;
        std::chrono::steady_clock::time_point banned_until{};
    };
    std::map<std::string, Failures> failures_;
    std::map<std::string, std::chrono::steady_clock::time_point> basic_ok_;  // header -> when
};

}  // namespace shoal::api
