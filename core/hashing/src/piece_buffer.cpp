#include "piece_buffer.h"

#include <cstdint>
#include <new>
#include <sys/mman.h>
#include <utility>

namespace shoal::hashing {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

}  // namespace

PieceBuffer::PieceBuffer(std::size_t size) : size_(size) {
    if (size == 0) return;
    // Pieces of less than half a huge page (16-512 KiB) stay on small pages: a huge page
    // would be mostly unused.
    const bool huge = size >= kHugePage / 2;
    const std::size_t page = huge ? kHugePage : std::size_t{4096};
    // Rounded up to whole pages; for huge pages, one more to align the start on one.
    const std::size_t len = (size + page - 1) / page * page;
    map_len_ = huge ? len + kHugePage : len;
    map_ = ::mmap(nullptr, map_len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map_ == MAP_FAILED) {
        map_ = nullptr;
        throw std::bad_alloc();
    }
    const auto base = reinterpret_cast<std::uintptr_t>(map_);
    data_ = reinterpret_cast<std::uint8_t*>((base + page - 1) / page * page);
    // Advice only: without huge pages the buffer still works, on small pages. (With THP
    // defrag "madvise", the first fault may compact memory to find a huge page.)
    if (huge) ::madvise(data_, len, MADV_HUGEPAGE);
}

PieceBuffer::~PieceBuffer() {
    release();
}

PieceBuffer::PieceBuffer(PieceBuffer&& other) noexcept
    : map_(std::exchange(other.map_, nullptr)),
      map_len_(std::exchange(other.map_len_, 0)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

PieceBuffer& PieceBuffer::operator=(PieceBuffer&& other) noexcept {
    if (this != &other) {
        release();
        map_ = std::exchange(other.map_, nullptr);
        map_len_ = std::exchange(other.map_len_, 0);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

void PieceBuffer::release() {
    if (map_) ::munmap(map_, map_len_);
    map_ = nullptr;
}

}  // namespace shoal::hashing
