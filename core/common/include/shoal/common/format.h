// Human-readable figures for progress lines, listings and messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shoal {

// 1536 -> "1.5 KiB"; 0 -> "0 B".
std::string format_bytes(std::int64_t bytes);
// 1536 -> "1.5 KiB/s".
std::string format_rate(std::int64_t bytes_per_second);
// 3725 -> "1:02:05", 65 -> "1:05"; nullopt -> "--:--" (unknown, e.g. no peers).
std::string format_duration(std::optional<std::int64_t> seconds);
// Seconds since the Unix epoch -> "2026-11-21 17:38:00 UTC".
std::string format_utc_time(std::int64_t unix_seconds);

// Parses "2026-11-02", "2026-11-02 10:30", "2026-11-02T10:30:05" (UTC) or Unix seconds.
std::optional<std::int64_t> parse_utc_time(std::string_view text);

// Parses "10M", "512k", "1.5MiB", "100" (bytes) into bytes; nullopt if not a size.
std::optional<std::int64_t> parse_size(std::string_view text);

}  // namespace shoal
