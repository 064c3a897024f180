#pragma once
// conv2d, as torch.nn.functional.conv2d (and torch.nn.Conv2d for padding_mode):
//
//   out[n, oc, y, x] = bias[oc] + Σ_ic Σ_ky Σ_kx  in_padded[n, g·C/G + ic, y·sh + ky·dh, x·sw +
//   kx·dw]
//                                                 · weight[oc, ic, ky, kx]
//
// where g = oc / (OC/G) is the group of output channel oc and ic runs over the C/G input
// channels of that group. This is cross-correlation, as in every deep-learning library;
// `flip` rotates the kernel by 180° to get the convolution of signal processing.
//
// Each function below validates its arguments like torch and throws cs::Error with a message
// that names the parameter, the rule and the shapes.
#include <array>
#include <cstdint>
#include <vector>

#include "engine/ops/common.hpp"
#include "engine/ops/padding.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct Conv2dParams {
    Pair stride{1, 1};
    Pair padding{0, 0};         // ignored when same_padding
    bool same_padding = false;  // padding="same": the output keeps the input size (stride 1)
    Pair dilation{1, 1};
    int64_t groups = 1;
    PaddingMode padding_mode = PaddingMode::zeros;  // what the border cells hold
    bool flip = false;  // true convolution: the kernel is applied rotated by 180°
};

// The padding on each side. padding="same": total = d·(k − 1) per dimension, top/left get
// total / 2 and bottom/right the rest (one more for an even kernel).
Padding2d conv2d_padding(const Conv2dParams& params, const Shape& weight_shape);

// input (N, C, H, W); weight (OC, C/groups, KH, KW); bias (OC) or an empty shape for none.
// out (N, OC, OH, OW) with OH = ⌊(H + top + bottom − dh·(KH − 1) − 1) / sh⌋ + 1, likewise OW.
// `formulas` holds that formula with the numbers filled in, height then width.
ShapeInfo conv2d_output_shape(const Shape& input, const Shape& weight, const Conv2dParams& params,
                              const Shape& bias = {});

// The fast forward pass (multi-threaded, vectorised; the same result whatever the thread
// count). An empty bias tensor means no bias.
Tensor conv2d_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                      const Conv2dParams& params);

// The same into `out`, whose storage is reused when it already has the output's shape (a GUI
// redrawing a live preview, a benchmark of the kernel alone); otherwise it is replaced.
void conv2d_forward_into(const Tensor& input, const Tensor& weight, const Tensor& bias,
                         const Conv2dParams& params, Tensor& out);

// The plain serial loop that defines what conv2d_forward must compute.
Tensor conv2d_reference(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        const Conv2dParams& params);

// How output element `at` = (n, oc, y, x) is computed: one tap per (input channel of the
// group, ky, kx), with `kernel` the position in the kernel as applied (rotated when flip) and
// `weight` the stored weight found there; `input` is the original element read (for
// reflect/replicate/circular padding the element whose value the border cell copies). O(C·k²).
Step conv2d_trace(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Conv2dParams& params, const Index4& at);

struct ConvGrads {
    Tensor grad_input;   // the input's shape
    Tensor grad_weight;  // the weight's shape
    Tensor grad_bias;    // (OC), empty without bias
};

// Gradients of Σ out · grad_output: grad_output (N, OC, OH, OW) is the gradient arriving from
// above. Every padding mode: the gradient of a border cell goes back to the element it copied.
ConvGrads conv2d_backward(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                          const Conv2dParams& params, bool has_bias);

// One path by which input element `at` reaches the output: through padded cell `cell` (input
// coordinates; outside the input for a border copy), kernel position `kernel` (as applied)
// into output element `output`.
struct ConvGradRoute {
    Index4 output{};
    std::array<int64_t, 3> kernel{};  // (input channel within the group, ky, kx)
    std::array<int64_t, 2> cell{};    // (row, column) of the padded cell, in input coordinates
    float grad_output = 0.0f;
    float weight = 0.0f;
    float product = 0.0f;  // grad_output × weight
};

// The backward pass seen from one input element: its gradient is the sum over every output
// element it fed of (that output's gradient × the weight it was multiplied by).
struct InputGradTrace {
    Index4 at{};
    std::vector<ConvGradRoute> routes;
    double sum = 0.0;         // Σ products
    float grad_input = 0.0f;  // equals conv2d_backward's grad_input at `at`
};

InputGradTrace conv2d_input_grad_trace(const Tensor& grad_output, const Shape& input_shape,
                                       const Tensor& weight, const Conv2dParams& params,
                                       const Index4& at);

}  // namespace cs
