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
    // Rounded up to whole huge pages, with one more to align the start on one.
    const std::size_t len = (size + kHugePage - 1) / kHugePage * kHugePage;
    map_len_ = len + kHugePage;
    map_ = ::mmap(nullptr, map_len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map_ == MAP_FAILED) {
        map_ = nullptr;
        throw std::bad_alloc();
    }
    const auto base = reinterpret_cast<std::uintptr_t>(map_);
    data_ = reinterpret_cast<std::uint8_t*>((base + kHugePage - 1) / kHugePage * kHugePage);
    // Advice only: without huge pages the buffer still works, on small pages.
    ::madvise(data_, len, MADV_HUGEPAGE);
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
