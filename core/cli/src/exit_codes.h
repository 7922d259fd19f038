// Process exit codes of the `shoal` command (internal).
#pragma once

#include <shoal/common/result.h>

namespace shoal::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // something failed while working
inline constexpr int kExitBadInput = 2;  // what the user named cannot be used
inline constexpr int kExitInterrupted = 130;

inline int exit_code_for(const Error& e) {
    return e.kind == ErrorKind::bad_input ? kExitBadInput : kExitFailure;
}

// Prints "shoal: <message>" on stderr and returns the matching exit code.
int fail(const Error& e);

}  // namespace shoal::cli
