// Whether data is in the page cache, estimated from a few samples (internal). Hashing data
// from memory is bound by the CPU; hashing data from disk is bound by the disk, and then a
// second hash of the same read costs no time.
#pragma once

#include <shoal/hashing/piece_layout.h>

namespace shoal::hashing {

// The fraction (0 to 1) of the files' bytes that the page cache holds, from up to `samples`
// windows spread evenly over the bytes. Pad files are skipped; a file that cannot be opened
// or mapped counts as not cached. No data is read.
double cached_fraction(const std::vector<LayoutFile>& files, int samples = 32);

}  // namespace shoal::hashing
