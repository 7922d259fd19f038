// The wall clock as Unix time, for records that outlive the process.
#pragma once

#include <chrono>
#include <cstdint>

namespace shoal {

inline std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace shoal
