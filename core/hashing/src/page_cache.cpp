#include "page_cache.h"

#include <algorithm>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace shoal::hashing {
namespace {

constexpr std::int64_t kSampleBytes = std::int64_t{1} << 20;

// Resident pages and pages in [offset, offset + len) of a file; none resident if `fd` is
// not an open file (-1: it could not be opened) or cannot be mapped.
std::pair<std::int64_t, std::int64_t> resident_pages(int fd, std::int64_t offset, std::int64_t len,
                                                     std::int64_t page) {
    const std::int64_t begin = offset / page * page;
    const auto map_len = static_cast<std::size_t>(offset + len - begin);
    const auto pages = static_cast<std::int64_t>((map_len + static_cast<std::size_t>(page) - 1) /
                                                 static_cast<std::size_t>(page));
    void* base = ::mmap(nullptr, map_len, PROT_READ, MAP_SHARED, fd, begin);
    if (base == MAP_FAILED) return {0, pages};
    std::vector<unsigned char> vec(static_cast<std::size_t>(pages));
    std::int64_t resident = 0;
    if (::mincore(base, map_len, vec.data()) == 0)
        resident = std::count_if(vec.begin(), vec.end(), [](unsigned char v) { return v & 1; });
    ::munmap(base, map_len);
    return {resident, pages};
}

}  // namespace

double cached_fraction(const std::vector<LayoutFile>& files, int samples) {
    std::int64_t total = 0;
    for (const auto& f : files)
        if (!f.pad) total += f.size;
    if (total == 0 || samples <= 0) return 1.0;

    const std::int64_t page = ::sysconf(_SC_PAGESIZE);
    std::int64_t resident = 0;
    std::int64_t pages = 0;
    std::int64_t before = 0;  // bytes of the files before `f`
    int next = 0;             // the next sample
    for (const auto& f : files) {
        if (f.pad || f.size == 0) continue;
        const std::int64_t end = before + f.size;
        int fd = -1;
        // Sample k sits at byte (2k + 1) * total / (2 * samples) of the data.
        for (; next < samples; ++next) {
            const std::int64_t at = (2 * std::int64_t{next} + 1) * total / (2 * samples);
            if (at >= end) break;
            if (fd < 0) fd = ::open(f.disk_path.c_str(), O_RDONLY | O_CLOEXEC);
            const std::int64_t from = std::max(before, std::min(at, end - kSampleBytes)) - before;
            const std::int64_t len = std::min(kSampleBytes, f.size - from);
            auto [r, n] = resident_pages(fd, from, len, page);
            resident += r;
            pages += n;
        }
        if (fd >= 0) ::close(fd);
        before = end;
        if (next >= samples) break;
    }
    return pages > 0 ? static_cast<double>(resident) / static_cast<double>(pages) : 1.0;
}

}  // namespace shoal::hashing
