#pragma once
// conv2d forward for 3×3 kernels at stride 1 by Winograd's minimal filtering F(m×m, 3×3)
// (Lavin & Gray 2016, "Fast Algorithms for Convolutional Neural Networks"): each m×m block of
// output cells of each output channel is
//   Y = Aᵀ [ Σ_c (G g_c Gᵀ) ⊙ (Bᵀ d_c B) ] A
// with d_c the (m+2)×(m+2) input patch of channel c under the block and g_c the kernel. The sum
// over channels is, for each of the (m+2)² positions of the products, one matrix product
//   M_ξ (OC, tiles) = U_ξ (OC, C) · V_ξ (C, tiles),
// so the products do 36 multiplications per 4×4 outputs and input channel (m = 4), or 16 per
// 2×2 (m = 2), where im2col does 9 per output: 4 or 2.25 times fewer, which is most of a
// ResNet's time. The transforms are small integer and fractional combinations, so the result
// stays within a few units in the last place of the direct sum's largest value (the tests
// compare both on every kernel version).
//
// The transformed weights U of a shared (read-only) weight tensor — a network's — are kept in a
// cache while that tensor lives, so a model run on one photo after another transforms them
// once; a weight that training changes is a new buffer and is transformed again.
#include <cstdint>

#include "engine/tensor.hpp"
#include "engine/train/conv2d_gemm.hpp"

namespace cs {

// How a layer is computed: tiles of m×m outputs (m = 2 or 4; 0 when Winograd does not apply)
// and which way round the products go: M_ξ = U_ξ V_ξ, or transposed M_ξᵀ = V_ξᵀ U_ξᵀ when the
// map has few tiles (the products' rows are then the tiles).
struct WinogradPlan {
    int64_t tile = 0;
    bool transposed = false;
};

// 3×3, stride 1, with enough channels for the products to pay (a CNN's middle layers); image
// filters with a few channels keep the direct kernel, lessons their exact sums. The plan is the
// one with the fewest multiply-adds, counting the micro-kernel's padding.
WinogradPlan winograd_plan(const ConvGemmGeometry& g);
bool conv2d_winograd_applies(const ConvGemmGeometry& g);

// out (N, OC, OH, OW) of conv2d(input, weight, bias, stride 1, g.p.padding), by `plan` (tile 0:
// winograd_plan(g); the tests try every plan). Tasks are chunks of tile rows (or, when there
// are few, the channels and products of one chunk); the sums do not depend on the thread count.
void conv2d_forward_winograd(const Tensor& input, const Tensor& weight, const Tensor& bias,
                             const ConvGemmGeometry& g, Tensor& out, WinogradPlan plan = {});

// Bytes the cache of transformed weights holds now (tests check that it stays bounded).
int64_t winograd_weight_cache_bytes();

}  // namespace cs
