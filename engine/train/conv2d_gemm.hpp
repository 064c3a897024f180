#pragma once
// The weight gradient of conv2d as one matrix product (im2col, Chellapilla et al. 2006):
// the input patches that each output cell sees are laid out as the columns of a matrix, so
//   ∂L/∂weight (OC, C·KH·KW) = ∂L/∂out (OC, N·OH·OW) · colsᵀ (N·OH·OW, C·KH·KW)
// for the whole batch (computed band of output rows by band, in a fixed order, so that the
// column buffer stays small). This is how PyTorch computes it on a CPU, and it is far faster
// than a loop per weight. Groups 1 and dilation 1 — what the lesson networks use. The conv2d
// op's backward (engine/ops/conv2d.hpp) is the reference this is tested against.
#include <cstdint>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"

namespace cs {

struct ConvGemmParams {
    Pair stride{1, 1};
    Pair padding{0, 0};
};

// Sizes of one convolution, from the input and weight shapes.
struct ConvGemmGeometry {
    int64_t n = 0, c = 0, h = 0, w = 0;  // input (N, C, H, W)
    int64_t oc = 0, kh = 0, kw = 0;      // weight (OC, C, KH, KW)
    int64_t oh = 0, ow = 0;              // output (N, OC, OH, OW)
    ConvGemmParams p;
    int64_t patch() const { return c * kh * kw; }  // rows of the column matrix
    int64_t cells() const { return oh * ow; }      // output cells per image
};
ConvGemmGeometry conv_gemm_geometry(const Shape& input, const Shape& weight,
                                    const ConvGemmParams& p);

// cols (C·KH·KW, N·OH·OW): column (n, oy, ox) holds the input patch under output cell
// (oy, ox) of image n; row (c, ky, kx) is the patch position. Zero where the patch hangs over
// the padding.
void im2col(const ConvGemmGeometry& g, const float* input, float* cols);

// Whether the matrix-product forward and input gradient below pay off: many channels (the
// layers of a CNN past its first), with a column buffer of a band of output rows that stays
// small. Image filters with few channels run faster in the direct kernel (engine/ops/).
bool conv2d_gemm_pays_off(const ConvGemmGeometry& g);

// conv2d forward as matrix products: for each image and band of output rows,
// Y (OC, band) = W (OC, C·KH·KW) · cols (C·KH·KW, band) + bias. Tasks are (image, band) with
// bands fixed by the shapes, so the result does not depend on the thread count.
void conv2d_forward_gemm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                         const ConvGemmParams& p, Tensor& out);

// ∂L/∂input of conv2d. Stride 1: the forward product above on dY with the kernel turned half
// a turn and its channel axes swapped. Otherwise per image, cols = Wᵀ (C·KH·KW, OC) · dY
// (OC, OH·OW), then every column added back to the input cells it was read from (col2im).
// Parallel over images or bands.
Tensor conv2d_input_grad_gemm(const Tensor& grad_output, const Tensor& weight,
                              const Shape& input_shape, const ConvGemmParams& p);

// input (N, C, H, W); grad_output (N, OC, OH, OW). Adds ∂L/∂weight to grad_weight
// (OC, C, KH, KW) and, when grad_bias is not empty, ∂L/∂bias (Σ of grad_output per channel).
// Tasks are groups of input channels (the columns of ∂L/∂W they own); each sums its products
// image after image and band after band, so the result does not depend on the thread count.
void conv2d_weight_grad(const Tensor& grad_output, const Tensor& input, const ConvGemmParams& p,
                        Tensor& grad_weight, Tensor& grad_bias);

}  // namespace cs
