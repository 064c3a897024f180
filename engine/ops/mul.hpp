#pragma once
// mul as torch.mul(input, other): input · other, element by element, with torch's
// broadcasting. The gate of a squeeze-and-excitation block: each channel of a map scaled by a
// number between 0 and 1 that the network computed from the whole map.
#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

ShapeInfo mul_output_shape(const Shape& input, const Shape& other);
Tensor mul_forward(const Tensor& input, const Tensor& other);
// Two taps, one per operand (Tap::operand 0 = input, 1 = other) with the element each reads;
// output = input value · other value.
Step mul_trace(const Tensor& input, const Tensor& other, const Index4& at);

// d(a·b)/da = b and d(a·b)/db = a, each summed over the dimensions its operand broadcast along.
struct MulGrads {
    Tensor input;
    Tensor other;
};
MulGrads mul_backward(const Tensor& input, const Tensor& other, const Tensor& grad_output);

}  // namespace cs
