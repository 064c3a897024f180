#pragma once
// Helpers shared by the conv tests: random tensors and golden-case loops.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "engine/ops/conv_kernel.hpp"
#include "engine/tensor.hpp"

namespace cs::test {

// Values k/16 in [-2, 2): products and sums of a few thousand of them are exact in float32,
// so the fast kernel (with or without FMA) and the reference must agree bit for bit.
inline Tensor quantized_tensor(const Shape& shape, std::mt19937& rng) {
    std::uniform_int_distribution<int> pick(-32, 31);
    Tensor t(shape);
    for (float& v : t.values()) {
        v = static_cast<float>(pick(rng)) / 16.0f;
    }
    return t;
}

inline Tensor normal_tensor(const Shape& shape, std::mt19937& rng) {
    std::normal_distribution<float> pick(0.0f, 1.0f);
    Tensor t(shape);
    for (float& v : t.values()) {
        v = pick(rng);
    }
    return t;
}

inline int64_t uniform(std::mt19937& rng, int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

inline bool bit_identical(const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() && a.values() == b.values();
}

// |a − b| ≤ 1e-5 + 1e-5·|b|, the trace contract "output equals the forward result".
inline bool close_relative(double a, double b, double rtol = 1e-5) {
    return std::abs(a - b) <= 1e-5 + rtol * std::abs(b);
}

// Runs `body` once with each version of the vector kernel this processor can run (AVX-512,
// AVX2, portable), forcing the engine to use it, so that a machine tests every version it has
// and not only the one the engine would pick. Returns how many versions ran.
template <typename Body>
int for_each_kernel_version(Body&& body) {
    int ran = 0;
    for (const char* version : {"avx512+fma", "avx2+fma", "portable"}) {
        if (!conv_kernel::use_instruction_set(version)) {
            continue;  // not on this processor
        }
        INFO("kernel version " << version);
        body();
        ++ran;
    }
    conv_kernel::use_instruction_set("");
    return ran;
}

}  // namespace cs::test
