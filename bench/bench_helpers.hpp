#pragma once
// What the benchmark programs that race OpenCV share: one thread count for both libraries, and
// seeded random inputs.
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>

#include <random>

#include "engine/parallel.hpp"
#include "engine/tensor.hpp"

namespace cs::bench {

// The benchmark's argument is the thread count, for the engine and for OpenCV alike.
inline void use_threads(const benchmark::State& state) {
    const int threads = static_cast<int>(state.range(0));
    set_thread_count(threads);
    cv::setNumThreads(threads);
}

// Values drawn uniformly from [-1, 1), seeded: the same input on every run.
inline Tensor random_tensor(const Shape& shape, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> pick(-1.0f, 1.0f);
    Tensor t(shape);
    for (float& v : t.values()) {
        v = pick(rng);
    }
    return t;
}

}  // namespace cs::bench
