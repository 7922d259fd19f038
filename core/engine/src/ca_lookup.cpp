#include "lazy_ca_file.h"

#include <shoal/engine/ca_lookup.h>

#include <openssl/x509.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace shoal::engine {
namespace {

// OpenSSL's hashed names: eight hex digits, a dot, a number ("9d04f354.0").
bool hashed_name(const std::string& name) {
    if (name.size() < 10 || name[8] != '.') return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (i < 8 ? !std::isxdigit(c) : i > 8 && !std::isdigit(c)) return false;
    }
    return true;
}

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::error_code ec;
    return std::filesystem::equivalent(a, b, ec) && !ec;
}

}  // namespace

std::optional<std::string> lazy_ca_file(const char* file_env, const char* dir_env,
                                        const std::filesystem::path& default_file,
                                        const std::filesystem::path& default_dir) {
    if (file_env && !same_file(file_env, default_file)) return std::nullopt;
    // A bundle named explicitly stays unless the directory is the default one too.
    if (file_env && dir_env && !same_file(dir_env, default_dir)) return std::nullopt;
    // A list of directories in SSL_CERT_DIR: left to OpenSSL as it is.
    const std::string dir = dir_env ? dir_env : default_dir.string();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (hashed_name(entry.path().filename().string()))
            // A file that does not exist: OpenSSL skips the bundle and keeps the directory.
            return dir + "/.shoal-no-bundle";
    return std::nullopt;
}

void use_lazy_ca_lookup() {
    if (auto file = lazy_ca_file(std::getenv(X509_get_default_cert_file_env()),
                                 std::getenv(X509_get_default_cert_dir_env()),
                                 X509_get_default_cert_file(), X509_get_default_cert_dir()))
        ::setenv(X509_get_default_cert_file_env(), file->c_str(), 1);
}

}  // namespace shoal::engine
