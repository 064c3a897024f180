#include "engine/ops/lp_pool2d.hpp"

#include <cmath>

#include "engine/error.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr const char* kOp = "lp_pool2d";

PoolGeometry geometry(const Shape& input, const LpPool2dParams& p,
                      std::vector<std::string>* formulas = nullptr) {
    require(std::isfinite(p.norm_type), "lp_pool2d.norm_type_finite",
            {{"got", std::to_string(p.norm_type)}},
            "lp_pool2d: norm_type must be a finite number, got " + std::to_string(p.norm_type));
    // torch raises ZeroDivisionError: the result is (Σ x^p)^(1/p).
    require(p.norm_type != 0.0, "lp_pool2d.norm_type_zero", {},
            "lp_pool2d: norm_type must not be 0 — the result is (Σ x^p)^(1/p), and 1/0 has no "
            "value");
    return pool_geometry(kOp, input, {p.kernel_size, p.stride, {0, 0}, {1, 1}, p.ceil_mode},
                         formulas);
}

// The last steps of torch's lp_pool2d for one window, from Σ x^p (a float sum in row-major
// order) and the number of window cells inside the input: avg_pool2d divides by that count,
// lp_pool2d multiplies by kh·kw and takes the 1/p power.
float lp_finish(float sum_pow, int64_t valid, const PoolGeometry& g, double p) {
    const float avg = sum_pow / static_cast<float>(valid);
    const float base = avg * static_cast<float>(g.kernel.h * g.kernel.w);
    return torch_pow(base, 1.0 / p);
}

}  // namespace

ShapeInfo lp_pool2d_output_shape(const Shape& input, const LpPool2dParams& p) {
    ShapeInfo info;
    info.shape = geometry(input, p, &info.formulas).output_shape();
    return info;
}

// input (N, C, H, W); output (N, C, OH, OW)
Tensor lp_pool2d_forward_reference(const Tensor& input, const LpPool2dParams& p) {
    const PoolGeometry g = geometry(input.shape(), p);
    Tensor out(g.output_shape());
    for (int64_t n = 0; n < g.n; ++n) {
        for (int64_t c = 0; c < g.c; ++c) {
            for (int64_t oy = 0; oy < g.out_h; ++oy) {
                for (int64_t ox = 0; ox < g.out_w; ++ox) {
                    float sum = 0.0f;
                    int64_t valid = 0;
                    for (int64_t ky = 0; ky < g.kernel.h; ++ky) {
                        const int64_t y = oy * g.stride.h + ky;
                        for (int64_t kx = 0; kx < g.kernel.w; ++kx) {
                            const int64_t x = ox * g.stride.w + kx;
                            if (y < g.in_h && x < g.in_w) {
                                sum += torch_pow(input(n, c, y, x), p.norm_type);
                                ++valid;
                            }
                        }
                    }
                    out(n, c, oy, ox) = lp_finish(sum, valid, g, p.norm_type);
                }
            }
        }
    }
    return out;
}

Tensor lp_pool2d_forward(const Tensor& input, const LpPool2dParams& p) {
    const PoolGeometry g = geometry(input.shape(), p);
    Tensor out(g.output_shape());
    const int64_t rows = g.planes() * g.out_h;
    parallel_for(
        0, rows,
        [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                const float* plane = input.data() + (r / g.out_h) * g.in_h * g.in_w;
                const int64_t oy = r % g.out_h;
                float* dst = out.data() + r * g.out_w;
                for (int64_t ox = 0; ox < g.out_w; ++ox) {
                    const AvgWindow w = avg_window(g, oy, ox);
                    float sum = 0.0f;
                    for (int64_t y = w.y0; y < w.y1; ++y) {
                        for (int64_t x = w.x0; x < w.x1; ++x) {
                            sum += torch_pow(plane[y * g.in_w + x], p.norm_type);
                        }
                    }
                    dst[ox] = lp_finish(sum, w.real_count(), g, p.norm_type);
                }
            }
        },
        g.row_grain(1024));  // a power per tap: smaller tasks
    return out;
}

Step lp_pool2d_trace(const Tensor& input, const LpPool2dParams& p, const Index4& at) {
    const PoolGeometry g = geometry(input.shape(), p);
    require_traceable_window(kOp, g);
    const auto [n, c, oy, ox] = at;
    require(
        n >= 0 && n < g.n && c >= 0 && c < g.c && oy >= 0 && oy < g.out_h && ox >= 0 &&
            ox < g.out_w,
        "lp_pool2d trace: output element is outside the output " + shape_string(g.output_shape()));
    Step step;
    step.op = kOp;
    step.at = at;
    float sum = 0.0f;
    double exact = 0.0;
    int64_t valid = 0;
    for (int64_t ky = 0; ky < g.kernel.h; ++ky) {
        const int64_t y = oy * g.stride.h + ky;
        for (int64_t kx = 0; kx < g.kernel.w; ++kx) {
            const int64_t x = ox * g.stride.w + kx;
            if (y >= g.in_h || x >= g.in_w) {
                continue;  // a ceil_mode window hanging off the end: no cell there
            }
            Tap tap;
            tap.kernel = {c, ky, kx};
            tap.input = Index4{n, c, y, x};
            tap.value = input(n, c, y, x);
            sum += torch_pow(tap.value, p.norm_type);
            exact += std::pow(static_cast<double>(tap.value), p.norm_type);
            ++valid;
            step.taps.push_back(tap);
        }
    }
    step.sum = exact;
    step.divisor = static_cast<double>(valid) / static_cast<double>(g.kernel.h * g.kernel.w);
    step.output = lp_finish(sum, valid, g, p.norm_type);
    return step;
}

namespace {

// ∂out/∂x for one window and one of its cells: x^(p−1) · (kh·kw / valid) · base^(1/p − 1).
double lp_factor(float x, float base, int64_t valid, const PoolGeometry& g, double p) {
    const double e = 1.0 / p - 1.0;
    double root_slope = 1.0;  // d base^(1/p) / d base, times p (the p of d x^p/dx cancels it)
    if (e != 0.0) {
        if (base == 0.0f) {
            return 0.0;  // the norm's derivative is undefined at 0; pass no gradient
        }
        root_slope = std::pow(static_cast<double>(base), e);
    }
    const double x_slope = p == 1.0 ? 1.0 : std::pow(static_cast<double>(x), p - 1.0);
    return x_slope * static_cast<double>(g.kernel.h * g.kernel.w) / static_cast<double>(valid) *
           root_slope;
}

float window_base(const float* plane, const PoolGeometry& g, const AvgWindow& w, double p) {
    float sum = 0.0f;
    for (int64_t y = w.y0; y < w.y1; ++y) {
        for (int64_t x = w.x0; x < w.x1; ++x) {
            sum += torch_pow(plane[y * g.in_w + x], p);
        }
    }
    return sum / static_cast<float>(w.real_count()) * static_cast<float>(g.kernel.h * g.kernel.w);
}

}  // namespace

// input (N, C, H, W); grad_output (N, C, OH, OW); grad_input (N, C, H, W)
Tensor lp_pool2d_backward(const Tensor& input, const Tensor& grad_output, const LpPool2dParams& p) {
    const PoolGeometry g = geometry(input.shape(), p);
    require_grad_shape(kOp, grad_output, g.output_shape(), "grad_output");
    Tensor grad_input(input.shape());
    const int64_t plane_in = g.in_h * g.in_w, plane_out = g.out_h * g.out_w;
    parallel_for(0, g.planes(), [&](int64_t begin, int64_t end) {
        for (int64_t plane = begin; plane < end; ++plane) {
            const float* x = input.data() + plane * plane_in;
            float* gi = grad_input.data() + plane * plane_in;
            const float* go = grad_output.data() + plane * plane_out;
            for (int64_t oy = 0; oy < g.out_h; ++oy) {
                for (int64_t ox = 0; ox < g.out_w; ++ox) {
                    const AvgWindow w = avg_window(g, oy, ox);
                    const float base = window_base(x, g, w, p.norm_type);
                    const double grad = go[oy * g.out_w + ox];
                    for (int64_t y = w.y0; y < w.y1; ++y) {
                        for (int64_t xx = w.x0; xx < w.x1; ++xx) {
                            const float v = x[y * g.in_w + xx];
                            gi[y * g.in_w + xx] += static_cast<float>(
                                grad * lp_factor(v, base, w.real_count(), g, p.norm_type));
                        }
                    }
                }
            }
        }
    });
    return grad_input;
}

GradTrace lp_pool2d_backward_trace(const Tensor& input, const LpPool2dParams& p,
                                   const Tensor& grad_output, const Index4& at) {
    const PoolGeometry g = geometry(input.shape(), p);
    require_routing_args(kOp, g, grad_output, at);
    // Named one by one: lambdas below use them (clang 14 cannot capture structured bindings).
    const int64_t n = at[0], c = at[1], iy = at[2], ix = at[3];
    const float* plane = input.data() + (n * g.c + c) * g.in_h * g.in_w;
    GradTrace trace;
    trace.at = at;
    for_each_window_reading(g, iy, ix, [&](int64_t oy, int64_t ox, int64_t ky, int64_t kx) {
        const AvgWindow w = avg_window(g, oy, ox);
        GradRoute route;
        route.output = {n, c, oy, ox};
        route.kernel = {ky, kx};
        route.grad_output = grad_output(n, c, oy, ox);
        route.factor = lp_factor(plane[iy * g.in_w + ix], window_base(plane, g, w, p.norm_type),
                                 w.real_count(), g, p.norm_type);
        trace.grad_input += route.contribution();
        trace.routes.push_back(route);
    });
    return trace;
}

}  // namespace cs
