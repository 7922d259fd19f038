// The one loop that reads a byte range of a file for hashing, and the error a failed read
// gives (internal).
#pragma once

#include <shoal/common/result.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace shoal::hashing {

// Reads exactly `len` bytes at `offset` of the open file `fd` into `out`, going on after
// interrupted and short reads. Empty on success, else why not: the system's error, or that
// the file shrank while it was hashed.
std::string read_exactly(int fd, std::int64_t offset, std::uint8_t* out, std::size_t len);

// "cannot read 'FILE': WHY", the error of every failed read while hashing.
Error cannot_read(const std::filesystem::path& file, const std::string& why);

}  // namespace shoal::hashing
