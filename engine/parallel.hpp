#pragma once
// The single door to oneTBB. Kernels call cs::parallel_for and never include TBB themselves,
// so a test can force serial runs and compare results.
#include <cstdint>
#include <functional>

namespace cs {

// Calls body(begin_chunk, end_chunk) on disjoint sub-ranges of [begin, end) covering it,
// possibly on several threads. `grain` is the smallest chunk worth a task of its own.
void parallel_for(int64_t begin, int64_t end, const std::function<void(int64_t, int64_t)>& body,
                  int64_t grain = 1);

// Limits the engine to `threads` worker threads (0 = all cores). 1 forces serial execution.
void set_thread_count(int threads);
int thread_count();

}  // namespace cs
