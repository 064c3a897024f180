#pragma once
// torch's broadcasting for the elementwise joins (add, mul): shapes aligned from the right, an
// extent of 1 or a missing leading dimension repeats. Shared by their forward, trace and
// backward passes.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

// The broadcast shape of two operands; throws cs::Error naming `op` and the first dimension
// where they disagree.
Shape broadcast_shape(const Shape& input, const Shape& other, const std::string& op);
// The same with its formula: "(1, 3, 4, 4) + (3, 1, 1) → (1, 3, 4, 4) (an extent of 1
// repeats)", `symbol` between the operands.
ShapeInfo broadcast_shape_info(const Shape& input, const Shape& other, const std::string& op,
                               const std::string& symbol);

// Row-major strides of `operand` seen from an output of shape `out`: 0 along the dimensions
// it broadcasts.
std::vector<int64_t> broadcast_strides(const Shape& operand, const Shape& out);

// Calls f(i, offset in a, offset in b) for output elements [begin, end) in row-major order,
// walking a carried multi-index (no division per element).
template <typename F>
void for_each_broadcast(const Shape& out, const std::vector<int64_t>& sa,
                        const std::vector<int64_t>& sb, int64_t begin, int64_t end, F&& f) {
    const size_t rank = out.size();
    std::vector<int64_t> index(rank, 0);
    int64_t rest = begin;
    int64_t a = 0, b = 0;
    for (size_t d = rank; d-- > 0;) {
        index[d] = rest % out[d];
        rest /= out[d];
        a += index[d] * sa[d];
        b += index[d] * sb[d];
    }
    for (int64_t i = begin; i < end; ++i) {
        f(i, a, b);
        for (size_t d = rank; d-- > 0;) {
            if (++index[d] < out[d]) {
                a += sa[d];
                b += sb[d];
                break;
            }
            a -= (out[d] - 1) * sa[d];
            b -= (out[d] - 1) * sb[d];
            index[d] = 0;
        }
    }
}

// The operand's own index of output element `at` (padded to 4 entries).
Index4 broadcast_operand_index(const Shape& operand, const Shape& out, const Index4& at);

// Sums `grad` (shape out) down to `operand`'s shape: the gradient of a broadcast operand.
Tensor sum_to_shape(const Shape& operand, const Shape& out, const Tensor& grad);

}  // namespace cs
