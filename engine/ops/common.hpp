#pragma once
// Pieces every op file shares: (height, width) parameter pairs, the result of shape inference
// with its formula written out for the GUI, and small validation helpers.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/tensor.hpp"

namespace cs {

// A (height, width) pair, as PyTorch's "int or tuple" parameters.
struct Pair {
    int64_t h = 0;
    int64_t w = 0;
    static Pair both(int64_t v) { return {v, v}; }
    bool operator==(const Pair&) const = default;
};

// An op's output, or a working copy of its input, may hold at most this many values (1 GB of
// floats): a 12-megapixel photo through a conv2d with 16 output channels needs 192 million. A
// request for more — a stride or a scale factor of a million — is refused before allocating.
inline constexpr int64_t max_op_output_values = 250'000'000;

// A step trace lists every cell of its window: pooling windows larger than this (a 256×256
// window) are refused for traces; the forward pass still computes them.
inline constexpr int64_t max_step_window_cells = 65'536;

// The output shape of an op and, for each spatial dimension, the formula that produced it
// with the numbers filled in, e.g. "⌊(28 + 2·2 − 1·(5 − 1) − 1) / 1⌋ + 1 = 28".
struct ShapeInfo {
    Shape shape;
    std::vector<std::string> formulas;
};

// "floor((a) / b)" for b > 0, also for negative a (C++ division truncates toward zero).
inline int64_t floor_div(int64_t a, int64_t b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}
inline int64_t ceil_div(int64_t a, int64_t b) {
    return -floor_div(-a, b);
}

// Checks shared by every parameter pair; `what` is the parameter name shown to the student.
void require_positive(const Pair& p, const std::string& op, const std::string& what);
void require_non_negative(const Pair& p, const std::string& op, const std::string& what);

std::string pair_string(const Pair& p);
// A number as a student writes it: 0.1, 2, 1e-05 (the shortest of ostream's default form).
std::string format_number(double v);

}  // namespace cs
