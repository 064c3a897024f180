#include "engine/ops/clamp.hpp"

#include <cmath>
#include <limits>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr int64_t kGrain = 16384;  // elements per task: a clamp is cheap

bool passes_gradient(float x, const ClampParams& p) {
    if (p.gradient_at_bounds) {
        return (!p.min || x >= *p.min) && (!p.max || x <= *p.max);
    }
    return (!p.min || x > *p.min) && (!p.max || x < *p.max);
}

std::string range_text(const ClampParams& p) {
    std::string text = "[";
    text += p.min ? format_number(*p.min) : std::string("−∞");
    text += ", ";
    text += p.max ? format_number(*p.max) : std::string("∞");
    return text + "]";
}

ClampParams clamp_params(const OpCall& call) {
    ClampParams p;
    if (param_present(call.params, "min")) {
        p.min = param_number(call.params, call.op, "min", 0.0);
    }
    if (param_present(call.params, "max")) {
        p.max = param_number(call.params, call.op, "max", 0.0);
    }
    require(p.min || p.max, "clamp: at least one of min and max must be given");
    return p;
}

ClampParams params_of(const OpCall& call) {
    if (call.op == "relu6") {
        return relu6_params();
    }
    if (call.op == "hardtanh") {
        return hardtanh_params(param_number(call.params, call.op, "min_val", -1.0),
                               param_number(call.params, call.op, "max_val", 1.0));
    }
    return clamp_params(call);
}

OpHandler clamp_handler() {
    return OpHandler{
        [](const OpCall& call) { return clamp_output_shape(call.input.shape(), params_of(call)); },
        [](const OpCall& call) {
            return OpResult{clamp_forward(call.input, params_of(call)), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require(view.empty() || view == "direct", call.op + " has only the direct view");
            return clamp_trace(call.input, params_of(call), at);
        }};
}

}  // namespace

ClampParams relu6_params() {
    return {.min = 0.0, .max = 6.0, .gradient_at_bounds = false};
}

ClampParams hardtanh_params(double min_val, double max_val) {
    return {.min = min_val, .max = max_val, .gradient_at_bounds = false};
}

float clamp_value(float x, const ClampParams& p) {
    if (std::isnan(x)) {
        return x;
    }
    // torch applies max(x, min) first, then min(·, max): with min > max the result is max.
    if (p.min) {
        x = std::max(x, static_cast<float>(*p.min));
    }
    if (p.max) {
        x = std::min(x, static_cast<float>(*p.max));
    }
    return x;
}

ShapeInfo clamp_output_shape(const Shape& input, const ClampParams& p) {
    return {input, {"clamping to " + range_text(p) + " keeps the shape: " + shape_string(input)}};
}

Tensor clamp_forward(const Tensor& input, const ClampParams& p) {
    Tensor out = Tensor::uninitialized(input.shape());
    const float* x = input.data();
    float* y = out.data();
    // clamp_value without its branches, so that the loop runs in vectors: a missing bound is
    // infinite, and x < lo / hi < v are false for NaN, which passes through as torch's does.
    const float lo = p.min ? static_cast<float>(*p.min) : -std::numeric_limits<float>::infinity();
    const float hi = p.max ? static_cast<float>(*p.max) : std::numeric_limits<float>::infinity();
    parallel_for(
        0, input.numel(),
        [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                const float v = x[i] < lo ? lo : x[i];
                y[i] = hi < v ? hi : v;
            }
        },
        kGrain);
    return out;
}

Step clamp_trace(const Tensor& input, const ClampParams& p, const Index4& at) {
    const int64_t offset = element_offset(input.shape(), at, "clamp");
    Step step;
    Tap tap;
    tap.kernel = {at[1], 0, 0};
    tap.input = at;
    tap.value = input.data()[offset];
    tap.weight = passes_gradient(tap.value, p) ? 1.0f : 0.0f;
    step.taps.push_back(tap);
    step.sum = tap.value;
    if (p.min) {
        step.quantities.push_back({"min", *p.min});
    }
    if (p.max) {
        step.quantities.push_back({"max", *p.max});
    }
    step.output = clamp_value(tap.value, p);
    return step;
}

Tensor clamp_backward(const Tensor& input, const Tensor& grad_output, const ClampParams& p) {
    require(grad_output.shape() == input.shape(),
            "clamp backward: grad_output " + shape_string(grad_output.shape()) +
                " must have the input's shape " + shape_string(input.shape()));
    Tensor grad_input = Tensor::uninitialized(input.shape());
    const float* x = input.data();
    const float* g = grad_output.data();
    float* gi = grad_input.data();
    parallel_for(
        0, input.numel(),
        [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                gi[i] = passes_gradient(x[i], p) ? g[i] : 0.0f;
            }
        },
        kGrain);
    return grad_input;
}

void register_clamp_ops(OpTable& table) {
    for (const char* name : {"relu6", "hardtanh", "clamp"}) {
        table[name] = clamp_handler();
        table[name].backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
            return OpGrads{{clamp_backward(call.input, grad, params_of(call))}, {}};
        };
    }
    table["relu6"].torch_module = "ReLU6";
    table["hardtanh"].torch_module = "Hardtanh";
    table["hardtanh"].params = {{.name = "min_val",
                                 .kind = ParamKind::number,
                                 .fallback = -1,
                                 .low = -10,
                                 .high = 10,
                                 .meaning = "Values below this become this."},
                                {.name = "max_val",
                                 .kind = ParamKind::number,
                                 .fallback = 1,
                                 .low = -10,
                                 .high = 10,
                                 .meaning = "Values above this become this."}};
    table["clamp"].torch_function = "torch.clamp";
    table["clamp"].params = {{.name = "min",
                              .kind = ParamKind::number,
                              .fallback = nullptr,
                              .start = 0,
                              .low = -10,
                              .high = 10,
                              .nullable = true,
                              .meaning = "Values below this become this (None: no "
                                         "lower bound)."},
                             {.name = "max",
                              .kind = ParamKind::number,
                              .fallback = nullptr,
                              .start = 1,
                              .low = -10,
                              .high = 10,
                              .nullable = true,
                              .meaning = "Values above this become this (None: no "
                                         "upper bound)."}};
}

}  // namespace cs
