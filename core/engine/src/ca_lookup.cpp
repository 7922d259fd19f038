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

}  // namespace

bool is_default_ca_bundle(const std::filesystem::path& named,
                          const std::filesystem::path& default_bundle) {
    std::error_code ec;
    return std::filesystem::equivalent(named, default_bundle, ec) && !ec;
}

void use_lazy_ca_lookup() {
    const char* file_env = std::getenv(X509_get_default_cert_file_env());
    if (file_env && !is_default_ca_bundle(file_env, X509_get_default_cert_file())) return;
    const char* dir_env = std::getenv(X509_get_default_cert_dir_env());
    // A list of directories in SSL_CERT_DIR: left to OpenSSL as it is.
    const std::string dir = dir_env ? dir_env : X509_get_default_cert_dir();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (hashed_name(entry.path().filename().string())) {
            // A file that does not exist: OpenSSL skips the bundle and keeps the directory.
            const std::string none = dir + "/.shoal-no-bundle";
            ::setenv(X509_get_default_cert_file_env(), none.c_str(), 1);
            return;
        }
}

}  // namespace shoal::engine
