// The `shoal` command line: get, seed, create, info. app/shoal/main.cpp only calls this.
#pragma once

namespace shoal::cli {

// Exit codes: 0 success, 1 failure while working, 2 bad input, 130 interrupted.
int run(int argc, char** argv);

}  // namespace shoal::cli
