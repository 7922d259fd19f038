#include "read_exactly.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace shoal::hashing {

Error cannot_read(const std::filesystem::path& file, const std::string& why) {
    return bad_input("cannot read '" + file.string() + "': " + why);
}

std::string read_exactly(int fd, std::int64_t offset, std::uint8_t* out, std::size_t len) {
    std::size_t done = 0;
    while (done < len) {
        const ssize_t n = ::pread(fd, out + done, len - done,
                                  static_cast<off_t>(offset) + static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::strerror(errno);
        if (n == 0) return "the file shrank while it was hashed";
        done += static_cast<std::size_t>(n);
    }
    return {};
}

}  // namespace shoal::hashing
