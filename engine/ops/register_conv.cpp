// The conv op family in the string-named registry (engine/op_call.hpp): parameters are read
// from JSON with torch.nn.functional's names and defaults.
#include <algorithm>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/conv1d.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/ops/conv_params_json.hpp"
#include "engine/ops/conv_transpose2d.hpp"
#include "engine/train/conv2d_gemm.hpp"

namespace cs {
namespace {

// padding: a number, a pair, "same" or "valid" (= 0).
void read_padding(const nlohmann::json& params, const std::string& op, Pair& padding, bool& same) {
    if (param_present(params, "padding") && params.at("padding").is_string()) {
        const std::string text = params.at("padding").get<std::string>();
        require(
            text == "same" || text == "valid",
            op + ": padding must be a number, a pair, \"same\" or \"valid\", got \"" + text + "\"");
        same = text == "same";
        padding = {0, 0};
        return;
    }
    padding = param_pair(params, op, "padding", {0, 0});
}

}  // namespace

Conv2dParams conv2d_params_from_json(const nlohmann::json& j) {
    const std::string op = "conv2d";
    Conv2dParams p;
    p.stride = param_pair(j, op, "stride", {1, 1});
    read_padding(j, op, p.padding, p.same_padding);
    p.dilation = param_pair(j, op, "dilation", {1, 1});
    p.groups = param_int(j, op, "groups", 1);
    p.padding_mode = padding_mode_from_string(param_string(j, op, "padding_mode", "zeros"), op);
    p.flip = param_bool(j, op, "flip", false);
    return p;
}

namespace {

// A 1-D parameter: a number or a list of one number, as torch accepts (3,).
int64_t param_1d(const nlohmann::json& j, const std::string& name, int64_t fallback) {
    if (param_present(j, name) && j.at(name).is_array()) {
        require(j.at(name).size() == 1,
                "conv1d: " + name + " must be one number, got " + j.at(name).dump());
        return param_int(nlohmann::json{{name, j.at(name)[0]}}, "conv1d", name, fallback);
    }
    return param_int(j, "conv1d", name, fallback);
}

}  // namespace

Conv1dParams conv1d_params_from_json(const nlohmann::json& j) {
    const std::string op = "conv1d";
    Conv1dParams p;
    p.stride = param_1d(j, "stride", 1);
    if (param_present(j, "padding") && j.at("padding").is_string()) {
        Pair unused;
        read_padding(j, op, unused, p.same_padding);
    } else {
        p.padding = param_1d(j, "padding", 0);
    }
    p.dilation = param_1d(j, "dilation", 1);
    p.groups = param_int(j, op, "groups", 1);
    p.padding_mode = padding_mode_from_string(param_string(j, op, "padding_mode", "zeros"), op);
    p.flip = param_bool(j, op, "flip", false);
    return p;
}

ConvTranspose2dParams conv_transpose2d_params_from_json(const nlohmann::json& j) {
    const std::string op = "conv_transpose2d";
    ConvTranspose2dParams p;
    p.stride = param_pair(j, op, "stride", {1, 1});
    p.padding = param_pair(j, op, "padding", {0, 0});
    p.output_padding = param_pair(j, op, "output_padding", {0, 0});
    p.dilation = param_pair(j, op, "dilation", {1, 1});
    p.groups = param_int(j, op, "groups", 1);
    return p;
}

namespace {

Shape bias_shape(const OpCall& c) {
    return c.bias.empty() ? Shape{} : c.bias.shape();
}

void require_weight(const OpCall& c) {
    require(!c.weight.empty(), c.op + " needs a weight (the kernel)");
}

// The backward pass training uses for the common convolution (groups 1, dilation 1, zero
// padding, not flipped): the weight gradient as matrix products over the batch (im2col, summed
// in image order so any thread count gives the same bits) and the input gradient as the
// transposed convolution of the output gradient. The op's own conv2d_backward, which follows
// the definition tap by tap, is the reference it is tested against.
bool has_fast_backward(const Conv2dParams& p) {
    return p.groups == 1 && p.dilation == Pair{1, 1} && p.padding_mode == PaddingMode::zeros &&
           !p.flip && !p.same_padding;
}

ConvGrads fast_conv2d_backward(const Tensor& grad, const Tensor& input, const Tensor& weight,
                               const Conv2dParams& p, bool has_bias) {
    ConvGrads g{Tensor(), Tensor(weight.shape()), has_bias ? Tensor({weight.size(0)}) : Tensor()};
    conv2d_weight_grad(grad, input, {.stride = p.stride, .padding = p.padding}, g.grad_weight,
                       g.grad_bias);
    const ConvGemmParams gp{.stride = p.stride, .padding = p.padding};
    if (conv2d_gemm_pays_off(conv_gemm_geometry(input.shape(), weight.shape(), gp))) {
        g.grad_input = conv2d_input_grad_gemm(grad, weight, input.shape(), gp);
        return g;
    }
    // output_padding restores the rows and columns a strided forward pass never reached.
    ConvTranspose2dParams t;
    t.stride = p.stride;
    t.padding = p.padding;
    t.output_padding = {
        input.size(2) - ((grad.size(2) - 1) * p.stride.h - 2 * p.padding.h + weight.size(2)),
        input.size(3) - ((grad.size(3) - 1) * p.stride.w - 2 * p.padding.w + weight.size(3))};
    g.grad_input = conv_transpose2d_forward(grad, weight, Tensor(), t);
    return g;
}

OpGrads conv_grads(ConvGrads g) {
    OpGrads grads;
    grads.operands.push_back(std::move(g.grad_input));
    grads.parameters["weight"] = std::move(g.grad_weight);
    if (!g.grad_bias.empty()) {
        grads.parameters["bias"] = std::move(g.grad_bias);
    }
    return grads;
}

void require_view(const std::string& op, const std::string& view) {
    require(view.empty() || view == "direct",
            op + " has one trace view, \"direct\"; got view \"" + view + "\"");
}

// The parameters of the conv family, in the order editors show them.
std::vector<ParamSpec> conv_params(bool transposed, bool one_dimensional) {
    std::vector<ParamSpec> specs = {
        {.name = "out_channels",
         .kind = ParamKind::whole,
         .fallback = nullptr,
         .start = 8,
         .low = 1,
         .high = 512,
         .weight_shape = true,
         .meaning = "How many kernels, so how many output channels."},
        {.name = "kernel_size",
         .kind = ParamKind::size,
         .fallback = nullptr,
         .start = 3,
         .low = 1,
         .high = 64,
         .weight_shape = true,
         .meaning = "The height and width of each kernel."},
        {.name = "stride",
         .kind = ParamKind::size,
         .fallback = 1,
         .low = 0,
         .high = 7,
         .meaning = "How far the kernel moves between two outputs."},
        {.name = "padding",
         .kind = ParamKind::size,
         .fallback = 0,
         .start = 1,
         .low = 0,
         .high = 7,
         .meaning = "Cells added around the input on each side."},
        {.name = "dilation",
         .kind = ParamKind::size,
         .fallback = 1,
         .low = 0,
         .high = 5,
         .meaning = "The spacing between the cells the kernel reads."},
        {.name = "groups",
         .kind = ParamKind::whole,
         .fallback = 1,
         .low = 1,
         .high = 8,
         .meaning = "Split the channels into this many independent groups."},
    };
    if (transposed) {
        specs[1].start = 3;
        specs[2].start = 2;
        specs.push_back({.name = "output_padding",
                         .kind = ParamKind::size,
                         .fallback = 0,
                         .start = 1,
                         .low = 0,
                         .high = 6,
                         .meaning = "Extra rows and columns added to one side of the output."});
        return specs;
    }
    specs[3].choices = {"same", "valid"};
    specs.push_back({.name = "padding_mode",
                     .kind = ParamKind::choice,
                     .fallback = "zeros",
                     .choices = {"zeros", "reflect", "replicate", "circular"},
                     .torch = false,
                     .meaning = "What the padding cells hold."});
    specs.push_back({.name = "flip",
                     .kind = ParamKind::flag,
                     .fallback = false,
                     .torch = false,
                     .meaning = "True convolution: the kernel rotated by 180°."});
    if (one_dimensional) {
        specs[1].start = 3;
    }
    return specs;
}

AxisWindow axis(int64_t taps, int64_t stride, int64_t dilation, int64_t before, int64_t after) {
    return {.taps = taps, .stride = stride, .dilation = dilation, .before = before, .after = after};
}

std::optional<OpWindow> conv2d_window(const OpCall& c) {
    if (c.weight.dim() != 4) {
        return std::nullopt;
    }
    const Conv2dParams p = conv2d_params_from_json(c.params);
    const Padding2d pad = conv2d_padding(p, c.weight.shape());
    OpWindow w;
    w.rows = axis(c.weight.size(2), p.stride.h, p.dilation.h, pad.top, pad.bottom);
    w.cols = axis(c.weight.size(3), p.stride.w, p.dilation.w, pad.left, pad.right);
    w.padding_mode = p.padding_mode;
    return w;
}

std::optional<OpWindow> conv1d_window(const OpCall& c) {
    if (c.weight.dim() != 3) {
        return std::nullopt;
    }
    const Conv2dParams p = conv1d_as_2d(conv1d_params_from_json(c.params));
    const Shape as_2d{c.weight.size(0), c.weight.size(1), 1, c.weight.size(2)};
    const Padding2d pad = conv2d_padding(p, as_2d);
    OpWindow w;
    w.cols = axis(c.weight.size(2), p.stride.w, p.dilation.w, pad.left, pad.right);
    w.padding_mode = p.padding_mode;
    return w;
}

std::optional<OpWindow> conv_transpose2d_window(const OpCall& c) {
    if (c.weight.dim() != 4) {
        return std::nullopt;
    }
    const ConvTranspose2dParams p = conv_transpose2d_params_from_json(c.params);
    OpWindow w;
    w.rows = axis(c.weight.size(2), p.stride.h, p.dilation.h, p.padding.h, p.padding.h);
    w.cols = axis(c.weight.size(3), p.stride.w, p.dilation.w, p.padding.w, p.padding.w);
    w.transposed = true;
    return w;
}

// F.conv2d has no padding_mode (torch.nn.Conv2d pads with F.pad first) and no flip (the
// kernel is rotated explicitly).
std::string conv_torch_text(const OpCall& c) {
    const bool flip = param_bool(c.params, c.op, "flip", false);
    const std::string mode = param_string(c.params, c.op, "padding_mode", "zeros");
    std::string x = "x";
    nlohmann::json params = c.params;
    params.erase("flip");
    params.erase("padding_mode");
    std::string text;
    const bool one_dimensional = op_handler(c.op).spatial_dims == 1;
    if (mode != "zeros" && param_present(params, "padding") && !params["padding"].is_string()) {
        const Pair pad = param_pair(params, c.op, "padding", {0, 0});
        std::string sides = std::to_string(pad.w) + ", " + std::to_string(pad.w);
        if (!one_dimensional) {
            sides += ", " + std::to_string(pad.h) + ", " + std::to_string(pad.h);
        }
        text = "F.pad(x, (" + sides + "), mode='" + mode + "')";
        x = "x_padded";
        params.erase("padding");
    }
    const std::string w = !flip ? "w" : one_dimensional ? "w.flip(-1)" : "w.flip(-2, -1)";
    std::string call =
        "F." + c.op + "(" + x + ", " + w + ", " + (c.bias.empty() ? "bias=None" : "bias=b");
    for (const ParamSpec& spec : op_handler(c.op).params) {
        if (spec.torch && !spec.weight_shape && params.contains(spec.name) &&
            params.at(spec.name) != spec.fallback) {
            call += ", " + spec.name + "=" + python_literal(params.at(spec.name));
        }
    }
    call += ")";
    return text.empty() ? call : "x_padded = " + text + "\n" + call;
}

void describe_conv_ops(std::map<std::string, OpHandler>& table) {
    for (const char* name : {"conv2d", "conv1d", "conv_transpose2d"}) {
        OpHandler& h = table[name];
        h.family = OpFamily::convolution;
        h.reduce = WindowReduce::weighted_sum;
        h.width_param = "out_channels";
    }
    table["conv2d"].weight_layout = WeightLayout::conv;
    table["conv2d"].params = conv_params(false, false);
    table["conv2d"].window = conv2d_window;
    table["conv2d"].torch_text = conv_torch_text;
    table["conv2d"].torch_module = "Conv2d";
    table["conv1d"].weight_layout = WeightLayout::conv;
    table["conv1d"].spatial_dims = 1;
    table["conv1d"].params = conv_params(false, true);
    table["conv1d"].window = conv1d_window;
    table["conv1d"].torch_text = conv_torch_text;
    table["conv1d"].torch_module = "Conv1d";
    table["conv_transpose2d"].weight_layout = WeightLayout::conv_transposed;
    table["conv_transpose2d"].params = conv_params(true, false);
    table["conv_transpose2d"].window = conv_transpose2d_window;
    table["conv_transpose2d"].trace_views = {"insert", "scatter"};
    table["conv_transpose2d"].torch_module = "ConvTranspose2d";
}

}  // namespace

void register_conv_ops(std::map<std::string, OpHandler>& table) {
    table["conv2d"] = {
        .shape =
            [](const OpCall& c) {
                require_weight(c);
                return conv2d_output_shape(c.input.shape(), c.weight.shape(),
                                           conv2d_params_from_json(c.params), bias_shape(c));
            },
        .forward =
            [](const OpCall& c) {
                require_weight(c);
                return OpResult{
                    conv2d_forward(c.input, c.weight, c.bias, conv2d_params_from_json(c.params)),
                    std::nullopt};
            },
        .trace =
            [](const OpCall& c, const Index4& at, const std::string& view) {
                require_weight(c);
                require_view(c.op, view);
                return conv2d_trace(c.input, c.weight, c.bias, conv2d_params_from_json(c.params),
                                    at);
            },
        .grid = nullptr,
    };
    table["conv1d"] = {
        .shape =
            [](const OpCall& c) {
                require_weight(c);
                return conv1d_output_shape(c.input.shape(), c.weight.shape(),
                                           conv1d_params_from_json(c.params), bias_shape(c));
            },
        .forward =
            [](const OpCall& c) {
                require_weight(c);
                return OpResult{
                    conv1d_forward(c.input, c.weight, c.bias, conv1d_params_from_json(c.params)),
                    std::nullopt};
            },
        .trace =
            [](const OpCall& c, const Index4& at, const std::string& view) {
                require_weight(c);
                require_view(c.op, view);
                return conv1d_trace(c.input, c.weight, c.bias, conv1d_params_from_json(c.params),
                                    at);
            },
        // A signal is one row: step (n, c, 0, x).
        .grid =
            [](const OpCall& c) {
                require_weight(c);
                const Shape s =
                    conv1d_output_shape(c.input.shape(), c.weight.shape(),
                                        conv1d_params_from_json(c.params), bias_shape(c))
                        .shape;
                return std::array<int64_t, 4>{s[0], s[1], 1, s[2]};
            },
    };
    table["conv_transpose2d"] = {
        .shape =
            [](const OpCall& c) {
                require_weight(c);
                return conv_transpose2d_output_shape(c.input.shape(), c.weight.shape(),
                                                     conv_transpose2d_params_from_json(c.params),
                                                     bias_shape(c));
            },
        .forward =
            [](const OpCall& c) {
                require_weight(c);
                return OpResult{
                    conv_transpose2d_forward(c.input, c.weight, c.bias,
                                             conv_transpose2d_params_from_json(c.params)),
                    std::nullopt};
            },
        .trace =
            [](const OpCall& c, const Index4& at, const std::string& view) {
                require_weight(c);
                require(view.empty() || view == "insert" || view == "scatter",
                        "conv_transpose2d has the trace views \"insert\" (the default) and "
                        "\"scatter\"; got view \"" +
                            view + "\"");
                return conv_transpose2d_trace(
                    c.input, c.weight, c.bias, conv_transpose2d_params_from_json(c.params), at,
                    view == "scatter" ? TransposeView::scatter : TransposeView::insert);
            },
        .grid = nullptr,
    };
    // Each output value of a convolution is one multiply-add per weight of its group.
    auto per_output = [](const OpCall& c, const Shape& out) {
        return shape_numel(out) * shape_numel(c.weight.shape()) /
               std::max<int64_t>(1, c.weight.size(0));
    };
    table["conv2d"].multiply_adds = per_output;
    table["conv1d"].multiply_adds = per_output;
    // A transposed convolution scatters each input value through its group's kernels.
    table["conv_transpose2d"].multiply_adds = [](const OpCall& c, const Shape&) {
        return c.input.numel() * shape_numel(c.weight.shape()) /
               std::max<int64_t>(1, c.weight.size(0));
    };
    table["conv2d"].backward = [](const OpCall& c, const OpResult&, const Tensor& grad) {
        const Conv2dParams p = conv2d_params_from_json(c.params);
        if (has_fast_backward(p) && c.input.size(0) > 0) {
            return conv_grads(fast_conv2d_backward(grad, c.input, c.weight, p, !c.bias.empty()));
        }
        return conv_grads(conv2d_backward(grad, c.input, c.weight, p, !c.bias.empty()));
    };
    table["conv1d"].backward = [](const OpCall& c, const OpResult&, const Tensor& grad) {
        return conv_grads(conv1d_backward(grad, c.input, c.weight,
                                          conv1d_params_from_json(c.params), !c.bias.empty()));
    };
    table["conv_transpose2d"].backward = [](const OpCall& c, const OpResult&, const Tensor& grad) {
        return conv_grads(conv_transpose2d_backward(
            grad, c.input, c.weight, conv_transpose2d_params_from_json(c.params), !c.bias.empty()));
    };
    describe_conv_ops(table);
}

}  // namespace cs
