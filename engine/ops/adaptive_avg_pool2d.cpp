#include "engine/ops/adaptive_avg_pool2d.hpp"

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr const char* kOp = "adaptive_avg_pool2d";

AdaptivePoolParams params_of(const OpCall& call) {
    return adaptive_pool_params(call);
}

// One side of output_size: a whole number, or null to keep the input's size.
std::optional<int64_t> output_side(const nlohmann::json& v, const std::string& op) {
    if (v.is_null()) {
        return std::nullopt;
    }
    return param_int(nlohmann::json{{"output_size", v}}, op, "output_size", 0);
}

}  // namespace

AdaptivePoolParams adaptive_pool_params(const OpCall& call) {
    require(param_present(call.params, "output_size"),
            call.op + ": output_size is required (1 for global pooling)");
    const nlohmann::json& v = call.params.at("output_size");
    if (v.is_array()) {
        require(v.size() == 2, call.op +
                                   ": output_size must be one number or a pair (height, width), "
                                   "got " +
                                   v.dump());
        return {output_side(v[0], call.op), output_side(v[1], call.op)};
    }
    const std::optional<int64_t> both = output_side(v, call.op);
    return {both, both};
}

Shape AdaptiveGeometry::output_shape() const {
    return batched ? Shape{n, c, out_h, out_w} : Shape{c, out_h, out_w};
}

AdaptiveGeometry adaptive_geometry(const std::string& op, const Shape& input,
                                   const AdaptivePoolParams& p) {
    require(input.size() == 3 || input.size() == 4,
            op + ": expects a 3-D (C, H, W) or 4-D (N, C, H, W) input, got " + shape_string(input));
    AdaptiveGeometry g;
    g.batched = input.size() == 4;
    const size_t base = g.batched ? 1 : 0;
    g.n = g.batched ? input[0] : 1;
    g.c = input[base];
    g.in_h = input[base + 1];
    g.in_w = input[base + 2];
    require(g.c > 0 && g.in_h > 0 && g.in_w > 0,
            op + ": the input " + shape_string(input) + " has no values to pool");
    g.out_h = p.out_h.value_or(g.in_h);
    g.out_w = p.out_w.value_or(g.in_w);
    // torch accepts 0 and returns an empty tensor.
    require(g.out_h >= 0 && g.out_w >= 0, op + ": output_size cannot be negative, got (" +
                                              std::to_string(g.out_h) + ", " +
                                              std::to_string(g.out_w) + ")");
    require_tensor_size(g.output_shape(), op + "'s output");
    return g;
}

ShapeInfo adaptive_output_shape(const std::string& op, const Shape& input,
                                const AdaptivePoolParams& p) {
    const AdaptiveGeometry g = adaptive_geometry(op, input, p);
    auto axis = [](int64_t in, int64_t out) {
        if (out == 0) {
            return std::to_string(in) + " → 0 (no windows: the output is empty)";
        }
        if (out == 1) {
            return std::to_string(in) + " → 1 (one window of all " + std::to_string(in) + ")";
        }
        int64_t smallest = in, largest = 0;
        for (int64_t i = 0; i < out; ++i) {
            const int64_t size = adaptive_end(i, in, out) - adaptive_begin(i, in, out);
            smallest = std::min(smallest, size);
            largest = std::max(largest, size);
        }
        const std::string sizes = smallest == largest
                                      ? std::to_string(smallest)
                                      : std::to_string(smallest) + " or " + std::to_string(largest);
        return std::to_string(in) + " → " + std::to_string(out) + " (windows ⌊i·" +
               std::to_string(in) + "/" + std::to_string(out) + "⌋ … ⌈(i+1)·" + std::to_string(in) +
               "/" + std::to_string(out) + "⌉, " + sizes + " cells)";
    };
    return {g.output_shape(), {axis(g.in_h, g.out_h), axis(g.in_w, g.out_w)}};
}

Index4 adaptive_plane_index(const AdaptiveGeometry& g, const Index4& at) {
    const Index4 plane = g.batched ? at : Index4{0, at[0], at[1], at[2]};
    require((g.batched || at[3] == 0) && plane[0] >= 0 && plane[0] < g.n && plane[1] >= 0 &&
                plane[1] < g.c && plane[2] >= 0 && plane[2] < g.out_h && plane[3] >= 0 &&
                plane[3] < g.out_w,
            "adaptive pooling: the output element is outside the output " +
                shape_string(g.output_shape()));
    return plane;
}

AdaptiveWindow traced_window(const std::string& op, const AdaptiveGeometry& g, int64_t oy,
                             int64_t ox) {
    const AdaptiveWindow w{adaptive_begin(oy, g.in_h, g.out_h), adaptive_end(oy, g.in_h, g.out_h),
                           adaptive_begin(ox, g.in_w, g.out_w), adaptive_end(ox, g.in_w, g.out_w)};
    const int64_t cells = (w.y1 - w.y0) * (w.x1 - w.x0);
    require(cells <= max_step_window_cells, op + ": a window of " + std::to_string(cells) +
                                                " cells is too large to show step by step");
    return w;
}

Tensor adaptive_avg_pool2d_forward(const Tensor& input, const AdaptivePoolParams& p) {
    const AdaptiveGeometry g = adaptive_geometry(kOp, input.shape(), p);
    Tensor out = Tensor::uninitialized(g.output_shape());
    const float* x = input.data();
    float* y = out.data();
    parallel_for(
        0, g.n * g.c,
        [&](int64_t first, int64_t last) {
            for (int64_t plane = first; plane < last; ++plane) {
                const float* src = x + plane * g.in_h * g.in_w;
                float* dst = y + plane * g.out_h * g.out_w;
                for (int64_t oy = 0; oy < g.out_h; ++oy) {
                    const int64_t y0 = adaptive_begin(oy, g.in_h, g.out_h);
                    const int64_t y1 = adaptive_end(oy, g.in_h, g.out_h);
                    for (int64_t ox = 0; ox < g.out_w; ++ox) {
                        const int64_t x0 = adaptive_begin(ox, g.in_w, g.out_w);
                        const int64_t x1 = adaptive_end(ox, g.in_w, g.out_w);
                        float sum = 0.0f;  // float, in torch's order: rows, then columns
                        for (int64_t iy = y0; iy < y1; ++iy) {
                            for (int64_t ix = x0; ix < x1; ++ix) {
                                sum += src[iy * g.in_w + ix];
                            }
                        }
                        dst[oy * g.out_w + ox] = sum / static_cast<float>((y1 - y0) * (x1 - x0));
                    }
                }
            }
        },
        1);
    return out;
}

Step adaptive_avg_pool2d_trace(const Tensor& input, const AdaptivePoolParams& p, const Index4& at) {
    const AdaptiveGeometry g = adaptive_geometry(kOp, input.shape(), p);
    const auto [n, c, oy, ox] = adaptive_plane_index(g, at);
    const auto [y0, y1, x0, x1] = traced_window(kOp, g, oy, ox);
    const float* plane = input.data() + (n * g.c + c) * g.in_h * g.in_w;
    Step step;
    float sum = 0.0f;
    for (int64_t iy = y0; iy < y1; ++iy) {
        for (int64_t ix = x0; ix < x1; ++ix) {
            Tap tap;
            tap.kernel = {c, iy - y0, ix - x0};
            tap.input = g.batched ? Index4{n, c, iy, ix} : Index4{c, iy, ix, 0};
            tap.value = plane[iy * g.in_w + ix];
            sum += tap.value;
            step.taps.push_back(tap);
        }
    }
    step.sum = sum;
    step.divisor = static_cast<double>((y1 - y0) * (x1 - x0));
    step.output = sum / static_cast<float>(*step.divisor);
    return step;
}

Tensor adaptive_avg_pool2d_backward(const Shape& input, const Tensor& grad_output,
                                    const AdaptivePoolParams& p) {
    const AdaptiveGeometry g = adaptive_geometry(kOp, input, p);
    require(grad_output.shape() == g.output_shape(),
            std::string(kOp) + " backward: grad_output " + shape_string(grad_output.shape()) +
                " must have the output's shape " + shape_string(g.output_shape()));
    Tensor grad_input(input, 0.0f);
    const float* go = grad_output.data();
    float* gi = grad_input.data();
    parallel_for(
        0, g.n * g.c,
        [&](int64_t first, int64_t last) {
            for (int64_t plane = first; plane < last; ++plane) {
                float* dst = gi + plane * g.in_h * g.in_w;
                const float* src = go + plane * g.out_h * g.out_w;
                for (int64_t oy = 0; oy < g.out_h; ++oy) {
                    const int64_t y0 = adaptive_begin(oy, g.in_h, g.out_h);
                    const int64_t y1 = adaptive_end(oy, g.in_h, g.out_h);
                    for (int64_t ox = 0; ox < g.out_w; ++ox) {
                        const int64_t x0 = adaptive_begin(ox, g.in_w, g.out_w);
                        const int64_t x1 = adaptive_end(ox, g.in_w, g.out_w);
                        const float share =
                            src[oy * g.out_w + ox] / static_cast<float>((y1 - y0) * (x1 - x0));
                        for (int64_t iy = y0; iy < y1; ++iy) {
                            for (int64_t ix = x0; ix < x1; ++ix) {
                                dst[iy * g.in_w + ix] += share;
                            }
                        }
                    }
                }
            }
        },
        1);
    return grad_input;
}

std::vector<ParamSpec> adaptive_pool_param_specs() {
    return {{.name = "output_size",
             .kind = ParamKind::size,
             .fallback = nullptr,
             .start = 1,
             .low = 1,
             .high = 64,
             .meaning = "The output's height and width; 1 pools each channel globally."}};
}

void register_adaptive_avg_pool2d(OpTable& table) {
    table[kOp] = OpHandler{
        [](const OpCall& call) {
            return adaptive_output_shape(kOp, call.input.shape(), params_of(call));
        },
        [](const OpCall& call) {
            return OpResult{adaptive_avg_pool2d_forward(call.input, params_of(call)), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require(view.empty() || view == "direct",
                    std::string(kOp) + " has only the direct view");
            return adaptive_avg_pool2d_trace(call.input, params_of(call), at);
        }};
    table[kOp].backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        return OpGrads{{adaptive_avg_pool2d_backward(call.input.shape(), grad, params_of(call))},
                       {}};
    };
    table[kOp].family = OpFamily::pooling;
    table[kOp].reduce = WindowReduce::mean;
    table[kOp].torch_module = "AdaptiveAvgPool2d";
    table[kOp].params = adaptive_pool_param_specs();
}

}  // namespace cs
