#pragma once
// max_pool2d as torch.nn.functional.max_pool2d: each output cell is the largest input value in
// its window; with return_indices=True the index says which input cell that was.
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/ops/common.hpp"
#include "engine/ops/pool_common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct MaxPool2dParams {
    Pair kernel_size{};
    std::optional<Pair> stride{};  // absent: stride = kernel_size
    Pair padding{0, 0};            // implicit −inf border: padding never wins
    Pair dilation{1, 1};
    bool ceil_mode = false;
};

struct MaxPool2dResult {
    Tensor output;  // (N, C, OH, OW)
    // Per output cell, the flat index h·W + w of the winning cell within its (n, c) plane, as
    // torch's return_indices; ties go to the first maximum in row-major order.
    IndexBuffer indices;
};

// Output shape with the height and width formulas; validates like torch.
ShapeInfo max_pool2d_output_shape(const Shape& input, const MaxPool2dParams& p);

// Parallel over (n, c, output row); bit-identical for any thread count.
MaxPool2dResult max_pool2d_forward(const Tensor& input, const MaxPool2dParams& p);
// The same into `result`, reusing its buffers when they already have the output's size: for
// callers that pool the same shapes again and again (the GUI replaying a lesson, benchmarks),
// which then skip allocating and zero-filling the output.
void max_pool2d_forward_into(const Tensor& input, const MaxPool2dParams& p,
                             MaxPool2dResult& result);
// The output alone, as torch's default return_indices=False: the same values, without the
// index buffer (twice the output's size) nor the work of tracking winners.
Tensor max_pool2d_values(const Tensor& input, const MaxPool2dParams& p);
// The plain serial loop the fast kernel is tested against.
MaxPool2dResult max_pool2d_forward_reference(const Tensor& input, const MaxPool2dParams& p);

// Output element `at` = (n, c, oy, ox): one tap per window cell inside the input (padding cells
// are −inf and are left out), `sum` = the maximum, `selected` = the winning tap.
Step max_pool2d_trace(const Tensor& input, const MaxPool2dParams& p, const Index4& at);

// The gradient flows only to the winner of each window: grad_input[argmax] += grad_output.
// `indices` as returned by the forward pass.
Tensor max_pool2d_backward(const Tensor& grad_output, const IndexBuffer& indices,
                           const Shape& input_shape, const MaxPool2dParams& p);

// Which output-gradient cells reach input element `at` (those windows it won), factor 1 each.
GradTrace max_pool2d_backward_trace(const Tensor& input, const MaxPool2dParams& p,
                                    const Tensor& grad_output, const Index4& at);

}  // namespace cs
