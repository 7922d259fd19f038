// Read-only maps of whole small files, placed side by side in one reserved range of address
// space, so a hashing worker takes their hashes straight from the page cache instead of from
// a copy (internal). Unmapping costs every other core running the process a TLB shootdown
// (an interrupt, and on a virtual machine an exit to the hypervisor): one per file when
// each file has a map of its own. The arena drops all its files at once, with one remap of
// the range, when it has filled up. Touch the returned memory inside run_catching_sigbus
// (sigbus_guard.h).
#pragma once

#include <shoal/common/result.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <set>
#include <vector>

namespace shoal::hashing {

class MapArena {
  public:
    static constexpr std::size_t kSize = std::size_t{64} << 20;

    MapArena() = default;
    ~MapArena();
    MapArena(const MapArena&) = delete;
    MapArena& operator=(const MapArena&) = delete;

    // Call before each piece: once half the arena is used, drops every map, those of the
    // previous piece too.
    void next_piece();
    // Bytes [offset, offset + len) of `file`, of `size` bytes, from a map of the whole file;
    // nullptr when the arena has no room left for it or the file cannot be mapped: read it
    // instead.
    Result<const std::uint8_t*> map(const std::filesystem::path& file, std::int64_t size,
                                    std::int64_t offset, std::size_t len);

  private:
    struct Slot {
        std::filesystem::path file;
        std::size_t at = 0;
    };
    bool reserve();
    bool can_map(int fd, std::size_t span, std::uint64_t device);
    void give_up(std::size_t hole_at, std::size_t hole_len);

    std::uint8_t* base_ = nullptr;
    bool given_up_ = false;
    std::size_t used_ = 0;
    std::vector<Slot> recent_;  // the files mapped since the last piece began, and its last
    std::set<std::uint64_t> mappable_, unmappable_;  // devices, by their first file
};

}  // namespace shoal::hashing
