#pragma once
// flatten as torch.flatten(input, start_dim, end_dim): dimensions start_dim..end_dim merge into
// one. No value moves — row-major order already lays them out one after another — so it is a
// reshape; the lesson shows where each value lands.
#include <cstdint>
#include <string>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct FlattenParams {
    int64_t start_dim = 1;  // negative counts from the end, as in torch
    int64_t end_dim = -1;
};

// e.g. [2, 3, 4, 4] → [2, 3·4·4] = [2, 48]
ShapeInfo flatten_output_shape(const Shape& input, const FlattenParams& p);
Tensor flatten_forward(const Tensor& input, const FlattenParams& p);
// One tap: the input element that lands at output position `at`.
Step flatten_trace(const Tensor& input, const FlattenParams& p, const Index4& at);
// The gradient flows back unchanged, reshaped to the input's shape.
Tensor flatten_backward(const Tensor& grad_output, const Shape& input_shape);

// Helpers for element-wise traces over tensors of 1 to 4 dimensions: a step's `at` is the
// index padded with trailing zeros to 4 entries (the step grid pads the shape with 1s).
// Row-major offset of `at` in a tensor of `shape`; throws cs::Error naming `op` when outside.
int64_t element_offset(const Shape& shape, const Index4& at, const std::string& op);
// The padded index of row-major offset `offset`.
Index4 element_at(const Shape& shape, int64_t offset);

// A dimension index as torch reads it: negative counts from the end. Throws cs::Error naming
// `op` and `what` when it is outside [−rank, rank − 1].
int64_t wrap_dim(int64_t dim, int64_t rank, const std::string& op, const std::string& what);

}  // namespace cs
