// The priority of Shoal's background hashing (the ledger's BEP 52 roots): below every
// transfer, so it takes only CPU time and disk time nothing else wants.
#pragma once

namespace shoal {

// For the calling thread: the lowest CPU priority (nice 19) and the idle I/O class.
void lower_this_thread_priority();

}  // namespace shoal
