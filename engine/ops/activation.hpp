#pragma once
// Element-wise activations as torch.nn.functional: relu, leaky_relu, sigmoid, tanh. Each output
// element depends on one input element only, so they work on tensors of any shape.
#include <string>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

enum class ActivationKind { relu, leaky_relu, sigmoid, tanh };

struct ActivationParams {
    ActivationKind kind = ActivationKind::relu;
    double negative_slope = 0.01;  // leaky_relu only: the slope for x ≤ 0
};

const char* activation_name(ActivationKind kind);
// "relu", "leaky_relu", "sigmoid", "tanh"; throws cs::Error for another name.
ActivationKind activation_kind(const std::string& name);

// f(x) and f'(x) for one element. sigmoid and tanh saturate to exactly 0, 1 or ±1 for large |x|
// (no overflow, no NaN).
float activation_value(float x, const ActivationParams& p);
float activation_slope(float x, const ActivationParams& p);
// activation_value over n values (in place when src == dst).
void apply_activation(const float* src, float* dst, int64_t n, const ActivationParams& p);

ShapeInfo activation_output_shape(const Shape& input, const ActivationParams& p);
Tensor activation_forward(const Tensor& input, const ActivationParams& p);
// One tap, the input element. relu and leaky_relu also give the slope applied as its `weight`
// (1 for x > 0, else 0 or negative_slope), so that output = value × weight.
Step activation_trace(const Tensor& input, const ActivationParams& p, const Index4& at);
// grad_input = grad_output · f'(input). At x = 0 relu passes no gradient (as torch).
Tensor activation_backward(const Tensor& input, const Tensor& grad_output,
                           const ActivationParams& p);

// Shorthands for the training code.
Tensor relu(const Tensor& input);
Tensor leaky_relu(const Tensor& input, double negative_slope = 0.01);
Tensor sigmoid(const Tensor& input);
Tensor tanh(const Tensor& input);

}  // namespace cs
