// A zeroed buffer for a piece's bytes, on transparent huge pages where the kernel gives
// them (internal).
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>

namespace shoal::hashing {

// Hashing reads each piece into one buffer per worker. On 4 KiB pages every page of a
// fresh buffer costs a page fault, and faults are dear on a virtual machine: on the bench
// host (a paravirtualised guest, THP "madvise") zeroing 2 MiB took 5.6 ms on 4 KiB pages and
// 0.11 ms on one huge page, and the kernel copied the page cache into a huge-page buffer
// about 7% faster (7.4 against 6.9 GB/s). Where huge pages are off, or the piece is smaller
// than half a huge page, this is an ordinary anonymous map.
class PieceBuffer {
  public:
    PieceBuffer() = default;
    explicit PieceBuffer(std::size_t size);  // throws std::bad_alloc
    ~PieceBuffer();
    PieceBuffer(PieceBuffer&& other) noexcept;
    PieceBuffer& operator=(PieceBuffer&& other) noexcept;
    PieceBuffer(const PieceBuffer&) = delete;
    PieceBuffer& operator=(const PieceBuffer&) = delete;

    std::uint8_t* data() { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::span<const std::uint8_t> first(std::size_t n) const {
        assert(n <= size_);
        return {data_, n};
    }

  private:
    void release();

    void* map_ = nullptr;  // the whole mapping, aligned or not
    std::size_t map_len_ = 0;
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace shoal::hashing
