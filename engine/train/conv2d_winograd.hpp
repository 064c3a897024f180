#pragma once
// conv2d forward for 3×3 kernels at stride 1 by Winograd's minimal filtering F(2×2, 3×3)
// (Lavin & Gray 2016, "Fast Algorithms for Convolutional Neural Networks"): each 2×2 block of
// output cells of each output channel is
//   Y = Aᵀ [ Σ_c (G g_c Gᵀ) ⊙ (Bᵀ d_c B) ] A
// with d_c the 4×4 input patch of channel c under the block and g_c the kernel. The sum over
// channels is, for each of the 16 positions of the 4×4 products, one matrix product
//   M_ξ (OC, tiles) = U_ξ (OC, C) · V_ξ (C, tiles),
// so the products do 16 multiplications per 2×2 outputs and input channel where im2col does
// 36: 2.25 times fewer, which is most of a ResNet's time. The transforms only add, subtract
// and halve, so the result stays within a few units in the last place of the direct sum (the
// tests compare both).
//
// The transformed weights U of a shared (read-only) weight tensor — a network's — are kept in a
// cache while that tensor lives, so a model run on one photo after another transforms them
// once; a weight that training changes is a new buffer and is transformed again.
#include <cstdint>

#include "engine/tensor.hpp"
#include "engine/train/conv2d_gemm.hpp"

namespace cs {

// 3×3, stride 1, with enough channels for the products to pay (a CNN's middle layers); image
// filters with a few channels keep the direct kernel, lessons their exact sums.
bool conv2d_winograd_applies(const ConvGemmGeometry& g);

// out (N, OC, OH, OW) of conv2d(input, weight, bias, stride 1, g.p.padding). Tasks are chunks of
// tile rows (or, when there are few, the channels and products of one chunk); the sums do not
// depend on the thread count.
void conv2d_forward_winograd(const Tensor& input, const Tensor& weight, const Tensor& bias,
                             const ConvGemmGeometry& g, Tensor& out);

// Bytes the cache of transformed weights holds now (tests check that it stays bounded).
int64_t winograd_weight_cache_bytes();

}  // namespace cs
