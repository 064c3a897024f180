#pragma once
// conv1d, as torch.nn.functional.conv1d (and torch.nn.Conv1d for padding_mode):
//
//   out[n, oc, x] = bias[oc] + Σ_ic Σ_kx  in_padded[n, g·C/G + ic, x·s + kx·d] · weight[oc, ic, kx]
//
// A signal is an image one row high: every function here runs conv2d on (N, C, 1, L) with a
// (OC, C/G, 1, K) kernel, so the two cannot disagree. Traces use at = (n, oc, 0, x).
#include <cstdint>

#include "engine/ops/conv2d.hpp"

namespace cs {

struct Conv1dParams {
    int64_t stride = 1;
    int64_t padding = 0;        // ignored when same_padding
    bool same_padding = false;  // padding="same" (stride 1)
    int64_t dilation = 1;
    int64_t groups = 1;
    PaddingMode padding_mode = PaddingMode::zeros;
    bool flip = false;  // true convolution: the kernel is applied reversed
};

// The equivalent conv2d parameters (height: kernel 1, stride 1, no padding).
Conv2dParams conv1d_as_2d(const Conv1dParams& params);

// input (N, C, L); weight (OC, C/groups, K); bias (OC) or an empty shape.
// out (N, OC, OL) with OL = ⌊(L + 2·p − d·(K − 1) − 1) / s⌋ + 1; one formula.
ShapeInfo conv1d_output_shape(const Shape& input, const Shape& weight, const Conv1dParams& params,
                              const Shape& bias = {});

Tensor conv1d_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                      const Conv1dParams& params);
Tensor conv1d_reference(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        const Conv1dParams& params);

// at = (n, oc, 0, x); taps have kernel (ic, 0, kx) and input (n, c, 0, x).
Step conv1d_trace(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Conv1dParams& params, const Index4& at);

// grad_output (N, OC, OL) → gradients shaped like input (N, C, L), weight and bias.
ConvGrads conv1d_backward(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                          const Conv1dParams& params, bool has_bias);

}  // namespace cs
