#include "engine/ops/adaptive_max_pool2d.hpp"

#include <cmath>
#include <limits>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr const char* kOp = "adaptive_max_pool2d";

// torch's comparison: a larger value or a NaN takes over; equal values keep the first.
bool beats(float value, float best) {
    return value > best || std::isnan(value);
}

struct Winner {
    float value = -std::numeric_limits<float>::infinity();
    int64_t index = 0;
};

Winner window_max(const float* plane, int64_t in_w, int64_t y0, int64_t y1, int64_t x0,
                  int64_t x1) {
    Winner w;
    w.index = y0 * in_w + x0;
    for (int64_t iy = y0; iy < y1; ++iy) {
        for (int64_t ix = x0; ix < x1; ++ix) {
            const float v = plane[iy * in_w + ix];
            if (beats(v, w.value)) {
                w.value = v;
                w.index = iy * in_w + ix;
            }
        }
    }
    return w;
}

Tensor indices_tensor(const IndexBuffer& indices, const Shape& shape) {
    Tensor t = Tensor::uninitialized(shape);
    for (size_t i = 0; i < indices.size(); ++i) {
        t.data()[i] = static_cast<float>(indices[i]);
    }
    return t;
}

}  // namespace

AdaptiveMaxPoolResult adaptive_max_pool2d_forward(const Tensor& input,
                                                  const AdaptivePoolParams& p) {
    const AdaptiveGeometry g = adaptive_geometry(kOp, input.shape(), p);
    AdaptiveMaxPoolResult r{Tensor::uninitialized(g.output_shape()), {}};
    r.indices.resize(static_cast<size_t>(r.output.numel()));
    const float* x = input.data();
    float* y = r.output.data();
    parallel_for(
        0, g.n * g.c,
        [&](int64_t first, int64_t last) {
            for (int64_t plane = first; plane < last; ++plane) {
                const float* src = x + plane * g.in_h * g.in_w;
                const int64_t base = plane * g.out_h * g.out_w;
                for (int64_t oy = 0; oy < g.out_h; ++oy) {
                    const int64_t y0 = adaptive_begin(oy, g.in_h, g.out_h);
                    const int64_t y1 = adaptive_end(oy, g.in_h, g.out_h);
                    for (int64_t ox = 0; ox < g.out_w; ++ox) {
                        const Winner w =
                            window_max(src, g.in_w, y0, y1, adaptive_begin(ox, g.in_w, g.out_w),
                                       adaptive_end(ox, g.in_w, g.out_w));
                        y[base + oy * g.out_w + ox] = w.value;
                        r.indices[static_cast<size_t>(base + oy * g.out_w + ox)] = w.index;
                    }
                }
            }
        },
        1);
    return r;
}

Step adaptive_max_pool2d_trace(const Tensor& input, const AdaptivePoolParams& p, const Index4& at) {
    const AdaptiveGeometry g = adaptive_geometry(kOp, input.shape(), p);
    const auto [n, c, oy, ox] = adaptive_plane_index(g, at);
    const auto [y0, y1, x0, x1] = traced_window(kOp, g, oy, ox);
    const float* plane = input.data() + (n * g.c + c) * g.in_h * g.in_w;
    const Winner w = window_max(plane, g.in_w, y0, y1, x0, x1);
    Step step;
    for (int64_t iy = y0; iy < y1; ++iy) {
        for (int64_t ix = x0; ix < x1; ++ix) {
            if (iy * g.in_w + ix == w.index) {
                step.selected = static_cast<int64_t>(step.taps.size());
            }
            Tap tap;
            tap.kernel = {c, iy - y0, ix - x0};
            tap.input = g.batched ? Index4{n, c, iy, ix} : Index4{c, iy, ix, 0};
            tap.value = plane[iy * g.in_w + ix];
            step.taps.push_back(tap);
        }
    }
    step.sum = w.value;
    step.output = w.value;
    return step;
}

Tensor adaptive_max_pool2d_backward(const Shape& input, const Tensor& grad_output,
                                    const IndexBuffer& indices, const AdaptivePoolParams& p) {
    const AdaptiveGeometry g = adaptive_geometry(kOp, input, p);
    require(grad_output.shape() == g.output_shape() &&
                static_cast<int64_t>(indices.size()) == grad_output.numel(),
            std::string(kOp) + " backward: grad_output " + shape_string(grad_output.shape()) +
                " and the indices must have the output's shape " + shape_string(g.output_shape()));
    Tensor grad_input(input, 0.0f);
    const float* go = grad_output.data();
    float* gi = grad_input.data();
    const int64_t out_plane = g.out_h * g.out_w;
    parallel_for(
        0, g.n * g.c,
        [&](int64_t first, int64_t last) {
            for (int64_t plane = first; plane < last; ++plane) {
                float* dst = gi + plane * g.in_h * g.in_w;
                for (int64_t i = plane * out_plane; i < (plane + 1) * out_plane; ++i) {
                    dst[indices[static_cast<size_t>(i)]] += go[i];
                }
            }
        },
        1);
    return grad_input;
}

void register_adaptive_max_pool2d(OpTable& table) {
    table[kOp] = OpHandler{
        [](const OpCall& call) {
            return adaptive_output_shape(kOp, call.input.shape(), adaptive_pool_params(call));
        },
        [](const OpCall& call) {
            AdaptiveMaxPoolResult r =
                adaptive_max_pool2d_forward(call.input, adaptive_pool_params(call));
            Tensor indices = indices_tensor(r.indices, r.output.shape());
            return OpResult{std::move(r.output), std::move(indices)};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require(view.empty() || view == "direct",
                    std::string(kOp) + " has only the direct view");
            return adaptive_max_pool2d_trace(call.input, adaptive_pool_params(call), at);
        }};
    table[kOp].backward = [](const OpCall& call, const OpResult& forward, const Tensor& grad) {
        require(forward.indices.has_value(), std::string(kOp) + " backward needs the indices");
        IndexBuffer indices(static_cast<size_t>(forward.indices->numel()));
        for (size_t i = 0; i < indices.size(); ++i) {
            indices[i] = static_cast<int64_t>(forward.indices->data()[i]);
        }
        return OpGrads{{adaptive_max_pool2d_backward(call.input.shape(), grad, indices,
                                                     adaptive_pool_params(call))},
                       {}};
    };
    table[kOp].family = OpFamily::pooling;
    table[kOp].reduce = WindowReduce::max;
    table[kOp].torch_module = "AdaptiveMaxPool2d";
    table[kOp].params = adaptive_pool_param_specs();
}

}  // namespace cs
