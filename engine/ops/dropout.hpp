#pragma once
// dropout as torch.nn.functional.dropout(input, p, training): in training each element is
// zeroed with probability p and the survivors scaled by 1/(1 − p), so the expected value is
// unchanged; in evaluation it is the identity. The mask comes from a seed, so a lesson or a
// training run shows the same mask every time (torch's own generator cannot be reproduced).
#include <cstdint>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct DropoutParams {
    double p = 0.5;  // probability of zeroing an element, 0 ≤ p ≤ 1
    bool training = true;
    uint64_t seed = 0;
};

// Throws cs::Error unless 0 ≤ p ≤ 1 (as torch).
ShapeInfo dropout_output_shape(const Shape& input, const DropoutParams& p);
// The factor each element is multiplied by: 0 (dropped) or 1/(1 − p) in training (p = 1 drops
// everything), 1 everywhere in evaluation. The same for any thread count.
Tensor dropout_scale(const Shape& input, const DropoutParams& p);
Tensor dropout_forward(const Tensor& input, const DropoutParams& p);
// One tap: the input element, its factor as the weight.
Step dropout_trace(const Tensor& input, const DropoutParams& p, const Index4& at);
// grad_input = grad_output · the forward pass's factor.
Tensor dropout_backward(const Tensor& grad_output, const Tensor& scale);

}  // namespace cs
