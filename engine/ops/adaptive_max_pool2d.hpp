#pragma once
// adaptive_max_pool2d as torch.nn.functional: the largest value of each adaptive window (the
// windows of adaptive_avg_pool2d). With return_indices torch also gives the winner's index in
// its (H, W) plane; ties go to the first maximum in row-major order, and a NaN wins.
#include "engine/ops/adaptive_avg_pool2d.hpp"

namespace cs {

struct AdaptiveMaxPoolResult {
    Tensor output;
    IndexBuffer indices;  // flat index y·W + x within the plane, as torch's return_indices
};

AdaptiveMaxPoolResult adaptive_max_pool2d_forward(const Tensor& input, const AdaptivePoolParams& p);
// The window's cells as taps; `selected` is the winner.
Step adaptive_max_pool2d_trace(const Tensor& input, const AdaptivePoolParams& p, const Index4& at);
// Each output gradient goes to its window's winner (a cell winning several windows collects
// them all).
Tensor adaptive_max_pool2d_backward(const Shape& input, const Tensor& grad_output,
                                    const IndexBuffer& indices, const AdaptivePoolParams& p);

}  // namespace cs
