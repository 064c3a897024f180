#pragma once
// add as torch.add(input, other, alpha=1): input + alpha·other, element by element, with
// torch's broadcasting (shapes aligned from the right; an extent of 1, or a missing leading
// dimension, repeats). The join of a residual block: F(x) + x.
#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct AddParams {
    double alpha = 1.0;
};

// The broadcast shape of two operands; throws cs::Error naming the first dimension where
// they disagree, e.g. "the size of input (4) must match the size of other (5) at dimension 3".
ShapeInfo add_output_shape(const Shape& input, const Shape& other);
Tensor add_forward(const Tensor& input, const Tensor& other, const AddParams& p = {});
// Two taps, one per operand (Tap::operand 0 = input, 1 = other) with the element each reads,
// weight 1 and alpha; output = Σ value · weight.
Step add_trace(const Tensor& input, const Tensor& other, const AddParams& p, const Index4& at);

// Gradients of both operands: grad_output summed over the dimensions each one broadcast
// along, so each has its operand's shape (other's also scaled by alpha).
struct AddGrads {
    Tensor input;
    Tensor other;
};
AddGrads add_backward(const Shape& input, const Shape& other, const Tensor& grad_output,
                      const AddParams& p = {});

}  // namespace cs
