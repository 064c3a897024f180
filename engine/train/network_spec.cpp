#include "engine/train/network_spec.hpp"

#include <set>

#include "engine/error.hpp"
#include "engine/op_call.hpp"

namespace cs {
namespace {

struct KindName {
    LayerKind kind;
    const char* name;
    const char* torch_name;
};

constexpr KindName kind_names[] = {
    {LayerKind::conv2d, "conv2d", "Conv2d"},
    {LayerKind::max_pool2d, "max_pool2d", "MaxPool2d"},
    {LayerKind::avg_pool2d, "avg_pool2d", "AvgPool2d"},
    {LayerKind::linear, "linear", "Linear"},
    {LayerKind::flatten, "flatten", "Flatten"},
    {LayerKind::relu, "relu", "ReLU"},
    {LayerKind::sigmoid, "sigmoid", "Sigmoid"},
    {LayerKind::tanh, "tanh", "Tanh"},
};

const char* torch_name(LayerKind kind) {
    for (const auto& k : kind_names) {
        if (k.kind == kind) {
            return k.torch_name;
        }
    }
    return "";
}

bool is_pool(LayerKind kind) {
    return kind == LayerKind::max_pool2d || kind == LayerKind::avg_pool2d;
}

// "2" for (2, 2), else "(2, 1)".
std::string compact(const Pair& p) {
    return p.h == p.w ? std::to_string(p.h) : pair_string(p);
}

std::string size_text(const Pair& p) {
    return std::to_string(p.h) + "×" + std::to_string(p.w);
}

// out = ⌊(in + 2·padding − kernel) / stride⌋ + 1: the number of positions where the kernel fits
// inside the padded input when it moves `stride` cells at a time (dilation 1, floor mode).
int64_t window_count(int64_t in, int64_t pad, int64_t kernel, int64_t stride,
                     std::string& formula) {
    const int64_t out = floor_div(in + 2 * pad - kernel, stride) + 1;
    formula = "⌊(" + std::to_string(in) + " + 2·" + std::to_string(pad) + " − " +
              std::to_string(kernel) + ") / " + std::to_string(stride) +
              "⌋ + 1 = " + std::to_string(out);
    return out;
}

void describe_window_layer(const LayerSpec& layer, const std::string& where, LayerInfo& info) {
    require(info.input_shape.size() == 3,
            where + " (" + info.type + ") needs a (channels, height, width) input, but gets " +
                shape_string(info.input_shape) + "; it cannot come after flatten or linear");
    require_positive(layer.kernel_size, where + " " + info.type, "kernel_size");
    require_positive(layer.stride, where + " " + info.type, "stride");
    require_non_negative(layer.padding, where + " " + info.type, "padding");
    if (is_pool(layer.kind)) {
        require(2 * layer.padding.h <= layer.kernel_size.h &&
                    2 * layer.padding.w <= layer.kernel_size.w,
                where + " (" + info.type + "): padding " + pair_string(layer.padding) +
                    " must be at most half of kernel_size " + pair_string(layer.kernel_size));
    }
    const int64_t in_channels = info.input_shape[0];
    std::string fh;
    std::string fw;
    const int64_t oh =
        window_count(info.input_shape[1], layer.padding.h, layer.kernel_size.h, layer.stride.h, fh);
    const int64_t ow =
        window_count(info.input_shape[2], layer.padding.w, layer.kernel_size.w, layer.stride.w, fw);
    require(oh > 0 && ow > 0,
            where + " (" + info.type + "): kernel " + size_text(layer.kernel_size) +
                " with padding " + pair_string(layer.padding) + " does not fit in the " +
                std::to_string(info.input_shape[1]) + "×" + std::to_string(info.input_shape[2]) +
                " input (height " + fh + ", width " + fw + ")");
    info.formulas = {"height " + fh, "width " + fw};
    std::string extras;
    if (layer.kind == LayerKind::conv2d) {
        require(layer.out_channels > 0, where + " (conv2d): out_channels must be positive");
        info.output_shape = {layer.out_channels, oh, ow};
        info.weight_shape = {layer.out_channels, in_channels, layer.kernel_size.h,
                             layer.kernel_size.w};
        if (layer.bias) {
            info.bias_shape = {layer.out_channels};
        }
        info.label = "Conv2d(" + std::to_string(in_channels) + " → " +
                     std::to_string(layer.out_channels) + ", " + size_text(layer.kernel_size);
        if (layer.stride != Pair::both(1)) {
            extras += ", stride " + compact(layer.stride);
        }
    } else {
        info.output_shape = {in_channels, oh, ow};
        info.label = std::string(torch_name(layer.kind)) + "(" + size_text(layer.kernel_size);
        if (layer.stride != layer.kernel_size) {
            extras += ", stride " + compact(layer.stride);
        }
    }
    if (layer.padding != Pair::both(0)) {
        extras += ", padding " + compact(layer.padding);
    }
    info.label += extras + ")";
}

}  // namespace

const char* layer_kind_name(LayerKind kind) {
    for (const auto& k : kind_names) {
        if (k.kind == kind) {
            return k.name;
        }
    }
    return "";
}

std::vector<LayerInfo> describe_network(const NetworkSpec& spec) {
    require(spec.input.size() == 3 || spec.input.size() == 1,
            "network input must be (channels, height, width) or (features), got " +
                shape_string(spec.input));
    for (int64_t extent : spec.input) {
        require(extent > 0,
                "network input sizes must be positive, got " + shape_string(spec.input));
    }
    std::vector<LayerInfo> infos;
    Shape shape = spec.input;
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& layer = spec.layers[i];
        const std::string where = "layer " + std::to_string(i);
        LayerInfo info;
        info.index = static_cast<int64_t>(i);
        info.type = layer_kind_name(layer.kind);
        info.input_shape = shape;
        switch (layer.kind) {
            case LayerKind::conv2d:
            case LayerKind::max_pool2d:
            case LayerKind::avg_pool2d:
                describe_window_layer(layer, where, info);
                break;
            case LayerKind::linear: {
                require(shape.size() == 1, where + " (linear) needs a flat input, but gets " +
                                               shape_string(shape) +
                                               "; put a flatten layer before it");
                require(layer.out_features > 0, where + " (linear): out_features must be positive");
                info.output_shape = {layer.out_features};
                info.weight_shape = {layer.out_features, shape[0]};
                if (layer.bias) {
                    info.bias_shape = {layer.out_features};
                }
                info.label = "Linear(" + std::to_string(shape[0]) + " → " +
                             std::to_string(layer.out_features) + ")";
                info.formulas = {std::to_string(shape[0]) + " → " +
                                 std::to_string(layer.out_features)};
                break;
            }
            case LayerKind::flatten: {
                const int64_t n = shape_numel(shape);
                info.output_shape = {n};
                std::string product;
                for (size_t d = 0; d < shape.size(); ++d) {
                    product += (d ? "·" : "") + std::to_string(shape[d]);
                }
                info.formulas = {product + " = " + std::to_string(n)};
                info.label = "Flatten";
                break;
            }
            case LayerKind::relu:
            case LayerKind::sigmoid:
            case LayerKind::tanh:
                info.output_shape = shape;
                info.label = torch_name(layer.kind);
                break;
        }
        info.parameter_count = (info.weight_shape.empty() ? 0 : shape_numel(info.weight_shape)) +
                               (info.bias_shape.empty() ? 0 : shape_numel(info.bias_shape));
        shape = info.output_shape;
        infos.push_back(std::move(info));
    }
    return infos;
}

int64_t parameter_count(const NetworkSpec& spec) {
    int64_t total = 0;
    for (const LayerInfo& info : describe_network(spec)) {
        total += info.parameter_count;
    }
    return total;
}

LayerSpec layer_from_json(const nlohmann::json& j, const std::string& where) {
    require(j.is_object() && j.contains("type") && j.at("type").is_string(),
            where + " must be an object with a \"type\", such as {\"type\": \"relu\"}; got " +
                j.dump());
    const std::string type = j.at("type").get<std::string>();
    LayerSpec layer;
    bool found = false;
    std::string known;
    for (const auto& k : kind_names) {
        known += (known.empty() ? "" : ", ") + std::string(k.name);
        if (type == k.name) {
            layer.kind = k.kind;
            found = true;
        }
    }
    require(found, where + ": unknown layer type \"" + type + "\"; known types: " + known);

    std::set<std::string> allowed = {"type"};
    const std::string op = where + " (" + type + ")";
    if (layer.kind == LayerKind::conv2d) {
        allowed.insert({"out_channels", "kernel_size", "stride", "padding", "bias"});
        require(param_present(j, "out_channels") && param_present(j, "kernel_size"),
                op + " needs out_channels and kernel_size");
        layer.out_channels = param_int(j, op, "out_channels", 0);
        layer.kernel_size = param_pair(j, op, "kernel_size", {});
        layer.stride = param_pair(j, op, "stride", Pair::both(1));
        layer.padding = param_pair(j, op, "padding", Pair::both(0));
        layer.bias = param_bool(j, op, "bias", true);
    } else if (is_pool(layer.kind)) {
        allowed.insert({"kernel_size", "stride", "padding"});
        require(param_present(j, "kernel_size"), op + " needs kernel_size");
        layer.kernel_size = param_pair(j, op, "kernel_size", {});
        // As torch: a missing (or null) stride means stride = kernel_size.
        layer.stride = param_pair(j, op, "stride", layer.kernel_size);
        layer.padding = param_pair(j, op, "padding", Pair::both(0));
    } else if (layer.kind == LayerKind::linear) {
        allowed.insert({"out_features", "bias"});
        require(param_present(j, "out_features"), op + " needs out_features");
        layer.out_features = param_int(j, op, "out_features", 0);
        layer.bias = param_bool(j, op, "bias", true);
    }
    for (const auto& [key, value] : j.items()) {
        require(allowed.count(key) > 0, op + " has an unknown setting \"" + key + "\"");
    }
    return layer;
}

nlohmann::json layer_to_json(const LayerSpec& layer) {
    nlohmann::json j = {{"type", layer_kind_name(layer.kind)}};
    auto pair = [](const Pair& p) {
        return p.h == p.w ? nlohmann::json(p.h) : nlohmann::json::array({p.h, p.w});
    };
    if (layer.kind == LayerKind::conv2d) {
        j["out_channels"] = layer.out_channels;
    }
    if (layer.kind == LayerKind::conv2d || is_pool(layer.kind)) {
        j["kernel_size"] = pair(layer.kernel_size);
        j["stride"] = pair(layer.stride);
        j["padding"] = pair(layer.padding);
    }
    if (layer.kind == LayerKind::linear) {
        j["out_features"] = layer.out_features;
    }
    if (layer.kind == LayerKind::conv2d || layer.kind == LayerKind::linear) {
        j["bias"] = layer.bias;
    }
    return j;
}

NetworkSpec network_from_json(const nlohmann::json& j) {
    require(j.is_object(), "a network description must be a JSON object");
    require(j.contains("input") && j.at("input").is_array(),
            "a network description needs \"input\": the shape of one example, e.g. [1, 28, 28]");
    require(j.contains("layers") && j.at("layers").is_array() && !j.at("layers").empty(),
            "a network description needs a non-empty list \"layers\"");
    NetworkSpec spec;
    for (const auto& v : j.at("input")) {
        require(v.is_number_integer(),
                "network input sizes must be whole numbers, got " + j.at("input").dump());
        spec.input.push_back(v.get<int64_t>());
    }
    const auto& layers = j.at("layers");
    for (size_t i = 0; i < layers.size(); ++i) {
        spec.layers.push_back(layer_from_json(layers[i], "layer " + std::to_string(i)));
    }
    describe_network(spec);  // reject inconsistent shapes when the file is read
    return spec;
}

nlohmann::json network_to_json(const NetworkSpec& spec) {
    nlohmann::json layers = nlohmann::json::array();
    for (const LayerSpec& layer : spec.layers) {
        layers.push_back(layer_to_json(layer));
    }
    return {{"input", spec.input}, {"layers", layers}};
}

}  // namespace cs
