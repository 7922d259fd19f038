// How the heap gives memory back to the system (glibc; no-ops elsewhere).
//
// glibc serves large allocations from mmap, but once such a block is freed it raises that
// threshold to the block's size and keeps up to twice as much free at the top of each
// thread's arena, where malloc_trim does not reach. A burst of work (an answer about every
// torrent, a profile restored) then stays resident: 10,000 torrents, torrents/info three
// times, 106 -> 142 MiB even after malloc_trim. With the threshold fixed, the same ends at
// 104 MiB.
#pragma once

namespace shoal {

// Fixes the threshold (allocations of 1 MiB or more are mapped, and unmapped when freed) and
// with it the automatic trim at 128 KiB of free memory. For processes that stay up (the
// daemon, the desktop app), called before they start threads. Not for one-shot transfers:
// libtorrent allocates receive buffers of 1-11 MB again and again, which are then mapped
// and faulted in anew each time (4 `shoal get` of 1 GiB in a swarm: page faults 350k ->
// 500k, system time +0.5 s in all).
void limit_retained_memory();

// The opposite, for a one-shot download (`shoal get` without seeding), before it starts threads:
// nothing below 32 MiB is mapped, and the heap keeps up to 256 MiB free (growing 16 MiB
// at a time) instead of handing it back. Each page handed back costs a page fault when it
// is used again: 13 us on this kind of machine (a virtual one). A download's buffers come
// and go all the time, so the heap gave back and faulted in the same few MiB over and over
// (1,000 files / 98 MiB: 9,300 faults -> 5,200, CPU 0.61 -> 0.48 s; 1 GiB: 12,500 -> 6,100).
// Each arena's peak stays the same: what is kept is what it had in use before.
void keep_freed_memory();

// Gives the free pages inside the heap back too. Call after such a burst, not in a loop (it
// walks every arena).
void release_free_memory();

}  // namespace shoal
