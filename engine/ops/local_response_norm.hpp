#pragma once
// local_response_norm as torch.nn.functional (the original AlexNet's normalisation): each value
// is divided by a power of the energy of its neighbours across channels,
//   y[c] = x[c] / (k + alpha/size · Σ x[j]²)^beta,  j = c − size//2 … c + (size − 1)//2,
// with channels beyond the edges counting as 0. Channels are dimension 1 of an input of rank 3
// or more.
#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct LocalResponseNormParams {
    int64_t size = 5;  // no default in torch: required
    double alpha = 1e-4;
    double beta = 0.75;
    double k = 1.0;
};

// Throws cs::Error for an input of rank below 3 or a size below 1.
ShapeInfo local_response_norm_output_shape(const Shape& input, const LocalResponseNormParams& p);
Tensor local_response_norm_forward(const Tensor& input, const LocalResponseNormParams& p);
// Taps: the neighbouring channels' values (beyond the edges: padding, 0); sum = Σ x²;
// quantities: the denominator (k + alpha/size·Σ)^beta.
Step local_response_norm_trace(const Tensor& input, const LocalResponseNormParams& p,
                               const Index4& at);
Tensor local_response_norm_backward(const Tensor& input, const Tensor& grad_output,
                                    const LocalResponseNormParams& p);

}  // namespace cs
