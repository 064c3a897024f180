#pragma once
// adaptive_avg_pool2d as torch.nn.functional: the caller names the output size and the op
// chooses the windows — output cell i along an axis of `in` cells averages input cells
// ⌊i·in/out⌋ … ⌈(i + 1)·in/out⌉ − 1, so windows may differ in size and overlap. Output size 1
// is global average pooling (NiN, GoogLeNet, ResNet: one number per channel instead of a big
// dense layer). The window rule and the shape checks are shared with adaptive_max_pool2d.
#include <optional>
#include <vector>

#include "engine/ops/common.hpp"
#include "engine/ops/op_schema.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct OpCall;

struct AdaptivePoolParams {
    // (height, width) of the output; an empty side keeps that input size (torch's None).
    std::optional<int64_t> out_h;
    std::optional<int64_t> out_w;
};

// params.output_size: an int, a pair, or a pair with null.
AdaptivePoolParams adaptive_pool_params(const OpCall& call);
// The parameters both adaptive pools describe (output_size).
std::vector<ParamSpec> adaptive_pool_param_specs();

// An adaptive pooling over (N, C, H, W) — a 3-D input (C, H, W) is seen as N = 1.
struct AdaptiveGeometry {
    int64_t n = 0, c = 0, in_h = 0, in_w = 0, out_h = 0, out_w = 0;
    bool batched = true;  // false for a 3-D input: the output is 3-D too
    Shape output_shape() const;
};

// Throws cs::Error (naming `op`) for an input of another rank, an empty input or a negative
// output size (0 gives an empty output, as torch).
AdaptiveGeometry adaptive_geometry(const std::string& op, const Shape& input,
                                   const AdaptivePoolParams& p);
// The input cells [begin, end) that output cell `i` of `out` reads along an axis of `in`.
inline int64_t adaptive_begin(int64_t i, int64_t in, int64_t out) {
    return i * in / out;
}
inline int64_t adaptive_end(int64_t i, int64_t in, int64_t out) {
    return ((i + 1) * in + out - 1) / out;
}
// Rows [y0, y1) and columns [x0, x1) of output cell (oy, ox)'s window, for a step trace:
// throws cs::Error naming `op` for a window of more than max_step_window_cells cells.
struct AdaptiveWindow {
    int64_t y0 = 0, y1 = 0, x0 = 0, x1 = 0;
};
AdaptiveWindow traced_window(const std::string& op, const AdaptiveGeometry& g, int64_t oy,
                             int64_t ox);
ShapeInfo adaptive_output_shape(const std::string& op, const Shape& input,
                                const AdaptivePoolParams& p);
// A step's (n, c, y, x) for either rank: a 3-D input's steps are (c, y, x, 0).
Index4 adaptive_plane_index(const AdaptiveGeometry& g, const Index4& at);

Tensor adaptive_avg_pool2d_forward(const Tensor& input, const AdaptivePoolParams& p);
// The window's cells as taps, `divisor` its size.
Step adaptive_avg_pool2d_trace(const Tensor& input, const AdaptivePoolParams& p, const Index4& at);
// Each output gradient shared equally by its window's cells (windows may overlap).
Tensor adaptive_avg_pool2d_backward(const Shape& input, const Tensor& grad_output,
                                    const AdaptivePoolParams& p);

}  // namespace cs
