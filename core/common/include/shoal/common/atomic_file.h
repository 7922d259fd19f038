// Durable file writes: every file Shoal keeps in a profile (settings, resume data,
// session state, keys) goes through write_file_atomic, so that a crash or kill -9 at any
// moment leaves either the old or the new content, never a torn file.
#pragma once

#include <shoal/common/result.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace shoal {

struct WriteOptions {
    // Permission bits of a newly created file (0600 for private keys).
    unsigned mode = 0644;
};

// Writes to a temporary file in the same directory, fsyncs it, renames it over `path`
// and fsyncs the directory. Creates missing parent directories.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view bytes,
                               WriteOptions options = {});

// The same for content produced piece by piece (large exports): `produce` writes through
// `write`; nothing replaces `path` unless both succeed.
Result<void> write_file_atomic_streamed(
    const std::filesystem::path& path,
    const std::function<Result<void>(const std::function<Result<void>(std::string_view)>& write)>&
        produce,
    WriteOptions options = {});

// Removes `path` (if present) and fsyncs its directory.
Result<void> remove_file_durably(const std::filesystem::path& path);

// Reads a whole file, refusing files larger than `max_bytes`.
Result<std::string> read_file(const std::filesystem::path& path,
                              std::size_t max_bytes = std::size_t{64} << 20);

}  // namespace shoal
