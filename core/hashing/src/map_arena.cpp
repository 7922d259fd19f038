#include "map_arena.h"

#include "mapped_ranges.h"

#include <sys/mman.h>
#include <unistd.h>

namespace shoal::hashing {
namespace {

std::size_t page_size() {
    static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

constexpr int kReserve = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
// Private: some file systems (FUSE with direct I/O) refuse shared maps, never read-only
// private ones; the pages are the page cache's either way, as nothing writes to them.
constexpr int kFileMap = MAP_PRIVATE;

}  // namespace

MapArena::~MapArena() {
    if (base_) ::munmap(base_, kSize);
}

bool MapArena::reserve() {
    if (base_ || given_up_) return base_ != nullptr;
    void* p = ::mmap(nullptr, kSize, PROT_NONE, kReserve, -1, 0);
    if (p == MAP_FAILED) {
        given_up_ = true;
        return false;
    }
    base_ = static_cast<std::uint8_t*>(p);
    return true;
}

void MapArena::next_piece() {
    // Replacing the whole range unmaps every file with a single TLB shootdown; the reserve
    // stays in place, so no other map can land inside it.
    if (base_ && used_ > kSize / 2) {
        if (::mmap(base_, kSize, PROT_NONE, kReserve | MAP_FIXED, -1, 0) == MAP_FAILED)
            give_up(0, 0);
        used_ = 0;
        recent_.clear();
    }
    // A file that goes on into the next piece is found again.
    if (recent_.size() > 1) recent_.erase(recent_.begin(), recent_.end() - 1);
}

// A map with MAP_FIXED that fails may leave a hole in the reserve (Linux before 6.12 unmaps
// the range first), which another thread's map may take at once. So the first file of each
// device is mapped anywhere first: a device whose files cannot be mapped is never tried
// inside the arena.
bool MapArena::can_map(int fd, std::size_t span, std::uint64_t device) {
    if (mappable_.count(device)) return true;
    if (unmappable_.count(device)) return false;
    void* p = ::mmap(nullptr, span, PROT_READ, kFileMap, fd, 0);
    const bool ok = p != MAP_FAILED;
    if (ok) ::munmap(p, span);  // never touched: no page to unmap, no shootdown
    (ok ? mappable_ : unmappable_).insert(device);
    return ok;
}

// Stops mapping: unmaps the reserve except [hole_at, hole_at + hole_len), which may be
// another thread's now (it stays reserved, unused, if it is still ours).
void MapArena::give_up(std::size_t hole_at, std::size_t hole_len) {
    if (hole_at > 0) ::munmap(base_, hole_at);
    if (hole_at + hole_len < kSize)
        ::munmap(base_ + hole_at + hole_len, kSize - hole_at - hole_len);
    base_ = nullptr;
    given_up_ = true;
}

Result<const std::uint8_t*> MapArena::map(const std::filesystem::path& file, std::int64_t size,
                                          std::int64_t offset, std::size_t len) {
    for (const auto& s : recent_)
        if (s.file == file) return base_ + s.at + offset;
    const std::size_t span =
        (static_cast<std::size_t>(size) + page_size() - 1) & ~(page_size() - 1);
    if (span == 0 || !reserve() || used_ + span > kSize) return nullptr;
    auto source = open_to_map(file, offset + static_cast<std::int64_t>(len));
    if (!source) return source.error();
    void* p = MAP_FAILED;
    if (source->regular && can_map(source->fd, span, source->device))
        p = ::mmap(base_ + used_, span, PROT_READ, kFileMap | MAP_FIXED, source->fd, 0);
    ::close(source->fd);
    if (p == MAP_FAILED) {
        if (mappable_.count(source->device)) give_up(used_, span);  // out of memory or maps
        return nullptr;
    }
    recent_.push_back({file, used_});
    used_ += span;
    return static_cast<const std::uint8_t*>(p) + offset;
}

}  // namespace shoal::hashing
