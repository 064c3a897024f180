#pragma once
// Clamping activations as torch.nn.functional: relu6 (clamp to [0, 6], MobileNet's), hardtanh
// (clamp to [min_val, max_val]) and torch.clamp (min and/or max). Each output element depends
// on its input element only, so they work on tensors of any shape.
#include <optional>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

// y = min(max(x, min), max). As torch.clamp: when min > max every output is max, and a NaN
// input stays NaN.
struct ClampParams {
    std::optional<double> min;
    std::optional<double> max;
    // torch.clamp passes the gradient at x == min or max; hardtanh and relu6 do not.
    bool gradient_at_bounds = true;
};

ClampParams relu6_params();
// min_val > max_val is accepted, as torch: every output is max_val.
ClampParams hardtanh_params(double min_val = -1.0, double max_val = 1.0);

float clamp_value(float x, const ClampParams& p);

ShapeInfo clamp_output_shape(const Shape& input, const ClampParams& p);
Tensor clamp_forward(const Tensor& input, const ClampParams& p);
// One tap, the input element; its weight is the slope (1 inside the range, 0 where clamped).
Step clamp_trace(const Tensor& input, const ClampParams& p, const Index4& at);
// grad_input = grad_output inside the range, 0 where clamped (at the bounds themselves as
// gradient_at_bounds says; nowhere when min > max), as torch.
Tensor clamp_backward(const Tensor& input, const Tensor& grad_output, const ClampParams& p);

}  // namespace cs
