// The parts of an op's description that every op shares: finding a parameter, the values a
// new layer starts from, and the PyTorch call written from the parameter schema.
//
// A new op is its file pair in engine/ops/ — shape inference, forward, trace, backward and
// its description (family, parameters, weight layout, window, torch names) filled in its
// register_… function — plus one line calling that function in op_call.cpp. The parameter
// panel, the playground's layer editor, pipeline and network files, receptive fields,
// `convscope-cli info --op` and the PyTorch code panel read the description; none of them
// names ops.
#include <algorithm>
#include <sstream>

#include "engine/op_call.hpp"

namespace cs {

const ParamSpec* find_param(const std::string& op, const std::string& name) {
    for (const ParamSpec& spec : op_handler(op).params) {
        if (spec.name == name) {
            return &spec;
        }
    }
    return nullptr;
}

nlohmann::json start_params(const std::string& op) {
    nlohmann::json params = nlohmann::json::object();
    for (const ParamSpec& spec : op_handler(op).params) {
        if (!spec.weight_shape && !spec.start.is_null()) {
            params[spec.name] = spec.start;
        }
    }
    return params;
}

std::optional<OpWindow> op_window(const OpCall& call) {
    const OpHandler& handler = op_handler(call.op);
    return handler.window ? handler.window(call) : std::nullopt;
}

std::string python_literal(const nlohmann::json& value) {
    if (value.is_boolean()) {
        return value.get<bool>() ? "True" : "False";
    }
    if (value.is_null()) {
        return "None";
    }
    if (value.is_string()) {
        return "'" + value.get<std::string>() + "'";
    }
    if (value.is_array()) {
        std::string items;
        for (const auto& item : value) {
            items += (items.empty() ? "" : ", ") + python_literal(item);
        }
        return "(" + items + ")";
    }
    return value.dump();
}

namespace {

std::string torch_call_from_schema(const OpCall& call) {
    const OpHandler& handler = op_handler(call.op);
    std::vector<std::string> args;
    if (handler.takes_input_list) {
        std::string names;
        for (size_t i = 0; i < call.inputs.size(); ++i) {
            names += (i ? ", x" : "x") + std::to_string(i + 1);
        }
        args.push_back("[" + names + "]");
    } else {
        args.push_back("x");
    }
    for (const std::string& name : handler.tensor_args) {
        if (!call.tensor(name).empty()) {
            args.push_back(name);
        }
    }
    if (handler.weight_layout != WeightLayout::none) {
        args.push_back(call.weight.empty() ? "weight=None" : "w");
        args.push_back(call.bias.empty() ? "bias=None" : "bias=b");
    }
    for (const ParamSpec& spec : handler.params) {
        if (!spec.torch || spec.weight_shape || !call.params.contains(spec.name)) {
            continue;
        }
        const nlohmann::json& value = call.params.at(spec.name);
        if (value != spec.fallback) {
            args.push_back(spec.name + "=" + python_literal(value));
        }
    }
    std::string text =
        (handler.torch_function.empty() ? "F." + call.op : handler.torch_function) + "(";
    for (size_t i = 0; i < args.size(); ++i) {
        text += (i ? ", " : "") + args[i];
    }
    return text + ")";
}

}  // namespace

std::string torch_call(const OpCall& call) {
    const OpHandler& handler = op_handler(call.op);
    return handler.torch_text ? handler.torch_text(call) : torch_call_from_schema(call);
}

std::vector<std::string> lesson_ops() {
    std::vector<std::string> ops;
    for (const std::string& name : op_names()) {
        const OpHandler& h = op_handler(name);
        const bool shown_family = h.family == OpFamily::convolution ||
                                  h.family == OpFamily::pooling || h.family == OpFamily::activation;
        if (shown_family && h.trace && h.spatial_dims == 2 && h.tensor_args.empty() &&
            !h.takes_input_list && !h.has_training_mode) {
            ops.push_back(name);
        }
    }
    std::stable_sort(ops.begin(), ops.end(), [](const std::string& a, const std::string& b) {
        return op_handler(a).family < op_handler(b).family;
    });
    return ops;
}

Shape layer_weight_shape(WeightLayout layout, int64_t in_channels, int64_t width, Pair kernel,
                         int64_t groups, int spatial_dims) {
    const int64_t g = std::max<int64_t>(1, groups);
    Shape shape;
    switch (layout) {
        case WeightLayout::conv:
            shape = {width, in_channels / g};
            break;
        case WeightLayout::conv_transposed:
            shape = {in_channels, width / g};
            break;
        case WeightLayout::linear:
            return {width, in_channels};
        case WeightLayout::per_channel:
            return {in_channels};
        case WeightLayout::none:
            return {};
    }
    if (spatial_dims == 2) {
        shape.push_back(kernel.h);
    }
    shape.push_back(kernel.w);
    return shape;
}

int64_t layer_width(WeightLayout layout, const Shape& weight, int64_t groups) {
    if (weight.empty()) {
        return 0;
    }
    switch (layout) {
        case WeightLayout::conv_transposed:
            return weight.size() > 1 ? weight[1] * std::max<int64_t>(1, groups) : 0;
        case WeightLayout::none:
            return 0;
        default:
            return weight[0];
    }
}

}  // namespace cs
