// The pointwise ops by name (activations, flatten, linear, softmax, interpolate), with
// parameters read from JSON as torch.nn.functional names them.
#include "engine/ops/register_pointwise.hpp"
#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/activation.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/ops/interpolate.hpp"
#include "engine/ops/linear.hpp"
#include "engine/ops/softmax.hpp"

namespace cs {
namespace {

void require_direct_view(const OpCall& call, const std::string& view) {
    require(view.empty() || view == "direct",
            call.op + " has only the direct view, not \"" + view + "\"");
}

OpHandler activation_handler() {
    return OpHandler{
        [](const OpCall& call) {
            return activation_output_shape(call.input.shape(), activation_params(call));
        },
        [](const OpCall& call) {
            return OpResult{activation_forward(call.input, activation_params(call)), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require_direct_view(call, view);
            return activation_trace(call.input, activation_params(call), at);
        }};
}

void require_weight(const OpCall& call) {
    require(!call.weight.empty() || call.weight.dim() > 0,
            "linear: weight (out_features, in_features) is required");
}

// scale_factor: one number for both axes or a pair [h, w]; whole numbers and fractions alike.
std::array<double, 2> scale_pair(const nlohmann::json& v) {
    auto number = [](const nlohmann::json& x) {
        require(x.is_number(),
                "interpolate: scale_factor must be a number or a pair of "
                "numbers, got " +
                    x.dump());
        return x.get<double>();
    };
    if (v.is_array()) {
        require(v.size() == 2,
                "interpolate: scale_factor must be one number or a pair, got " + v.dump());
        return {number(v[0]), number(v[1])};
    }
    const double both = number(v);
    return {both, both};
}

void add_pointwise_backwards(OpTable& table) {
    for (const char* name : {"relu", "leaky_relu", "sigmoid", "tanh"}) {
        table[name].backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
            return OpGrads{{activation_backward(call.input, grad, activation_params(call))}, {}};
        };
    }
    table["flatten"].backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        return OpGrads{{flatten_backward(grad, call.input.shape())}, {}};
    };
    table["linear"].backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        LinearGrads g = linear_backward(call.input, call.weight, grad, !call.bias.empty());
        OpGrads grads{{std::move(g.input)}, {{"weight", std::move(g.weight)}}};
        if (!g.bias.empty()) {
            grads.parameters["bias"] = std::move(g.bias);
        }
        return grads;
    };
    table["linear"].multiply_adds = [](const OpCall& call, const Shape& out) {
        return shape_numel(out) * call.weight.size(1);
    };
    table["softmax"].backward = [](const OpCall& call, const OpResult& forward,
                                   const Tensor& grad) {
        return OpGrads{{softmax_backward(forward.output, grad, softmax_params(call))}, {}};
    };
    table["log_softmax"].backward = [](const OpCall& call, const OpResult& forward,
                                       const Tensor& grad) {
        return OpGrads{{log_softmax_backward(forward.output, grad, softmax_params(call))}, {}};
    };
    table["interpolate"].backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        return OpGrads{{interpolate_backward(grad, call.input.shape(), interpolate_params(call))},
                       {}};
    };
}

void describe_pointwise_ops(OpTable& table) {
    for (const char* name : {"relu", "leaky_relu", "sigmoid", "tanh"}) {
        table[name].elementwise = [](const OpCall& call, const float* source, float* target,
                                     int64_t count) {
            apply_activation(source, target, count, activation_params(call));
        };
    }
    table["relu"].torch_module = "ReLU";
    table["leaky_relu"].torch_module = "LeakyReLU";
    table["leaky_relu"].params = {{.name = "negative_slope",
                                   .kind = ParamKind::number,
                                   .fallback = 0.01,
                                   .start = 0.1,
                                   .low = -1,
                                   .high = 1,
                                   .meaning = "What negative values are multiplied by."}};
    table["sigmoid"].torch_module = "Sigmoid";
    table["tanh"].torch_module = "Tanh";
    OpHandler& flatten = table["flatten"];
    flatten.family = OpFamily::reshape;
    flatten.torch_module = "Flatten";
    flatten.torch_function = "torch.flatten";
    flatten.params = {{.name = "start_dim",
                       .kind = ParamKind::whole,
                       .fallback = 0,
                       .start = 1,
                       .low = -4,
                       .high = 3,
                       .meaning = "The first dimension folded into one."},
                      {.name = "end_dim",
                       .kind = ParamKind::whole,
                       .fallback = -1,
                       .low = -4,
                       .high = 3,
                       .meaning = "The last dimension folded into one."}};
    OpHandler& linear = table["linear"];
    linear.family = OpFamily::dense;
    linear.weight_layout = WeightLayout::linear;
    linear.width_param = "out_features";
    linear.torch_module = "Linear";
    linear.params = {{.name = "out_features",
                      .kind = ParamKind::whole,
                      .fallback = nullptr,
                      .start = 10,
                      .low = 1,
                      .high = 4096,
                      .weight_shape = true,
                      .meaning = "How many outputs: one weighted sum of all inputs each."}};
    for (const char* name : {"softmax", "log_softmax"}) {
        OpHandler& h = table[name];
        h.family = OpFamily::probability;
        h.params = {{.name = "dim",
                     .kind = ParamKind::whole,
                     .fallback = nullptr,
                     .start = 1,
                     .low = -4,
                     .high = 3,
                     .meaning = "The dimension whose values become probabilities."}};
    }
    table["softmax"].torch_module = "Softmax";
    table["log_softmax"].torch_module = "LogSoftmax";
    OpHandler& interpolate = table["interpolate"];
    interpolate.family = OpFamily::resize;
    interpolate.torch_module = "Upsample";
    interpolate.params = {
        {.name = "size",
         .kind = ParamKind::size,
         .fallback = nullptr,
         .low = 1,
         .high = 4096,
         .nullable = true,
         .meaning = "The output's height and width."},
        {.name = "scale_factor",
         .kind = ParamKind::number,
         .fallback = nullptr,
         .start = 2,
         .low = 0.1,
         .high = 8,
         .nullable = true,
         .meaning = "How much larger the output is."},
        {.name = "mode",
         .kind = ParamKind::choice,
         .fallback = "nearest",
         .start = "nearest",
         .choices = {"nearest", "bilinear"},
         .meaning = "How new cells get their values."},
        {.name = "align_corners",
         .kind = ParamKind::flag,
         .fallback = nullptr,
         .nullable = true,
         .meaning = "bilinear: the corner cells of input and output line up."},
    };
}

}  // namespace

ActivationParams activation_params(const OpCall& call) {
    ActivationParams p;
    p.kind = activation_kind(call.op);
    if (p.kind == ActivationKind::leaky_relu) {
        p.negative_slope = param_number(call.params, call.op, "negative_slope", 0.01);
    }
    return p;
}

FlattenParams flatten_params(const OpCall& call) {
    return {.start_dim = param_int(call.params, call.op, "start_dim", 1),
            .end_dim = param_int(call.params, call.op, "end_dim", -1)};
}

SoftmaxParams softmax_params(const OpCall& call) {
    require(param_present(call.params, "dim"),
            call.op +
                ": dim is required — the dimension whose values are normalised (e.g. 1 "
                "for the classes of (N, C) logits)");
    return {.dim = param_int(call.params, call.op, "dim", 1)};
}

InterpolateParams interpolate_params(const OpCall& call) {
    InterpolateParams p;
    p.mode = interpolate_mode(param_string(call.params, call.op, "mode", "nearest"));
    if (param_present(call.params, "size")) {
        p.size = param_pair(call.params, call.op, "size", {});
    }
    if (param_present(call.params, "scale_factor")) {
        p.scale_factor = scale_pair(call.params.at("scale_factor"));
    }
    if (param_present(call.params, "align_corners")) {
        p.align_corners = param_bool(call.params, call.op, "align_corners", false);
    }
    require(!param_bool(call.params, call.op, "antialias", false),
            "interpolate: antialias is not supported");
    // recompute_scale_factor=True: torch turns the scale into a size and forgets the scale.
    if (param_bool(call.params, call.op, "recompute_scale_factor", false) && p.scale_factor &&
        !p.size) {
        const Shape out = interpolate_output_shape(call.input.shape(), p).shape;
        p.size = Pair{out[2], out[3]};
        p.scale_factor.reset();
    }
    return p;
}

void register_pointwise_ops(std::map<std::string, OpHandler>& table) {
    for (const char* name : {"relu", "leaky_relu", "sigmoid", "tanh"}) {
        table[name] = activation_handler();
    }
    table["flatten"] = OpHandler{
        [](const OpCall& call) {
            return flatten_output_shape(call.input.shape(), flatten_params(call));
        },
        [](const OpCall& call) {
            return OpResult{flatten_forward(call.input, flatten_params(call)), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require_direct_view(call, view);
            return flatten_trace(call.input, flatten_params(call), at);
        }};
    table["linear"] = OpHandler{
        [](const OpCall& call) {
            require_weight(call);
            return linear_output_shape(call.input.shape(), call.weight.shape(),
                                       call.bias.empty() ? Shape{} : call.bias.shape());
        },
        [](const OpCall& call) {
            require_weight(call);
            return OpResult{linear_forward(call.input, call.weight, call.bias), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require_direct_view(call, view);
            require_weight(call);
            return linear_trace(call.input, call.weight, call.bias, at);
        }};
    for (const bool log : {false, true}) {
        table[log ? "log_softmax" : "softmax"] =
            OpHandler{[](const OpCall& call) {
                          return softmax_output_shape(call.input.shape(), softmax_params(call));
                      },
                      [log](const OpCall& call) {
                          const SoftmaxParams p = softmax_params(call);
                          return OpResult{log ? log_softmax_forward(call.input, p)
                                              : softmax_forward(call.input, p),
                                          std::nullopt};
                      },
                      [log](const OpCall& call, const Index4& at, const std::string& view) {
                          require_direct_view(call, view);
                          return softmax_trace(call.input, softmax_params(call), at, log);
                      }};
    }
    table["interpolate"] =
        OpHandler{[](const OpCall& call) {
                      return interpolate_output_shape(call.input.shape(), interpolate_params(call));
                  },
                  [](const OpCall& call) {
                      return OpResult{interpolate_forward(call.input, interpolate_params(call)),
                                      std::nullopt};
                  },
                  [](const OpCall& call, const Index4& at, const std::string& view) {
                      require_direct_view(call, view);
                      return interpolate_trace(call.input, interpolate_params(call), at);
                  }};
    add_pointwise_backwards(table);
    describe_pointwise_ops(table);
}

}  // namespace cs
