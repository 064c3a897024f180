#pragma once
// conv2d for training, computed as matrix products (im2col, Chellapilla et al. 2006): the
// input patches that each output cell sees are laid out as the columns of one matrix, so the
// whole convolution of a batch is one GEMM with the weight matrix. This is how PyTorch and
// cuDNN's "GEMM" algorithms compute convolutions, and it is much faster than direct loops.
// Groups 1 and dilation 1 only — what the lesson networks use. The conv2d op
// (engine/ops/conv2d.hpp) is the reference these are tested against.
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
// The adjoint of im2col: adds each column entry back onto the input cell it was copied from.
void col2im(const ConvGemmGeometry& g, const float* cols, float* input);

// What the forward pass keeps for the backward pass.
struct ConvGemmCache {
    ConvGemmGeometry geometry;
    Tensor cols;  // the im2col matrix of the input
};

// input (N, C, H, W); weight (OC, C, KH, KW); bias (OC) or empty → output (N, OC, OH, OW).
Tensor conv2d_gemm_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                           const ConvGemmParams& p, ConvGemmCache& cache);

// grad_output (N, OC, OH, OW). Adds ∂L/∂weight to grad_weight and ∂L/∂bias to grad_bias
// (when not empty), and returns ∂L/∂input (N, C, H, W) when need_grad_input, else an empty
// tensor (the first layer's input needs no gradient).
Tensor conv2d_gemm_backward(const Tensor& grad_output, const Tensor& weight,
                            const ConvGemmCache& cache, Tensor& grad_weight, Tensor& grad_bias,
                            bool need_grad_input);

}  // namespace cs
