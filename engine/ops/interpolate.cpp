#include "engine/ops/interpolate.hpp"

#include <cmath>
#include <sstream>
#include <vector>

#include "engine/error.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

std::string number_text(double v) {
    return format_number(v);
}

// Sizes and per-axis scales of one call.
struct Resize {
    int64_t n = 0, c = 0, in_h = 0, in_w = 0, out_h = 0, out_w = 0;
    std::optional<double> scale_h, scale_w;  // the user's scale_factor, if given
    bool align_corners = false;
    bool nearest_shortcuts = false;  // see nearest_source
    std::vector<std::string> formulas;
};

Resize resize_of(const Shape& input, const InterpolateParams& p) {
    require(input.size() == 4,
            "interpolate: input must be 4-D (N, C, H, W), got shape " + shape_string(input));
    require(p.size.has_value() != p.scale_factor.has_value(),
            p.size ? "interpolate: give either size or scale_factor, not both"
                   : "interpolate: give one of size or scale_factor");
    require(p.mode == InterpolateMode::bilinear || !p.align_corners.has_value(),
            "interpolate: align_corners can only be set with mode \"bilinear\", not with \"" +
                std::string(interpolate_mode_name(p.mode)) + "\" (leave it out)");
    Resize r;
    r.n = input[0];
    r.c = input[1];
    r.in_h = input[2];
    r.in_w = input[3];
    r.align_corners = p.align_corners.value_or(false);
    r.nearest_shortcuts = r.c == 1 || r.in_h * r.in_w == 1;
    if (p.size) {
        r.out_h = p.size->h;
        r.out_w = p.size->w;
        r.formulas = {"size given: " + std::to_string(r.out_h),
                      "size given: " + std::to_string(r.out_w)};
    } else {
        const auto [sh, sw] = *p.scale_factor;
        require(std::isfinite(sh) && std::isfinite(sw) && sh > 0 && sw > 0,
                "interpolate: scale_factor must be positive, got (" + number_text(sh) + ", " +
                    number_text(sw) + ")");
        r.scale_h = sh;
        r.scale_w = sw;
        // torch: floor(in · scale) in double precision
        r.out_h = static_cast<int64_t>(std::floor(static_cast<double>(r.in_h) * sh));
        r.out_w = static_cast<int64_t>(std::floor(static_cast<double>(r.in_w) * sw));
        r.formulas = {"⌊" + std::to_string(r.in_h) + " · " + number_text(sh) +
                          "⌋ = " + std::to_string(r.out_h),
                      "⌊" + std::to_string(r.in_w) + " · " + number_text(sw) +
                          "⌋ = " + std::to_string(r.out_w)};
    }
    require(r.in_h > 0 && r.in_w > 0 && r.out_h > 0 && r.out_w > 0,
            "interpolate: input and output sizes must be greater than 0, got input " +
                shape_string(input) + " and output " + std::to_string(r.out_h) + "×" +
                std::to_string(r.out_w));
    return r;
}

// torch's compute_scales_value: 1/scale_factor when one was given, else in/out — in float.
float source_scale(int64_t in, int64_t out, const std::optional<double>& scale) {
    return scale && *scale > 0 ? static_cast<float>(1.0 / *scale)
                               : static_cast<float>(in) / static_cast<float>(out);
}

// nearest: the source index of output index i along one axis, ⌊i · s⌋ with s = 1/scale_factor
// (or in/out) in float. torch 1.13 has two CPU kernels: for inputs that also count as
// channels-last contiguous (C = 1, or H·W = 1) it uses nearest_idx, which copies when the size
// is unchanged and halves the index when it doubles, whatever the scale_factor; the other
// kernel always applies the formula. `shortcuts` selects the first behaviour.
int64_t nearest_source(int64_t i, int64_t in, int64_t out, const std::optional<double>& scale,
                       bool shortcuts) {
    if (shortcuts && out == in) {
        return i;
    }
    if (shortcuts && out == 2 * in) {
        return i >> 1;
    }
    const float s = source_scale(in, out, scale);
    return std::min(static_cast<int64_t>(std::floor(static_cast<float>(i) * s)), in - 1);
}

// bilinear along one axis: output index i reads input i0 with weight w0 and i1 with w1.
struct LinearTap {
    int64_t i0 = 0, i1 = 0;
    float w0 = 1.0f, w1 = 0.0f;
};

LinearTap linear_source(int64_t i, int64_t in, int64_t out, bool align_corners,
                        const std::optional<double>& scale) {
    if (out == in) {
        return {i, i, 1.0f, 0.0f};  // torch leaves an axis of unchanged size as it is
    }
    float real = 0.0f;
    if (align_corners) {
        // corners line up: input 0 ↔ output 0 and input in−1 ↔ output out−1
        const float s = out > 1 ? static_cast<float>(in - 1) / static_cast<float>(out - 1) : 0.0f;
        real = s * static_cast<float>(i);
    } else {
        // cell centres: output centre i + 0.5 maps to input position (i + 0.5)·s − 0.5,
        // clamped at 0 on the left (torch computes this in double, then rounds to float)
        const float s = source_scale(in, out, scale);
        real = static_cast<float>(static_cast<double>(s) * (static_cast<double>(i) + 0.5) - 0.5);
        real = real < 0.0f ? 0.0f : real;
    }
    LinearTap t;
    t.i0 = std::min(static_cast<int64_t>(std::floor(real)), in - 1);
    t.w1 = std::min(std::max(real - static_cast<float>(t.i0), 0.0f), 1.0f);
    t.w0 = 1.0f - t.w1;
    t.i1 = t.i0 < in - 1 ? t.i0 + 1 : t.i0;
    return t;
}

// One output value of one plane (H, W), in torch's order: rows blended after columns.
float bilinear_value(const float* plane, int64_t in_w, const LinearTap& ty, const LinearTap& tx) {
    const float top = plane[ty.i0 * in_w + tx.i0] * tx.w0 + plane[ty.i0 * in_w + tx.i1] * tx.w1;
    const float bottom = plane[ty.i1 * in_w + tx.i0] * tx.w0 + plane[ty.i1 * in_w + tx.i1] * tx.w1;
    return top * ty.w0 + bottom * ty.w1;
}

}  // namespace

const char* interpolate_mode_name(InterpolateMode mode) {
    return mode == InterpolateMode::nearest ? "nearest" : "bilinear";
}

InterpolateMode interpolate_mode(const std::string& name) {
    if (name == "nearest") {
        return InterpolateMode::nearest;
    }
    if (name == "bilinear") {
        return InterpolateMode::bilinear;
    }
    throw Error("interpolate: mode \"" + name + "\" is not supported; use \"nearest\" or " +
                "\"bilinear\"");
}

ShapeInfo interpolate_output_shape(const Shape& input, const InterpolateParams& p) {
    Resize r = resize_of(input, p);
    return {{r.n, r.c, r.out_h, r.out_w}, std::move(r.formulas)};
}

// input (N, C, H, W); output (N, C, OH, OW)
Tensor interpolate_forward(const Tensor& input, const InterpolateParams& p) {
    const Resize r = resize_of(input.shape(), p);
    Tensor out({r.n, r.c, r.out_h, r.out_w});
    // The column sources are the same for every row: compute them once.
    std::vector<int64_t> near_x(static_cast<size_t>(r.out_w));
    std::vector<LinearTap> lin_x(static_cast<size_t>(r.out_w));
    for (int64_t ox = 0; ox < r.out_w; ++ox) {
        near_x[static_cast<size_t>(ox)] =
            nearest_source(ox, r.in_w, r.out_w, r.scale_w, r.nearest_shortcuts);
        lin_x[static_cast<size_t>(ox)] =
            linear_source(ox, r.in_w, r.out_w, r.align_corners, r.scale_w);
    }
    const bool nearest = p.mode == InterpolateMode::nearest;
    parallel_for(
        0, r.n * r.c * r.out_h,
        [&](int64_t begin, int64_t end) {
            for (int64_t row = begin; row < end; ++row) {
                const int64_t oy = row % r.out_h;
                const float* plane = input.data() + (row / r.out_h) * r.in_h * r.in_w;
                float* dst = out.data() + row * r.out_w;
                if (nearest) {
                    const float* src = plane + nearest_source(oy, r.in_h, r.out_h, r.scale_h,
                                                              r.nearest_shortcuts) *
                                                   r.in_w;
                    for (int64_t ox = 0; ox < r.out_w; ++ox) {
                        dst[ox] = src[near_x[static_cast<size_t>(ox)]];
                    }
                } else {
                    const LinearTap ty =
                        linear_source(oy, r.in_h, r.out_h, r.align_corners, r.scale_h);
                    for (int64_t ox = 0; ox < r.out_w; ++ox) {
                        dst[ox] = bilinear_value(plane, r.in_w, ty, lin_x[static_cast<size_t>(ox)]);
                    }
                }
            }
        },
        std::max<int64_t>(1, 16384 / std::max<int64_t>(r.out_w, 1)));
    return out;
}

Step interpolate_trace(const Tensor& input, const InterpolateParams& p, const Index4& at) {
    const Resize r = resize_of(input.shape(), p);
    // Named one by one: lambdas below use them (clang 14 cannot capture structured bindings).
    const int64_t n = at[0], c = at[1], oy = at[2], ox = at[3];
    require(n >= 0 && n < r.n && c >= 0 && c < r.c && oy >= 0 && oy < r.out_h && ox >= 0 &&
                ox < r.out_w,
            "interpolate trace: output element is outside the output " +
                shape_string({r.n, r.c, r.out_h, r.out_w}));
    const float* plane = input.data() + (n * r.c + c) * r.in_h * r.in_w;
    Step step;
    step.op = "interpolate";
    step.at = at;
    auto add_tap = [&](int64_t dy, int64_t dx, int64_t y, int64_t x, float weight) {
        // A cell read twice (at the last row or column both neighbours are the same cell)
        // becomes one tap with the weights added.
        for (Tap& t : step.taps) {
            if ((*t.input)[2] == y && (*t.input)[3] == x) {
                *t.weight += weight;
                t.product = t.value * *t.weight;
                return;
            }
        }
        Tap tap;
        tap.kernel = {c, dy, dx};
        tap.input = Index4{n, c, y, x};
        tap.value = plane[y * r.in_w + x];
        tap.weight = weight;
        tap.product = tap.value * weight;
        step.taps.push_back(tap);
    };
    if (p.mode == InterpolateMode::nearest) {
        const int64_t y = nearest_source(oy, r.in_h, r.out_h, r.scale_h, r.nearest_shortcuts);
        const int64_t x = nearest_source(ox, r.in_w, r.out_w, r.scale_w, r.nearest_shortcuts);
        add_tap(0, 0, y, x, 1.0f);
        step.output = plane[y * r.in_w + x];
    } else {
        const LinearTap ty = linear_source(oy, r.in_h, r.out_h, r.align_corners, r.scale_h);
        const LinearTap tx = linear_source(ox, r.in_w, r.out_w, r.align_corners, r.scale_w);
        add_tap(0, 0, ty.i0, tx.i0, ty.w0 * tx.w0);
        add_tap(0, 1, ty.i0, tx.i1, ty.w0 * tx.w1);
        add_tap(1, 0, ty.i1, tx.i0, ty.w1 * tx.w0);
        add_tap(1, 1, ty.i1, tx.i1, ty.w1 * tx.w1);
        step.output = bilinear_value(plane, r.in_w, ty, tx);
    }
    for (const Tap& t : step.taps) {
        step.sum += static_cast<double>(*t.product);
    }
    return step;
}

// grad_output (N, C, OH, OW); grad_input (N, C, H, W)
Tensor interpolate_backward(const Tensor& grad_output, const Shape& input_shape,
                            const InterpolateParams& p) {
    const Resize r = resize_of(input_shape, p);
    const Shape out_shape{r.n, r.c, r.out_h, r.out_w};
    require(grad_output.shape() == out_shape, "interpolate backward: grad_output must have shape " +
                                                  shape_string(out_shape) + ", got " +
                                                  shape_string(grad_output.shape()));
    Tensor grad_input(input_shape);
    const int64_t plane_in = r.in_h * r.in_w, plane_out = r.out_h * r.out_w;
    // Planes in parallel; inside a plane outputs scatter in row-major order.
    parallel_for(0, r.n * r.c, [&](int64_t begin, int64_t end) {
        for (int64_t plane = begin; plane < end; ++plane) {
            float* gi = grad_input.data() + plane * plane_in;
            const float* go = grad_output.data() + plane * plane_out;
            for (int64_t oy = 0; oy < r.out_h; ++oy) {
                for (int64_t ox = 0; ox < r.out_w; ++ox) {
                    const float g = go[oy * r.out_w + ox];
                    if (p.mode == InterpolateMode::nearest) {
                        gi[nearest_source(oy, r.in_h, r.out_h, r.scale_h, r.nearest_shortcuts) *
                               r.in_w +
                           nearest_source(ox, r.in_w, r.out_w, r.scale_w, r.nearest_shortcuts)] +=
                            g;
                        continue;
                    }
                    const LinearTap ty =
                        linear_source(oy, r.in_h, r.out_h, r.align_corners, r.scale_h);
                    const LinearTap tx =
                        linear_source(ox, r.in_w, r.out_w, r.align_corners, r.scale_w);
                    gi[ty.i0 * r.in_w + tx.i0] += g * ty.w0 * tx.w0;
                    gi[ty.i0 * r.in_w + tx.i1] += g * ty.w0 * tx.w1;
                    gi[ty.i1 * r.in_w + tx.i0] += g * ty.w1 * tx.w0;
                    gi[ty.i1 * r.in_w + tx.i1] += g * ty.w1 * tx.w1;
                }
            }
        }
    });
    return grad_input;
}

}  // namespace cs
