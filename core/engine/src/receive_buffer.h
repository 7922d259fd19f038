// The kernel receive buffer of each peer connection (SO_RCVBUF), which bounds a leecher's
// memory (internal). When the network is faster than the disk and the hashing, a socket's
// receive queue fills. libtorrent then reads all of it into its receive buffer at once and
// copies each block into a write buffer before it frees that, so the process holds up to
// twice the queue. With the kernel's auto-tuning the queue grows to tcp_rmem's maximum
// (32 MiB on the bench host): a 1 GiB loopback download peaked at 70-110 MiB resident;
// with a 2 MiB buffer at 43-46 MiB, as fast. The price is each peer's window: 2 MiB is
// 40 MB/s per peer at 50 ms round trip, where auto-tuning may open wider.
#pragma once

#include <climits>

#include <cstdint>

namespace shoal::engine {

// What to ask libtorrent for, 0 meaning the kernel's auto-tuning: `wanted`, unless the
// kernel would cut it down (`kernel_max`, net.core.rmem_max, 208 KiB on a stock Debian):
// a buffer smaller than asked would narrow each peer's window below what auto-tuning gives
// there, so auto-tuning stays. `kernel_max` 0: not known, auto-tuning too.
constexpr int peer_receive_buffer(std::int64_t wanted, std::int64_t kernel_max) {
    if (wanted <= 0 || kernel_max < wanted || wanted > INT_MAX) return 0;
    return static_cast<int>(wanted);
}

}  // namespace shoal::engine
