#include <shoal/api/web_auth.h>
#include <shoal/common/atomic_file.h>
#include <shoal/common/base64.h>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>

namespace shoal::api {
namespace {

std::vector<std::uint8_t> random_bytes(std::size_t n) {
    std::vector<std::uint8_t> out(n);
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes");
    return out;
}

std::vector<std::uint8_t> pbkdf2(const std::string& password, const std::vector<std::uint8_t>& salt,
                                 int iterations) {
    std::vector<std::uint8_t> out(32);
    PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                      static_cast<int>(salt.size()), iterations, EVP_sha256(),
                      static_cast<int>(out.size()), out.data());
    return out;
}

}  // namespace

PasswordHash hash_password(const std::string& password, int iterations) {
    const auto salt = random_bytes(16);
    PasswordHash h;
    h.iterations = iterations;
    h.salt_b64 = base64_encode(salt);
    h.hash_b64 = base64_encode(pbkdf2(password, salt, iterations));
    return h;
}

bool check_password(const PasswordHash& stored, const std::string& password) {
    const auto salt = base64_decode(stored.salt_b64);
    const auto expected = base64_decode(stored.hash_b64);
    if (!salt || !expected || stored.iterations < 1) return false;
    const auto got = pbkdf2(password, *salt, stored.iterations);
    return got.size() == expected->size() &&
           CRYPTO_memcmp(got.data(), expected->data(), got.size()) == 0;
}

std::string random_password() {
    static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    for (auto b : random_bytes(16))
        out.push_back(kAlphabet[b % (sizeof kAlphabet - 1)]);
    return out;
}

WebAuth::WebAuth(std::filesystem::path file, AuthOptions options, Clock clock)
    : file_(std::move(file)), options_(options), clock_(std::move(clock)) {
    if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
}

Result<std::unique_ptr<WebAuth>> WebAuth::open(const std::filesystem::path& file,
                                               AuthOptions options, Clock clock) {
    std::unique_ptr<WebAuth> auth(new WebAuth(file, options, std::move(clock)));
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return auth;
    auto text = read_file(file);
    if (!text) return text.error();
    try {
        const auto j = nlohmann::json::parse(*text);
        auth->user_ = j.value("user", "admin");
        if (j.contains("password")) {
            PasswordHash h;
            h.salt_b64 = j["password"].at("salt");
            h.hash_b64 = j["password"].at("hash");
            h.iterations = j["password"].at("iterations");
            auth->hash_ = h;
        }
    } catch (const std::exception& e) {
        return bad_input("cannot read '" + file.string() + "': " + e.what());
    }
    return auth;
}

bool WebAuth::has_password() const {
    std::lock_guard lock(mutex_);
    return hash_.has_value();
}

Result<void> WebAuth::set_password(const std::string& user, const std::string& password) {
    if (password.size() < 6) return bad_input("the password must have at least 6 characters");
    if (user.empty()) return bad_input("the user name is empty");
    const PasswordHash h = hash_password(password);
    nlohmann::json j;
    j["user"] = user;
    j["password"] = {{"salt", h.salt_b64}, {"hash", h.hash_b64}, {"iterations", h.iterations}};
    if (auto r = write_file_atomic(file_, j.dump(2) + "\n"); !r) return r.error();
    std::error_code ec;
    std::filesystem::permissions(
        file_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    std::lock_guard lock(mutex_);
    user_ = user;
    hash_ = h;
    sessions_.clear();
    basic_ok_.clear();
    return {};
}

bool WebAuth::banned(const std::string& ip) {
    std::lock_guard lock(mutex_);
    auto it = failures_.find(ip);
    return it != failures_.end() && it->second.banned_until > clock_();
}

WebAuth::Login WebAuth::check(const std::string& ip, const std::string& user,
                              const std::string& password) {
    std::unique_lock lock(mutex_);
    auto& f = failures_[ip];
    if (f.banned_until > clock_()) return Login::banned;
    const std::optional<PasswordHash> hash = hash_;
    const std::string expected_user = user_;
    lock.unlock();
    // PBKDF2 takes tens of milliseconds: not under the lock; and also for a wrong user
    // name, so that the time taken does not tell whether the name was right.
    const bool password_ok = hash && check_password(*hash, password);
    const bool ok = password_ok && user == expected_user;
    lock.lock();
    if (failures_.size() > 10000) {
        // Forget addresses that are neither banned nor failing now.
        const auto now = clock_();
        std::erase_if(failures_, [&](const auto& p) {
            return p.first != ip && p.second.banned_until <= now && p.second.count == 0;
        });
    }
    if (ok) {
        f.count = 0;
        return Login::ok;
    }
    if (++f.count >= options_.max_failures) {
        f.count = 0;
        f.banned_until = clock_() + options_.ban_time;
    }
    return Login::wrong;
}

WebAuth::Login WebAuth::login(const std::string& ip, const std::string& user,
                              const std::string& password, std::string* sid) {
    const Login result = check(ip, user, password);
    if (result == Login::ok && sid) {
        *sid = base64_encode(random_bytes(24));
        for (char& c : *sid)
            if (c == '+' || c == '/' || c == '=') c = 'x';
        std::lock_guard lock(mutex_);
        sessions_[*sid] = clock_();
    }
    return result;
}

WebAuth::Login WebAuth::check_basic(const std::string& ip, const std::string& header) {
    // Transmission clients send the same credentials with every call: once checked, the
    // exact header is trusted for a while instead of running PBKDF2 again each time.
    {
        std::lock_guard lock(mutex_);
        auto it = basic_ok_.find(header);
        if (it != basic_ok_.end() && clock_() - it->second < options_.session_idle &&
            !(failures_[ip].banned_until > clock_()))
            return Login::ok;
    }
    const Login result = check_basic_uncached(ip, header);
    if (result == Login::ok) {
        std::lock_guard lock(mutex_);
        if (basic_ok_.size() > 64) basic_ok_.clear();
        basic_ok_[header] = clock_();
    }
    return result;
}

WebAuth::Login WebAuth::check_basic_uncached(const std::string& ip, const std::string& header) {
    static constexpr std::string_view kBasic = "Basic ";
    if (!header.starts_with(kBasic)) return banned(ip) ? Login::banned : Login::wrong;
    auto decoded = base64_decode(std::string_view(header).substr(kBasic.size()));
    if (!decoded) return Login::wrong;
    const std::string pair(decoded->begin(), decoded->end());
    const auto colon = pair.find(':');
    if (colon == std::string::npos) return Login::wrong;
    return check(ip, pair.substr(0, colon), pair.substr(colon + 1));
}

bool WebAuth::session_valid(const std::string& sid) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(sid);
    if (it == sessions_.end()) return false;
    const auto now = clock_();
    if (now - it->second > options_.session_idle) {
        sessions_.erase(it);
        return false;
    }
    it->second = now;
    return true;
}

void WebAuth::logout(const std::string& sid) {
    std::lock_guard lock(mutex_);
    sessions_.erase(sid);
}

}  // namespace shoal::api
