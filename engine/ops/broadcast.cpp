#include "engine/ops/broadcast.hpp"

#include <algorithm>

#include "engine/error.hpp"
#include "engine/ops/common.hpp"

namespace cs {

Shape broadcast_shape(const Shape& input, const Shape& other, const std::string& op) {
    const size_t rank = std::max(input.size(), other.size());
    Shape out(rank, 1);
    for (size_t k = 0; k < rank; ++k) {
        const int64_t a = k < input.size() ? input[input.size() - 1 - k] : 1;
        const int64_t b = k < other.size() ? other[other.size() - 1 - k] : 1;
        const size_t d = rank - 1 - k;
        require(a == b || a == 1 || b == 1,
                op + ": the size of input (" + std::to_string(a) +
                    ") must match the size of other (" + std::to_string(b) + ") at dimension " +
                    std::to_string(d) + ", or one of them must be 1; input " + shape_string(input) +
                    ", other " + shape_string(other));
        out[d] = a == 1 ? b : a;
    }
    return out;
}

ShapeInfo broadcast_shape_info(const Shape& input, const Shape& other, const std::string& op,
                               const std::string& symbol) {
    const Shape out = broadcast_shape(input, other, op);
    std::string formula =
        shape_string(input) + " " + symbol + " " + shape_string(other) + " → " + shape_string(out);
    if (input != other) {
        formula += " (an extent of 1 repeats)";
    }
    return {out, {formula}};
}

std::vector<int64_t> broadcast_strides(const Shape& operand, const Shape& out) {
    std::vector<int64_t> strides(out.size(), 0);
    int64_t stride = 1;
    for (size_t k = 0; k < operand.size(); ++k) {
        const size_t d_op = operand.size() - 1 - k;
        const size_t d_out = out.size() - 1 - k;
        strides[d_out] = operand[d_op] == 1 && out[d_out] != 1 ? 0 : stride;
        stride *= operand[d_op];
    }
    return strides;
}

Index4 broadcast_operand_index(const Shape& operand, const Shape& out, const Index4& at) {
    Index4 index{0, 0, 0, 0};
    const size_t shift = out.size() - operand.size();
    for (size_t d = 0; d < operand.size(); ++d) {
        index[d] = operand[d] == 1 ? 0 : at[d + shift];
    }
    return index;
}

Tensor sum_to_shape(const Shape& operand, const Shape& out, const Tensor& grad) {
    if (operand == out) {
        return grad;
    }
    Tensor result(operand, 0.0f);
    const std::vector<int64_t> so = broadcast_strides(operand, out);
    const std::vector<int64_t> none(out.size(), 0);
    const float* g = grad.data();
    float* r = result.data();
    for_each_broadcast(out, so, none, 0, grad.numel(),
                       [&](int64_t i, int64_t o, int64_t) { r[o] += g[i]; });
    return result;
}

}  // namespace cs
