// What the command line needs to know about its terminal and its signals (internal).
#pragma once

#include <chrono>
#include <string>

namespace shoal::cli {

bool stdout_is_terminal();
int terminal_width();  // columns, 80 if unknown

// SIGINT and SIGTERM are blocked in every thread from the start and taken synchronously
// by the main loop, so a Ctrl-C always leads to an ordered shutdown.
void block_stop_signals();
// Waits up to `timeout` for SIGINT/SIGTERM; returns the signal number, or 0 after the
// timeout or a wake_main_loop().
int wait_for_stop_signal(std::chrono::milliseconds timeout);
// From any thread: ends the main thread's wait_for_stop_signal() early (the engine has news
// for it). Wakes sent while it is not waiting end its next wait at once.
void wake_main_loop();

}  // namespace shoal::cli
