#pragma once
// linear (torch.nn.functional.linear) for training as matrix products:
//   forward   Y = X·Wᵀ + b
//   backward  ∂L/∂X = ∂L/∂Y·W,  ∂L/∂W += ∂L/∂Yᵀ·X,  ∂L/∂b += column sums of ∂L/∂Y
// The linear op (engine/ops/linear.hpp) is the reference these are tested against.
#include "engine/tensor.hpp"

namespace cs {

// input (N, IN); weight (OUT, IN); bias (OUT) or empty → output (N, OUT).
Tensor linear_gemm_forward(const Tensor& input, const Tensor& weight, const Tensor& bias);

// grad_output (N, OUT). Adds to grad_weight and grad_bias (when not empty); returns
// ∂L/∂input (N, IN) when need_grad_input, else an empty tensor.
Tensor linear_gemm_backward(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                            Tensor& grad_weight, Tensor& grad_bias, bool need_grad_input);

}  // namespace cs
