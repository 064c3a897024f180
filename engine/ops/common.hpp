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

}  // namespace cs
