#pragma once
// What max_pool2d, avg_pool2d and lp_pool2d share: the output-size rule (with ceil_mode's
// last-window rule), the validation torch applies, the window of one output cell, and the
// "backward routing" view used by the pooling lesson.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

// The parameters every pooling op has, before defaults are resolved.
struct PoolWindowParams {
    Pair kernel_size{};
    std::optional<Pair> stride{};  // absent (or JSON null): stride = kernel_size, as in torch
    Pair padding{0, 0};
    Pair dilation{1, 1};
    bool ceil_mode = false;
};

// A validated pooling over an input (N, C, H, W): every size a kernel needs.
struct PoolGeometry {
    int64_t n = 0, c = 0;
    int64_t in_h = 0, in_w = 0;
    int64_t out_h = 0, out_w = 0;
    Pair kernel, stride, padding, dilation;
    bool ceil_mode = false;

    int64_t planes() const { return n * c; }
    // Output rows per parallel task: about `taps` window taps, so that a task is worth its
    // cost and a single large plane still splits into many.
    int64_t row_grain(int64_t taps = 4096) const {
        return std::max<int64_t>(1, taps / std::max<int64_t>(1, out_w * kernel.h * kernel.w));
    }
    Shape output_shape() const { return {n, c, out_h, out_w}; }
};

// Checks the parameters and the input the way torch does and computes the output size.
// `op` names the op in error messages. `formulas`, when given, receives the height and width
// formulas with the numbers filled in.
PoolGeometry pool_geometry(const std::string& op, const Shape& input, const PoolWindowParams& p,
                           std::vector<std::string>* formulas = nullptr);

// Step traces walk the whole window: throws cs::Error naming `op` for a window of more than
// max_step_window_cells cells.
void require_traceable_window(const std::string& op, const PoolGeometry& g);

// One output size along one axis:
//   floor mode: ⌊(in + 2·pad − dil·(k − 1) − 1) / stride⌋ + 1
//   ceil mode:  ⌈(in + 2·pad − dil·(k − 1) − 1) / stride⌉ + 1, minus one when the last window
//               would start at or past in + pad (it would read padding only).
// Returns the size (possibly ≤ 0; the caller rejects that) and the formula text.
struct PoolAxis {
    int64_t size = 0;
    std::string formula;
};
PoolAxis pool_axis(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation,
                   bool ceil_mode);

// The rows (or columns) an output cell's window covers, clipped to the input: window taps
// k in [k_begin, k_end) read input index start + k·dilation, all inside [0, in).
struct AxisTaps {
    int64_t start = 0;  // input index of tap 0 (negative in the top/left padding)
    int64_t k_begin = 0;
    int64_t k_end = 0;
};
AxisTaps axis_taps(int64_t out_index, int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                   int64_t dilation);

// The divisor rule of torch's avg_pool2d for one output cell (also used by lp_pool2d, which is
// avg_pool2d of x^p times kh·kw). The window [start, start + k) is first clipped to the padded
// input [−pad, in + pad) — that size is what count_include_pad=True divides by — and then to
// the real input [0, in), whose size count_include_pad=False divides by.
struct AvgWindow {
    int64_t y0 = 0, y1 = 0, x0 = 0, x1 = 0;  // real input cells [y0, y1) × [x0, x1)
    int64_t padded_count = 0;                // cells inside the padded input
    int64_t real_count() const { return (y1 - y0) * (x1 - x0); }
};
AvgWindow avg_window(const PoolGeometry& g, int64_t oy, int64_t ox);

// ---- Backward routing, for the pooling lesson ----
// The output-gradient cells that reach one input element in the backward pass and the factor
// each is multiplied by: grad_input[at] = Σ factor · grad_output[output].
struct GradRoute {
    Index4 output{};                  // (n, c, oy, ox) of the output-gradient cell
    std::array<int64_t, 2> kernel{};  // which window tap (ky, kx) the input element was
    float grad_output = 0.0f;
    double factor = 0.0;  // max: 1 (the element was the argmax); avg: 1/divisor; lp: ∂y/∂x
    double contribution() const { return factor * grad_output; }
};
struct GradTrace {
    Index4 at{};  // the input element
    std::vector<GradRoute> routes;
    double grad_input = 0.0;  // Σ contributions, equals backward() at `at`
};

// Calls visit(oy, ox, ky, kx) for every output cell whose window reads input cell (iy, ix),
// in output row-major order (a larger tap index means an earlier window). O(kh·kw).
template <typename Visit>
void for_each_window_reading(const PoolGeometry& g, int64_t iy, int64_t ix, Visit&& visit) {
    for (int64_t ky = g.kernel.h - 1; ky >= 0; --ky) {
        const int64_t ty = iy + g.padding.h - ky * g.dilation.h;  // = oy·stride_h
        if (ty < 0 || ty % g.stride.h != 0 || ty / g.stride.h >= g.out_h) {
            continue;
        }
        for (int64_t kx = g.kernel.w - 1; kx >= 0; --kx) {
            const int64_t tx = ix + g.padding.w - kx * g.dilation.w;
            if (tx < 0 || tx % g.stride.w != 0 || tx / g.stride.w >= g.out_w) {
                continue;
            }
            visit(ty / g.stride.h, tx / g.stride.w, ky, kx);
        }
    }
}

// Checks that `at` names an element of a tensor of `shape` (4-D) and `grad_output` has the
// pooling's output shape; shared by the routing traces.
void require_routing_args(const std::string& op, const PoolGeometry& g, const Tensor& grad_output,
                          const Index4& at);
void require_grad_shape(const std::string& op, const Tensor& grad, const Shape& want,
                        const std::string& what);

// pow as torch computes x.pow(e) for a float tensor and a scalar exponent: exact special cases
// for the common exponents, std::pow otherwise.
float torch_pow(float x, double e);

}  // namespace cs
