#include "sandbox.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <fstream>
#include <linux/magic.h>
#include <random>
#include <sys/vfs.h>
#include <unistd.h>

namespace shoal::test {

Sandbox::Sandbox() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "test";
    for (char& c : name)
        if (c == '/') c = '_';
    const char* base = std::getenv("SHOAL_TEST_TMP");
    root_ = std::filesystem::path(base && *base ? base
                                                : std::filesystem::temp_directory_path().string()) /
            ("shoal-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    // A `shoal` run without --profile uses the default profile: keep it in the sandbox too.
    ::setenv("XDG_DATA_HOME", (root_ / "xdg-data").c_str(), 1);
}

Sandbox::~Sandbox() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    if (info && info->result()->Failed()) {
        std::fprintf(stderr, "sandbox kept for inspection: %s\n", root_.c_str());
        return;
    }
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
}

void write_payload(const std::filesystem::path& file, std::int64_t size, std::uint64_t seed) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    std::mt19937_64 rng(seed);
    std::vector<std::uint64_t> chunk(8192);
    std::int64_t left = size;
    while (left > 0) {
        for (auto& w : chunk)
            w = rng();
        const auto n = std::min<std::int64_t>(left, static_cast<std::int64_t>(chunk.size() * 8));
        out.write(reinterpret_cast<const char*>(chunk.data()), n);
        left -= n;
    }
}

void write_payload_dir(const std::filesystem::path& dir, const std::vector<PayloadFile>& files,
                       std::uint64_t seed) {
    std::uint64_t i = 0;
    for (const auto& f : files)
        write_payload(dir / f.path, f.size, seed * 1000 + i++);
}

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void flip_bytes(const std::filesystem::path& file, std::int64_t offset) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    char bytes[2];
    f.seekg(offset);
    f.read(bytes, 2);
    bytes[0] = static_cast<char>(~bytes[0]);
    bytes[1] = static_cast<char>(~bytes[1]);
    f.seekp(offset);
    f.write(bytes, 2);
}

bool same_contents(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::error_code ec;
    if (!std::filesystem::exists(a, ec) || !std::filesystem::exists(b, ec)) return false;
    return read_all(a) == read_all(b);
}

::testing::AssertionResult evict_from_page_cache(const std::filesystem::path& path) {
    if (std::filesystem::is_directory(path)) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(path))
            if (e.is_regular_file())
                if (auto r = evict_from_page_cache(e.path()); !r) return r;
        return ::testing::AssertionSuccess();
    }
    struct statfs fs {};
    if (::statfs(path.c_str(), &fs) != 0 || fs.f_type == TMPFS_MAGIC)
        return ::testing::AssertionFailure()
               << "cannot evict " << path << " from the page cache: the sandbox (SHOAL_TEST_TMP) "
               << "must be on a disk, not tmpfs";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ::testing::AssertionFailure() << "cannot open " << path;
    const bool ok = ::fdatasync(fd) == 0 && ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
    ::close(fd);
    if (!ok) return ::testing::AssertionFailure() << "cannot evict " << path;
    return ::testing::AssertionSuccess();
}

}  // namespace shoal::test
