#pragma once
// conv_transpose2d, as torch.nn.functional.conv_transpose2d. Two ways to see the same sum:
//
// scatter: every input element stamps a copy of the kernel, scaled by its value, onto the
//   output; input (iy, ix) lands on output (iy·sh − ph + ky·dh, ix·sw − pw + kx·dw):
//     out[n, oc, y, x] = bias[oc] + Σ  in[n, ci, iy, ix] · weight[ci, oc mod OCg, ky, kx]
//   over the input channels ci of oc's group and the (iy, ky) with iy·sh − ph + ky·dh = y
//   (likewise for x).
//
// insert: spread the input out, putting stride − 1 zeros between neighbouring cells, add a
//   border of d·(k − 1) − p cells (padding; negative: the border is cut away) and
//   output_padding extra cells at the bottom/right; then slide the kernel rotated by 180°
//   over that expanded grid with stride 1 and dilation d, as an ordinary conv2d.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/ops/common.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct ConvTranspose2dParams {
    Pair stride{1, 1};
    Pair padding{0, 0};         // cut from each side of the full output
    Pair output_padding{0, 0};  // extra rows/columns at the bottom/right
    Pair dilation{1, 1};
    int64_t groups = 1;
};

// input (N, Cin, H, W); weight (Cin, Cout/groups, KH, KW); bias (Cout) or an empty shape.
// out (N, Cout, OH, OW) with OH = (H − 1)·sh − 2·ph + dh·(KH − 1) + output_padding_h + 1.
// output_padding must be smaller than the stride or the dilation in each dimension.
ShapeInfo conv_transpose2d_output_shape(const Shape& input, const Shape& weight,
                                        const ConvTranspose2dParams& params,
                                        const Shape& bias = {});

// The fast forward pass: multi-threaded, vectorised, the same result whatever the thread
// count. Output rows and columns are taken by phase (y mod sh, x mod sw): within one phase
// the same kernel taps apply, so no multiply is spent on an inserted zero.
Tensor conv_transpose2d_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                                const ConvTranspose2dParams& params);

// The same into `out`, reusing its storage when it already has the output's shape.
void conv_transpose2d_forward_into(const Tensor& input, const Tensor& weight, const Tensor& bias,
                                   const ConvTranspose2dParams& params, Tensor& out);

// The plain serial loop (the scatter formula read as a gather).
Tensor conv_transpose2d_reference(const Tensor& input, const Tensor& weight, const Tensor& bias,
                                  const ConvTranspose2dParams& params);

enum class TransposeView { insert, scatter };

// insert: one tap per (input channel of the group, ky, kx) of the rotated kernel, with
//   `expanded` its cell of the expanded grid and kind input / inserted / padding /
//   output_padding; `weight` is the stored weight at (K − 1 − ky, K − 1 − kx).
// scatter: one tap per input element that lands on `at`, with the stored kernel position it
//   goes through.
Step conv_transpose2d_trace(const Tensor& input, const Tensor& weight, const Tensor& bias,
                            const ConvTranspose2dParams& params, const Index4& at,
                            TransposeView view = TransposeView::insert);

// The scatter view in the input's order, as d2l draws it: stamp k is input element k (in
// row-major order: batch, channel, row, column) adding value × kernel onto the output. It
// lands on output (iy·sh − ph + ky·dh, ix·sw − pw + kx·dw) of every output channel of its
// group, one mark per kernel tap; a tap that falls outside the output (cut away by the
// padding) is marked as not landed.
struct ScatterMark {
    Index4 at{};                      // the output cell (n, oc, y, x); may lie outside
    bool landed = true;               // `at` is inside the output
    std::array<int64_t, 2> kernel{};  // (ky, kx) of the stored kernel
    float weight = 0.0f;              // weight[ci, oc mod OCg, ky, kx]
    float product = 0.0f;             // value × weight: what the stamp adds to the cell
};

struct ScatterStamp {
    int64_t index = 0;  // the stamp's number: the input element's flat index
    Index4 from{};      // the input element (n, ci, iy, ix)
    float value = 0.0f;
    std::vector<ScatterMark> marks;  // every tap: by output channel, then ky, then kx
};

ScatterStamp conv_transpose2d_stamp(const Tensor& input, const Tensor& weight,
                                    const ConvTranspose2dParams& params, int64_t index);

// The output once stamps 0 … count − 1 have landed: the bias (0 without one) plus their
// products, summed in stamp order. With every stamp (count = input.numel()) it is the forward
// result.
Tensor conv_transpose2d_stamped(const Tensor& input, const Tensor& weight, const Tensor& bias,
                                const ConvTranspose2dParams& params, int64_t count);

// The insert view's expanded grid, for drawing: height = (H − 1)·sh + 1 + 2·border_h +
// output_padding_h with border = d·(k − 1) − p, likewise width; sliding a KH×KW kernel with
// dilation d over it gives exactly the output size.
struct ExpandedGrid {
    Tensor values;  // (N, Cin, height, width): input values, 0 elsewhere
    int64_t height = 0;
    int64_t width = 0;
    int64_t border_h = 0;  // d·(k − 1) − p; negative when the padding cuts into the input
    int64_t border_w = 0;
    std::vector<TapKind> kinds;                  // [height·width], the same for every channel
    std::vector<std::array<int64_t, 2>> source;  // [height·width]: (iy, ix), or (-1, -1)
    std::vector<std::string> formulas;           // the height and width with numbers filled in
    TapKind kind(int64_t y, int64_t x) const { return kinds[static_cast<size_t>(y * width + x)]; }
};

ExpandedGrid conv_transpose2d_expanded_grid(const Tensor& input, const Shape& weight_shape,
                                            const ConvTranspose2dParams& params);

// Gradients of Σ out · grad_output; grad_output (N, Cout, OH, OW).
ConvGrads conv_transpose2d_backward(const Tensor& grad_output, const Tensor& input,
                                    const Tensor& weight, const ConvTranspose2dParams& params,
                                    bool has_bias);

}  // namespace cs
