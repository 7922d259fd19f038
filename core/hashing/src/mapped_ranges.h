// Read-only memory maps of the byte ranges a hashing worker reads, so the hashes are taken
// straight from the page cache instead of from a copy (internal). Each map is a window of
// up to kWindow bytes; the windows a piece used stay mapped for the next piece and are
// unmapped after it, so a worker holds a few windows at a time, whatever the file sizes.
// Touch the returned memory inside run_catching_sigbus (sigbus_guard.h): a file that
// shrinks while it is mapped faults instead of failing a read.
#pragma once

#include <shoal/common/result.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace shoal::hashing {

class MappedRanges {
  public:
    static constexpr std::int64_t kWindow = std::int64_t{8} << 20;

    MappedRanges() = default;
    ~MappedRanges();
    MappedRanges(const MappedRanges&) = delete;
    MappedRanges& operator=(const MappedRanges&) = delete;

    // Unmaps the windows the previous piece did not use.
    void next_piece();
    // Bytes [offset, offset + len) of the file, mapped.
    Result<const std::uint8_t*> map(const std::filesystem::path& file, std::int64_t offset,
                                    std::size_t len);

  private:
    struct Window {
        std::filesystem::path file;
        std::int64_t begin = 0;
        std::int64_t end = 0;
        void* base = nullptr;
        bool used = true;
    };
    static void unmap(Window& w);

    std::vector<Window> windows_;
};

}  // namespace shoal::hashing
