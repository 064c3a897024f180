#include "engine/parallel.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include <memory>
#include <mutex>

namespace cs {
namespace {

std::mutex control_mutex;
std::unique_ptr<tbb::global_control> thread_limit;
int requested_threads = 0;

}  // namespace

void parallel_for(int64_t begin, int64_t end, const std::function<void(int64_t, int64_t)>& body,
                  int64_t grain) {
    if (end <= begin) {
        return;
    }
    if (thread_count() == 1 || end - begin <= grain) {
        body(begin, end);
        return;
    }
    tbb::parallel_for(tbb::blocked_range<int64_t>(begin, end, grain > 0 ? grain : 1),
                      [&](const tbb::blocked_range<int64_t>& r) { body(r.begin(), r.end()); });
}

void set_thread_count(int threads) {
    std::lock_guard lock(control_mutex);
    thread_limit.reset();
    requested_threads = threads > 0 ? threads : 0;
    if (requested_threads > 0) {
        thread_limit = std::make_unique<tbb::global_control>(
            tbb::global_control::max_allowed_parallelism, static_cast<size_t>(requested_threads));
    }
}

int thread_count() {
    return static_cast<int>(
        tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

}  // namespace cs
