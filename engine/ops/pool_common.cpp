#include "engine/ops/pool_common.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"

namespace cs {
namespace {

std::string num(int64_t v) {
    return std::to_string(v);
}

// Joins text pieces by appending (GCC 12 warns falsely on long "literal" + std::string chains).
template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::string text;
    (text.append(parts), ...);
    return text;
}

}  // namespace

PoolAxis pool_axis(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation,
                   bool ceil_mode) {
    // The span of the input (with padding on both sides) that window starts can move over.
    const int64_t span = in + 2 * pad - dilation * (kernel - 1) - 1;
    const std::string inside = cat("(", num(in), " + 2·", num(pad), " − ", num(dilation), "·(",
                                   num(kernel), " − 1) − 1) / ", num(stride));
    PoolAxis axis;
    if (!ceil_mode) {
        axis.size = floor_div(span, stride) + 1;
        axis.formula = cat("⌊", inside, "⌋ + 1 = ", num(axis.size));
        return axis;
    }
    axis.size = ceil_div(span, stride) + 1;
    axis.formula = cat("⌈", inside, "⌉ + 1 = ", num(axis.size));
    // ceil_mode may add a window that starts in the bottom/right padding, where it would see
    // padding only; torch drops it.
    if (axis.size > 0 && (axis.size - 1) * stride >= in + pad) {
        axis.formula +=
            cat("; the last window would start at ", num(axis.size - 1), "·", num(stride), " = ",
                num((axis.size - 1) * stride), " ≥ ", num(in), " + ", num(pad),
                " (past the input), so it is dropped: ", num(axis.size - 1));
        axis.size -= 1;
    }
    return axis;
}

PoolGeometry pool_geometry(const std::string& op, const Shape& input, const PoolWindowParams& p,
                           std::vector<std::string>* formulas) {
    require(input.size() == 4,
            op + ": input must be 4-D (N, C, H, W), got shape " + shape_string(input));
    require(input[0] > 0 && input[1] > 0 && input[2] > 0 && input[3] > 0,
            op + ": input must not be empty, got shape " + shape_string(input));
    PoolGeometry g;
    g.n = input[0];
    g.c = input[1];
    g.in_h = input[2];
    g.in_w = input[3];
    g.kernel = p.kernel_size;
    g.stride = p.stride.value_or(p.kernel_size);
    g.padding = p.padding;
    g.dilation = p.dilation;
    g.ceil_mode = p.ceil_mode;

    require_positive(g.kernel, op, "kernel_size");
    require_positive(g.stride, op, "stride");
    require_positive(g.dilation, op, "dilation");
    require_non_negative(g.padding, op, "padding");
    // torch's rule, on the undilated kernel: a window may not hang more than half outside.
    require(g.padding.h <= g.kernel.h / 2 && g.padding.w <= g.kernel.w / 2,
            "pool.padding_over_half",
            {{"op", op},
             {"padding", pair_string(g.padding)},
             {"kernel", pair_string(g.kernel)},
             {"most", "(" + num(g.kernel.h / 2) + ", " + num(g.kernel.w / 2) + ")"}},
            op + ": padding " + pair_string(g.padding) + " must be at most half of kernel_size " +
                pair_string(g.kernel) + ", i.e. (" + num(g.kernel.h / 2) + ", " +
                num(g.kernel.w / 2) + ") at most, so that every window covers part of the input");

    const PoolAxis h =
        pool_axis(g.in_h, g.kernel.h, g.stride.h, g.padding.h, g.dilation.h, g.ceil_mode);
    const PoolAxis w =
        pool_axis(g.in_w, g.kernel.w, g.stride.w, g.padding.w, g.dilation.w, g.ceil_mode);
    require(h.size >= 1 && w.size >= 1, "pool.kernel_larger_than_input",
            {{"op", op},
             {"output", num(h.size) + "×" + num(w.size)},
             {"input", shape_string(input)},
             {"kernel", pair_string(g.kernel)},
             {"dilation", pair_string(g.dilation)},
             {"height", h.formula},
             {"width", w.formula}},
            op + ": the output would be " + num(h.size) + "×" + num(w.size) + " for input " +
                shape_string(input) + " — kernel_size " + pair_string(g.kernel) +
                " with dilation " + pair_string(g.dilation) +
                " does not fit in the padded input. Height: " + h.formula +
                "; width: " + w.formula);
    g.out_h = h.size;
    g.out_w = w.size;
    if (formulas != nullptr) {
        *formulas = {h.formula, w.formula};
    }
    return g;
}

void require_traceable_window(const std::string& op, const PoolGeometry& g) {
    require(g.kernel.h <= max_step_window_cells / g.kernel.w,
            op + ": a step of a " + std::to_string(g.kernel.h) + "×" + std::to_string(g.kernel.w) +
                " window cannot be traced; steps are shown for " + "windows of at most " +
                std::to_string(max_step_window_cells) + " cells");
}

AxisTaps axis_taps(int64_t out_index, int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                   int64_t dilation) {
    AxisTaps t;
    t.start = out_index * stride - pad;
    // First tap with start + k·dilation ≥ 0, and one past the last with start + k·dilation < in.
    t.k_begin = t.start < 0 ? ceil_div(-t.start, dilation) : 0;
    t.k_end = std::min(kernel, ceil_div(in - t.start, dilation));
    t.k_end = std::max(t.k_end, t.k_begin);
    return t;
}

AvgWindow avg_window(const PoolGeometry& g, int64_t oy, int64_t ox) {
    AvgWindow w;
    const int64_t ys = oy * g.stride.h - g.padding.h;
    const int64_t xs = ox * g.stride.w - g.padding.w;
    const int64_t ye = std::min(ys + g.kernel.h, g.in_h + g.padding.h);
    const int64_t xe = std::min(xs + g.kernel.w, g.in_w + g.padding.w);
    w.padded_count = (ye - ys) * (xe - xs);
    w.y0 = std::max<int64_t>(ys, 0);
    w.x0 = std::max<int64_t>(xs, 0);
    w.y1 = std::min(ye, g.in_h);
    w.x1 = std::min(xe, g.in_w);
    return w;
}

void require_grad_shape(const std::string& op, const Tensor& grad, const Shape& want,
                        const std::string& what) {
    require(grad.shape() == want, op + ": " + what + " must have shape " + shape_string(want) +
                                      ", got " + shape_string(grad.shape()));
}

void require_routing_args(const std::string& op, const PoolGeometry& g, const Tensor& grad_output,
                          const Index4& at) {
    require_grad_shape(op, grad_output, g.output_shape(), "grad_output");
    require(at[0] >= 0 && at[0] < g.n && at[1] >= 0 && at[1] < g.c && at[2] >= 0 &&
                at[2] < g.in_h && at[3] >= 0 && at[3] < g.in_w,
            op + ": input element (" + num(at[0]) + ", " + num(at[1]) + ", " + num(at[2]) + ", " +
                num(at[3]) + ") is outside the input " + shape_string({g.n, g.c, g.in_h, g.in_w}));
}

float torch_pow(float x, double e) {
    if (e == 0.0) {
        return 1.0f;
    }
    if (e == 1.0) {
        return x;
    }
    if (e == 2.0) {
        return x * x;
    }
    if (e == 3.0) {
        return x * x * x;
    }
    if (e == 0.5) {
        return std::sqrt(x);
    }
    if (e == -0.5) {
        return 1.0f / std::sqrt(x);
    }
    if (e == -1.0) {
        return 1.0f / x;
    }
    if (e == -2.0) {
        return 1.0f / (x * x);
    }
    return std::pow(x, static_cast<float>(e));
}

}  // namespace cs
