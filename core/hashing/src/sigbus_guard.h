// Reading a memory-mapped file raises SIGBUS when the file shrank under the mapping or its
// disk failed the read. run_catching_sigbus runs `fn` on the calling thread and turns such a
// signal into a `false` return. A SIGBUS outside these calls goes to the handler installed
// before (by default the process ends, as it would without this guard) (internal).
//
// A fault jumps out of `fn` without running destructors: while `fn` touches mapped memory it
// must not hold a lock or own anything that needs cleaning up.
#pragma once

namespace shoal::hashing {

bool run_catching_sigbus(void (*fn)(void*), void* context);

template <class F>
bool run_catching_sigbus(F& fn) {
    return run_catching_sigbus([](void* c) { (*static_cast<F*>(c))(); }, &fn);
}

}  // namespace shoal::hashing
