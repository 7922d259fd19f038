// The one loop that reads a byte range of a file for hashing (internal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace shoal::hashing {

// Reads exactly `len` bytes at `offset` of the open file `fd` into `out`, going on after
// interrupted and short reads. Empty on success, else why not: the system's error, or that
// the file shrank while it was hashed.
std::string read_exactly(int fd, std::int64_t offset, std::uint8_t* out, std::size_t len);

}  // namespace shoal::hashing
