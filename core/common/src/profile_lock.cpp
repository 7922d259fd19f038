#include <shoal/common/profile_lock.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <unistd.h>

namespace shoal {

Result<ProfileLock> ProfileLock::acquire(const std::filesystem::path& profile_dir) {
    std::error_code ec;
    std::filesystem::create_directories(profile_dir, ec);
    if (ec) return bad_input("cannot use profile '" + profile_dir.string() + "': " + ec.message());
    const auto path = profile_dir / "lock";
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return bad_input("cannot use profile '" + profile_dir.string() +
                         "': " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char buf[32] = {};
        ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
        ::close(fd);
        std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "unknown";
        while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' '))
            holder.pop_back();
        return bad_input("profile '" + profile_dir.string() +
                         "' is in use by another Shoal process (pid " + holder +
                         "); stop it or pass --profile DIR");
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        // The pid is informational only; the lock itself is held.
    }
    return ProfileLock(fd);
}

ProfileLock::ProfileLock(ProfileLock&& other) noexcept : fd_(other.fd_) {
    other.fd_ = -1;
}

ProfileLock& ProfileLock::operator=(ProfileLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

ProfileLock::~ProfileLock() {
    if (fd_ >= 0) ::close(fd_);
}

std::filesystem::path default_profile_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
        return std::filesystem::path(xdg) / "shoal";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "share" / "shoal";
    return std::filesystem::current_path() / ".shoal";
}

}  // namespace shoal
