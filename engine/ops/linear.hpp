#pragma once
// linear as torch.nn.functional.linear: y = x·Wᵀ + b. Every output feature o is a weighted sum
// of all input features: y[n, o] = Σ_i x[n, i]·W[o, i] + b[o] — a convolution whose kernel
// covers the whole input.
#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

// input (…, in) — usually (N, in); weight (out, in); bias (out) or empty for none.
// Throws cs::Error when in_features or the bias length do not match.
ShapeInfo linear_output_shape(const Shape& input, const Shape& weight, const Shape& bias = Shape{});
// Parallel over (row, output feature); sums in double, so thread count does not matter.
Tensor linear_forward(const Tensor& input, const Tensor& weight, const Tensor& bias = Tensor());
Tensor linear_forward_reference(const Tensor& input, const Tensor& weight,
                                const Tensor& bias = Tensor());

// Output element `at` (the output index padded to 4): one tap per input feature i with
// kernel [i, 0, 0], value x, weight W[o, i] and product; `sum` = Σ products, `bias` = b[o].
Step linear_trace(const Tensor& input, const Tensor& weight, const Tensor& bias, const Index4& at);

struct LinearGrads {
    Tensor input;   // (…, in): grad_output · W
    Tensor weight;  // (out, in): Σ over rows of grad_outputᵀ · x
    Tensor bias;    // (out): Σ over rows of grad_output; empty when has_bias is false
};
LinearGrads linear_backward(const Tensor& input, const Tensor& weight, const Tensor& grad_output,
                            bool has_bias);

}  // namespace cs
