// The rule behind use_lazy_ca_lookup(), without the environment (internal).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace shoal::engine {

// The SSL_CERT_FILE value that leaves OpenSSL only the lazy lookup in the hashed CA
// directory, or nothing where the bundle must stay: `file_env` and `dir_env` are
// SSL_CERT_FILE's and SSL_CERT_DIR's values (null: unset). A bundle may go only when it is
// the default bundle under any name and the directory is the default directory, whose hashed
// links Debian's ca-certificates makes from the same certificates; and only where that
// directory holds such links.
std::optional<std::string> lazy_ca_file(const char* file_env, const char* dir_env,
                                        const std::filesystem::path& default_file,
                                        const std::filesystem::path& default_dir);

}  // namespace shoal::engine
