// The pooling ops by name, with parameters read from JSON as torch.nn.functional names them.
#include "engine/ops/register_pool.hpp"
#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/avg_pool2d.hpp"
#include "engine/ops/lp_pool2d.hpp"
#include "engine/ops/max_pool2d.hpp"

namespace cs {
namespace {

Pair required_pair(const OpCall& call, const std::string& name) {
    require(param_present(call.params, name),
            call.op + ": " + name + " is required (one number or a pair [h, w])");
    return param_pair(call.params, call.op, name, {});
}

// "stride": absent, null or [] mean "the same as kernel_size", as in torch.
std::optional<Pair> optional_stride(const OpCall& call) {
    if (!param_present(call.params, "stride")) {
        return std::nullopt;
    }
    const nlohmann::json& v = call.params.at("stride");
    if (v.is_array() && v.empty()) {
        return std::nullopt;
    }
    return param_pair(call.params, call.op, "stride", {});
}

void require_direct_view(const OpCall& call, const std::string& view) {
    require(view.empty() || view == "direct",
            call.op + " has only the direct view, not \"" + view + "\"");
}

Tensor indices_tensor(const MaxPool2dResult& r) {
    std::vector<float> values(r.indices.begin(), r.indices.end());
    return Tensor(r.output.shape(), std::move(values));
}

std::vector<ParamSpec> pool_params(bool padding, bool dilation) {
    std::vector<ParamSpec> specs = {
        {.name = "kernel_size",
         .kind = ParamKind::size,
         .fallback = nullptr,
         .start = 2,
         .low = 1,
         .high = 7,
         .meaning = "The height and width of the pooling window."},
        {.name = "stride",
         .kind = ParamKind::size,
         .fallback = nullptr,
         .low = 0,
         .high = 7,
         .nullable = true,
         .meaning = "How far the window moves between two outputs (default: kernel_size)."},
    };
    if (padding) {
        specs.push_back({.name = "padding",
                         .kind = ParamKind::size,
                         .fallback = 0,
                         .low = 0,
                         .high = 7,
                         .meaning = "Cells added around the input on each side."});
    }
    if (dilation) {
        specs.push_back({.name = "dilation",
                         .kind = ParamKind::size,
                         .fallback = 1,
                         .low = 0,
                         .high = 5,
                         .meaning = "The spacing between the cells the window reads."});
    }
    specs.push_back({.name = "ceil_mode",
                     .kind = ParamKind::flag,
                     .fallback = false,
                     .meaning = "Round the output size up: a last window may hang off the input."});
    return specs;
}

AxisWindow pool_axis(int64_t kernel, int64_t stride, int64_t dilation, int64_t padding) {
    return {.taps = kernel,
            .stride = stride,
            .dilation = dilation,
            .before = padding,
            .after = padding};
}

OpWindow pool_window(Pair kernel, std::optional<Pair> stride, Pair dilation, Pair padding,
                     bool ceil_mode) {
    const Pair s = stride.value_or(kernel);
    OpWindow w;
    w.rows = pool_axis(kernel.h, s.h, dilation.h, padding.h);
    w.cols = pool_axis(kernel.w, s.w, dilation.w, padding.w);
    w.ceil_mode = ceil_mode;
    return w;
}

void describe_pool_ops(std::map<std::string, OpHandler>& table) {
    OpHandler& max = table["max_pool2d"];
    max.params = pool_params(true, true);
    max.reduce = WindowReduce::max;
    max.values = [](const OpCall& call) {
        return max_pool2d_values(call.input, max_pool2d_params(call));
    };
    max.torch_module = "MaxPool2d";
    max.window = [](const OpCall& call) -> std::optional<OpWindow> {
        const MaxPool2dParams p = max_pool2d_params(call);
        return pool_window(p.kernel_size, p.stride, p.dilation, p.padding, p.ceil_mode);
    };
    OpHandler& avg = table["avg_pool2d"];
    avg.params = pool_params(true, false);
    avg.params.push_back({.name = "count_include_pad",
                          .kind = ParamKind::flag,
                          .fallback = true,
                          .meaning = "Padding cells count in the divisor."});
    avg.params.push_back({.name = "divisor_override",
                          .kind = ParamKind::whole,
                          .fallback = nullptr,
                          .low = 0,
                          .high = 99,
                          .nullable = true,
                          .meaning = "Divide by this number instead of the window's size."});
    avg.reduce = WindowReduce::mean;
    avg.torch_module = "AvgPool2d";
    avg.window = [](const OpCall& call) -> std::optional<OpWindow> {
        const AvgPool2dParams p = avg_pool2d_params(call);
        return pool_window(p.kernel_size, p.stride, {1, 1}, p.padding, p.ceil_mode);
    };
    OpHandler& lp = table["lp_pool2d"];
    lp.params = pool_params(false, false);
    lp.params.insert(lp.params.begin(),
                     {.name = "norm_type",
                      .kind = ParamKind::number,
                      .fallback = nullptr,
                      .start = 2,
                      .low = 0.5,
                      .high = 10,
                      .meaning = "The p of the p-norm: 1 sums, 2 is the Euclidean norm."});
    lp.reduce = WindowReduce::power_mean;
    lp.torch_module = "LPPool2d";
    lp.window = [](const OpCall& call) -> std::optional<OpWindow> {
        const LpPool2dParams p = lp_pool2d_params(call);
        return pool_window(p.kernel_size, p.stride, {1, 1}, {0, 0}, p.ceil_mode);
    };
    for (OpHandler* h : {&max, &avg, &lp}) {
        h->family = OpFamily::pooling;
    }
}

}  // namespace

MaxPool2dParams max_pool2d_params(const OpCall& call) {
    MaxPool2dParams p;
    p.kernel_size = required_pair(call, "kernel_size");
    p.stride = optional_stride(call);
    p.padding = param_pair(call.params, call.op, "padding", {0, 0});
    p.dilation = param_pair(call.params, call.op, "dilation", {1, 1});
    p.ceil_mode = param_bool(call.params, call.op, "ceil_mode", false);
    return p;
}

AvgPool2dParams avg_pool2d_params(const OpCall& call) {
    AvgPool2dParams p;
    p.kernel_size = required_pair(call, "kernel_size");
    p.stride = optional_stride(call);
    p.padding = param_pair(call.params, call.op, "padding", {0, 0});
    p.ceil_mode = param_bool(call.params, call.op, "ceil_mode", false);
    p.count_include_pad = param_bool(call.params, call.op, "count_include_pad", true);
    if (param_present(call.params, "divisor_override")) {
        p.divisor_override = param_int(call.params, call.op, "divisor_override", 0);
    }
    return p;
}

LpPool2dParams lp_pool2d_params(const OpCall& call) {
    LpPool2dParams p;
    require(param_present(call.params, "norm_type"),
            "lp_pool2d: norm_type (the p of the p-norm) is required");
    p.norm_type = param_number(call.params, call.op, "norm_type", 2.0);
    p.kernel_size = required_pair(call, "kernel_size");
    p.stride = optional_stride(call);
    p.ceil_mode = param_bool(call.params, call.op, "ceil_mode", false);
    return p;
}

void register_pool_ops(std::map<std::string, OpHandler>& table) {
    table["max_pool2d"] =
        OpHandler{[](const OpCall& call) {
                      return max_pool2d_output_shape(call.input.shape(), max_pool2d_params(call));
                  },
                  [](const OpCall& call) {
                      MaxPool2dResult r = max_pool2d_forward(call.input, max_pool2d_params(call));
                      OpResult result;
                      result.indices = indices_tensor(r);
                      result.output = std::move(r.output);
                      return result;
                  },
                  [](const OpCall& call, const Index4& at, const std::string& view) {
                      require_direct_view(call, view);
                      return max_pool2d_trace(call.input, max_pool2d_params(call), at);
                  }};
    table["avg_pool2d"] = OpHandler{
        [](const OpCall& call) {
            return avg_pool2d_output_shape(call.input.shape(), avg_pool2d_params(call));
        },
        [](const OpCall& call) {
            return OpResult{avg_pool2d_forward(call.input, avg_pool2d_params(call)), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require_direct_view(call, view);
            return avg_pool2d_trace(call.input, avg_pool2d_params(call), at);
        }};
    table["lp_pool2d"] = OpHandler{
        [](const OpCall& call) {
            return lp_pool2d_output_shape(call.input.shape(), lp_pool2d_params(call));
        },
        [](const OpCall& call) {
            return OpResult{lp_pool2d_forward(call.input, lp_pool2d_params(call)), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require_direct_view(call, view);
            return lp_pool2d_trace(call.input, lp_pool2d_params(call), at);
        }};
    table["max_pool2d"].backward = [](const OpCall& call, const OpResult& forward,
                                      const Tensor& grad) {
        require(forward.indices.has_value(), "max_pool2d backward needs the forward indices");
        IndexBuffer indices(static_cast<size_t>(forward.indices->numel()));
        for (size_t i = 0; i < indices.size(); ++i) {
            indices[i] = static_cast<int64_t>(forward.indices->data()[i]);
        }
        return OpGrads{
            {max_pool2d_backward(grad, indices, call.input.shape(), max_pool2d_params(call))}, {}};
    };
    table["avg_pool2d"].backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        return OpGrads{{avg_pool2d_backward(grad, call.input.shape(), avg_pool2d_params(call))},
                       {}};
    };
    table["lp_pool2d"].backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        return OpGrads{{lp_pool2d_backward(call.input, grad, lp_pool2d_params(call))}, {}};
    };
    describe_pool_ops(table);
}

}  // namespace cs
