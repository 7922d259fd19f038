#include <shoal/common/atomic_file.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace shoal {
namespace {

std::string errno_text(int err) {
    return std::strerror(err);
}

Result<void> fsync_directory(const std::filesystem::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return runtime_error("cannot open directory '" + dir.string() + "': " + errno_text(errno));
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0)
        return runtime_error("cannot sync directory '" + dir.string() + "': " + errno_text(err));
    return {};
}

std::string temp_suffix() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    return ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rng() % 1000000000);
}

}  // namespace

Result<void> write_file_atomic_streamed(
    const std::filesystem::path& path,
    const std::function<Result<void>(const std::function<Result<void>(std::string_view)>& write)>&
        produce,
    WriteOptions options) {
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return runtime_error("cannot create directory '" + dir.string() + "': " + ec.message());

    const std::filesystem::path tmp = path.string() + temp_suffix();
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                    static_cast<mode_t>(options.mode));
    if (fd < 0) return runtime_error("cannot write '" + path.string() + "': " + errno_text(errno));

    auto fail = [&](const char* what, int err) -> Result<void> {
        ::close(fd);
        ::unlink(tmp.c_str());
        return runtime_error(std::string("cannot ") + what + " '" + path.string() +
                             "': " + errno_text(err));
    };
    // open() applies the umask; set the exact mode (0600 keys must not be group-readable).
    if (::fchmod(fd, static_cast<mode_t>(options.mode)) != 0) return fail("set mode of", errno);
    auto write = [&](std::string_view bytes) -> Result<void> {
        std::size_t done = 0;
        while (done < bytes.size()) {
            ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                return runtime_error("cannot write '" + path.string() + "': " + errno_text(errno));
            }
            done += static_cast<std::size_t>(n);
        }
        return {};
    };
    if (auto r = produce(write); !r) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return r;
    }
    if (::fsync(fd) != 0) return fail("sync", errno);
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return runtime_error("cannot write '" + path.string() + "': " + errno_text(err));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return runtime_error("cannot replace '" + path.string() + "': " + errno_text(err));
    }
    return fsync_directory(dir);
}

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view bytes,
                               WriteOptions options) {
    return write_file_atomic_streamed(
        path, [&](const auto& write) { return write(bytes); }, options);
}

Result<void> remove_file_durably(const std::filesystem::path& path) {
    if (::unlink(path.c_str()) != 0) {
        if (errno == ENOENT) return {};
        return runtime_error("cannot remove '" + path.string() + "': " + errno_text(errno));
    }
    return fsync_directory(path.has_parent_path() ? path.parent_path()
                                                  : std::filesystem::path("."));
}

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        return (err == ENOENT || err == EACCES || err == ENOTDIR || err == EISDIR)
                   ? bad_input("cannot read '" + path.string() + "': " + errno_text(err))
                   : runtime_error("cannot read '" + path.string() + "': " + errno_text(err));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return bad_input("cannot read '" + path.string() + "': not a regular file");
    }
    if (static_cast<std::size_t>(st.st_size) > max_bytes) {
        ::close(fd);
        return bad_input("cannot read '" + path.string() + "': larger than " +
                         std::to_string(max_bytes) + " bytes");
    }
    std::string out(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            return runtime_error("cannot read '" + path.string() + "': " + errno_text(err));
        }
        if (n == 0) break;  // the file shrank while we read it
        done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    ::close(fd);
    return out;
}

}  // namespace shoal
