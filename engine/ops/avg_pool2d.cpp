#include "engine/ops/avg_pool2d.hpp"

#include "engine/error.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr const char* kOp = "avg_pool2d";

// The sum of one window's real cells, in row-major order, in float (as torch accumulates).
// input plane (H, W)
float window_sum(const float* plane, int64_t in_w, const AvgWindow& w) {
    float sum = 0.0f;
    for (int64_t y = w.y0; y < w.y1; ++y) {
        const float* row = plane + y * in_w;
        for (int64_t x = w.x0; x < w.x1; ++x) {
            sum += row[x];
        }
    }
    return sum;
}

// The divisor of a window already clipped by avg_window (see avg_pool2d_divisor).
int64_t divisor_of(const AvgWindow& w, const AvgPool2dParams& p) {
    if (p.divisor_override) {
        return *p.divisor_override;
    }
    return p.count_include_pad ? w.padded_count : w.real_count();
}

}  // namespace

PoolGeometry avg_pool2d_geometry(const Shape& input, const AvgPool2dParams& p,
                                 std::vector<std::string>* formulas) {
    require(!p.divisor_override || *p.divisor_override != 0, "avg_pool2d.divisor_zero", {},
            "avg_pool2d: divisor_override must not be 0 (leave it out to divide by the window "
            "size)");
    return pool_geometry(kOp, input, {p.kernel_size, p.stride, p.padding, {1, 1}, p.ceil_mode},
                         formulas);
}

ShapeInfo avg_pool2d_output_shape(const Shape& input, const AvgPool2dParams& p) {
    ShapeInfo info;
    info.shape = avg_pool2d_geometry(input, p, &info.formulas).output_shape();
    return info;
}

int64_t avg_pool2d_divisor(const PoolGeometry& g, const AvgPool2dParams& p, int64_t oy,
                           int64_t ox) {
    return divisor_of(avg_window(g, oy, ox), p);
}

// input (N, C, H, W); output (N, C, OH, OW)
Tensor avg_pool2d_forward_reference(const Tensor& input, const AvgPool2dParams& p) {
    const PoolGeometry g = avg_pool2d_geometry(input.shape(), p);
    Tensor out(g.output_shape());
    for (int64_t n = 0; n < g.n; ++n) {
        for (int64_t c = 0; c < g.c; ++c) {
            for (int64_t oy = 0; oy < g.out_h; ++oy) {
                for (int64_t ox = 0; ox < g.out_w; ++ox) {
                    float sum = 0.0f;
                    for (int64_t ky = 0; ky < g.kernel.h; ++ky) {
                        const int64_t y = oy * g.stride.h - g.padding.h + ky;
                        for (int64_t kx = 0; kx < g.kernel.w; ++kx) {
                            const int64_t x = ox * g.stride.w - g.padding.w + kx;
                            if (y >= 0 && y < g.in_h && x >= 0 && x < g.in_w) {
                                sum += input(n, c, y, x);  // padding adds 0
                            }
                        }
                    }
                    out(n, c, oy, ox) = sum / static_cast<float>(avg_pool2d_divisor(g, p, oy, ox));
                }
            }
        }
    }
    return out;
}

Tensor avg_pool2d_forward(const Tensor& input, const AvgPool2dParams& p) {
    const PoolGeometry g = avg_pool2d_geometry(input.shape(), p);
    Tensor out = Tensor::uninitialized(g.output_shape());  // every cell is written below
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
                    dst[ox] = window_sum(plane, g.in_w, w) / static_cast<float>(divisor_of(w, p));
                }
            }
        },
        g.row_grain());
    return out;
}

Step avg_pool2d_trace(const Tensor& input, const AvgPool2dParams& p, const Index4& at) {
    const PoolGeometry g = avg_pool2d_geometry(input.shape(), p);
    require_traceable_window(kOp, g);
    const auto [n, c, oy, ox] = at;
    require(
        n >= 0 && n < g.n && c >= 0 && c < g.c && oy >= 0 && oy < g.out_h && ox >= 0 &&
            ox < g.out_w,
        "avg_pool2d trace: output element is outside the output " + shape_string(g.output_shape()));
    Step step;
    step.op = kOp;
    step.at = at;
    float sum = 0.0f;  // the kernel's own float sum, so `output` is exactly the forward value
    double exact = 0.0;
    for (int64_t ky = 0; ky < g.kernel.h; ++ky) {
        const int64_t y = oy * g.stride.h - g.padding.h + ky;
        for (int64_t kx = 0; kx < g.kernel.w; ++kx) {
            const int64_t x = ox * g.stride.w - g.padding.w + kx;
            Tap tap;
            tap.kernel = {c, ky, kx};
            if (y >= 0 && y < g.in_h && x >= 0 && x < g.in_w) {
                tap.input = Index4{n, c, y, x};
                tap.value = input(n, c, y, x);
                sum += tap.value;
                exact += tap.value;
            } else if (y >= g.in_h + g.padding.h || x >= g.in_w + g.padding.w) {
                continue;  // past the padded input (ceil_mode): not part of the window at all
            } else {
                tap.kind = TapKind::padding;  // zero border: adds 0
            }
            step.taps.push_back(tap);
        }
    }
    const int64_t divisor = avg_pool2d_divisor(g, p, oy, ox);
    step.sum = exact;
    step.divisor = static_cast<double>(divisor);
    step.output = sum / static_cast<float>(divisor);
    return step;
}

// grad_output (N, C, OH, OW); grad_input (N, C, H, W)
Tensor avg_pool2d_backward(const Tensor& grad_output, const Shape& input_shape,
                           const AvgPool2dParams& p) {
    const PoolGeometry g = avg_pool2d_geometry(input_shape, p);
    require_grad_shape(kOp, grad_output, g.output_shape(), "grad_output");
    Tensor grad_input(input_shape);
    const int64_t plane_in = g.in_h * g.in_w, plane_out = g.out_h * g.out_w;
    // Planes in parallel; inside a plane outputs are scattered in row-major order (as torch),
    // so the sums do not depend on the thread count.
    parallel_for(0, g.planes(), [&](int64_t begin, int64_t end) {
        for (int64_t plane = begin; plane < end; ++plane) {
            float* gi = grad_input.data() + plane * plane_in;
            const float* go = grad_output.data() + plane * plane_out;
            for (int64_t oy = 0; oy < g.out_h; ++oy) {
                for (int64_t ox = 0; ox < g.out_w; ++ox) {
                    const AvgWindow w = avg_window(g, oy, ox);
                    const float share =
                        go[oy * g.out_w + ox] / static_cast<float>(divisor_of(w, p));
                    for (int64_t y = w.y0; y < w.y1; ++y) {
                        for (int64_t x = w.x0; x < w.x1; ++x) {
                            gi[y * g.in_w + x] += share;
                        }
                    }
                }
            }
        }
    });
    return grad_input;
}

GradTrace avg_pool2d_backward_trace(const Shape& input_shape, const AvgPool2dParams& p,
                                    const Tensor& grad_output, const Index4& at) {
    const PoolGeometry g = avg_pool2d_geometry(input_shape, p);
    require_routing_args(kOp, g, grad_output, at);
    // Named one by one: lambdas below use them (clang 14 cannot capture structured bindings).
    const int64_t n = at[0], c = at[1], iy = at[2], ix = at[3];
    GradTrace trace;
    trace.at = at;
    for_each_window_reading(g, iy, ix, [&](int64_t oy, int64_t ox, int64_t ky, int64_t kx) {
        GradRoute route;
        route.output = {n, c, oy, ox};
        route.kernel = {ky, kx};
        route.grad_output = grad_output(n, c, oy, ox);
        route.factor = 1.0 / static_cast<double>(avg_pool2d_divisor(g, p, oy, ox));
        trace.grad_input += route.contribution();
        trace.routes.push_back(route);
    });
    return trace;
}

}  // namespace cs
