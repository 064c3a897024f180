#include "engine/pipeline/pipeline.hpp"

#include <cmath>

#include "engine/graph/graph.hpp"
#include "engine/pipeline/kernel_bank.hpp"
#include "engine/pipeline/layer_ops.hpp"

namespace cs::pipeline {
namespace {

std::string where(size_t index, const std::string& op) {
    return "layer " + std::to_string(index + 1) + " (" + op + ")";
}

int64_t product(const Shape& s) {
    int64_t p = 1;
    for (int64_t v : s) {
        p *= v;
    }
    return p;
}

// The output shape without touching any data: the op's shape inference on a placeholder
// input that is never read or written.
ShapeInfo output_shape(const PlannedLayer& layer) {
    const OpCall& call = layer.call;
    require(!param_bool(call.params, call.op, "recompute_scale_factor", false),
            call.op + ": recompute_scale_factor is not available in the playground");
    std::vector<Tensor> placeholders;
    for (const Shape& shape : layer.input_shapes) {
        placeholders.push_back(Tensor::shape_only(shape));
    }
    return infer_shape(call_reading(layer, std::move(placeholders)));
}

// The kernel of preset `id`, centred in a kh × kw window (zeros around it).
std::vector<float> centred_preset(const std::string& id, const Pair& size, const std::string& at) {
    const Kernel& k = preset_kernel(id);
    require(k.rows <= size.h && k.cols <= size.w && (size.h - k.rows) % 2 == 0 &&
                (size.w - k.cols) % 2 == 0,
            at + ": the preset \"" + id + "\" is " + std::to_string(k.rows) + "×" +
                std::to_string(k.cols) + " and does not fit centred in the " +
                std::to_string(size.h) + "×" + std::to_string(size.w) +
                " kernel; choose a kernel size of at least its size, odd like it");
    std::vector<float> out(static_cast<size_t>(size.h * size.w), 0.0f);
    const int64_t top = (size.h - k.rows) / 2;
    const int64_t left = (size.w - k.cols) / 2;
    for (int64_t r = 0; r < k.rows; ++r) {
        for (int64_t c = 0; c < k.cols; ++c) {
            out[static_cast<size_t>((top + r) * size.w + left + c)] =
                k.values[static_cast<size_t>(r * k.cols + c)];
        }
    }
    return out;
}

std::string count_text(int64_t v) {
    return std::to_string(v);
}

}  // namespace

std::vector<std::vector<size_t>> Plan::consumers() const {
    std::vector<std::vector<size_t>> readers(layers.size());
    for (size_t i = 0; i < layers.size(); ++i) {
        for (int64_t source : layers[i].sources) {
            if (source >= 0) {
                readers[static_cast<size_t>(source)].push_back(i);
            }
        }
    }
    return readers;
}

OpCall call_reading(const PlannedLayer& layer, std::vector<Tensor> values) {
    OpCall call = layer.call;
    bind_operands(call, std::move(values));
    return call;
}

int64_t Plan::parameters() const {
    int64_t total = 0;
    for (const PlannedLayer& l : layers) {
        total += l.parameters;
    }
    return total;
}

int64_t Plan::multiply_adds() const {
    int64_t total = 0;
    for (const PlannedLayer& l : layers) {
        total += l.multiply_adds;
    }
    return total;
}

void build_weights(const LayerSpec& layer, const Shape& in, size_t index, Tensor& weight,
                   Tensor& bias) {
    const std::string at = where(index, layer.op);
    weight = Tensor();
    bias = Tensor();
    if (!has_weights(layer.op)) {
        return;
    }
    // The weight's shape. PyTorch's fan_in is weight.size(1) · kh · kw (linear: in_features).
    const OpHandler& handler = op_handler(layer.op);
    int64_t groups = 1;
    int64_t in_channels = 0;
    if (handler.weight_layout == WeightLayout::linear) {
        require(!in.empty(), at + ": the input has no dimensions");
        in_channels = in.back();
    } else {
        require(in.size() == 4, at + ": the input must be a feature map (N, C, H, W), got " +
                                    shape_string(in) + "; put this layer before flatten");
        in_channels = in[1];
        groups = param_int(layer.params, layer.op, "groups", 1);
        require(groups >= 1 && in[1] % groups == 0 && layer.out_channels % groups == 0,
                "layer.groups_divide_channels",
                {{"groups", std::to_string(groups)},
                 {"in_channels", std::to_string(in[1])},
                 {"out_channels", std::to_string(layer.out_channels)}},
                at + ": groups=" + std::to_string(groups) +
                    " must divide both the input channels (" + std::to_string(in[1]) +
                    ") and the output channels (" + std::to_string(layer.out_channels) + ")");
    }
    const Shape shape = layer_weight_shape(handler.weight_layout, in_channels, layer.out_channels,
                                           layer.kernel_size, groups);
    const int64_t numel = product(shape);
    require(numel <= max_layer_weights,
            at + ": this layer would need " + count_text(numel) + " weights for its input " +
                shape_string(in) + " (at most " + count_text(max_layer_weights) +
                " are allowed); shrink the input with pooling or a smaller input size first");
    const int64_t bias_count = layer.out_channels;
    switch (layer.init) {
        case WeightInit::random: {
            const int64_t fan_in = numel / shape[0];
            const float bound = 1.0f / std::sqrt(static_cast<float>(fan_in));
            Random random(layer.seed);
            weight = Tensor(shape);
            fill_uniform(weight, bound, random);
            if (layer.bias) {
                bias = Tensor({bias_count});
                fill_uniform(bias, bound, random);
            }
            return;
        }
        case WeightInit::preset: {
            require(handler.weight_layout != WeightLayout::linear,
                    at + ": a linear layer cannot use kernel presets");
            require(static_cast<int64_t>(layer.presets.size()) == layer.out_channels,
                    at + ": give one preset per output channel (" +
                        std::to_string(layer.out_channels) + "), got " +
                        std::to_string(layer.presets.size()));
            // Every input channel of the group gets the preset divided by their number, so that
            // a gray scene gives the same map from a gray and from a colour photo.
            weight = Tensor(shape);
            const int64_t plane = layer.kernel_size.h * layer.kernel_size.w;
            const int64_t in_per_group = in[1] / groups;
            const int64_t out_per_group = layer.out_channels / groups;
            const float scale = 1.0f / static_cast<float>(in_per_group);
            for (int64_t oc = 0; oc < layer.out_channels; ++oc) {
                const std::vector<float> k =
                    centred_preset(layer.presets[static_cast<size_t>(oc)], layer.kernel_size, at);
                const int64_t group = oc / out_per_group;
                for (int64_t i = 0; i < in_per_group; ++i) {
                    // conv2d: weight[oc, i]; conv_transpose2d: weight[ic, oc mod OC/groups].
                    const int64_t ic = group * in_per_group + i;
                    float* dst = handler.weight_layout == WeightLayout::conv
                                     ? weight.data() + (oc * shape[1] + i) * plane
                                     : weight.data() + (ic * shape[1] + oc % out_per_group) * plane;
                    for (int64_t t = 0; t < plane; ++t) {
                        dst[t] = k[static_cast<size_t>(t)] * scale;
                    }
                }
            }
            if (layer.bias) {
                bias = Tensor({bias_count});
            }
            return;
        }
        case WeightInit::values: {
            require(layer.weight.shape() == shape,
                    at + ": the stored weight has shape " + shape_string(layer.weight.shape()) +
                        " but for the input " + shape_string(in) + " this layer needs " +
                        shape_string(shape) +
                        "; re-initialise the weights (random or preset) or change the input");
            weight = layer.weight;
            for (float v : weight.values()) {
                require(std::isfinite(v), at + ": a weight is not a finite number (NaN or "
                                               "infinity); every weight must be a real number");
            }
            if (layer.bias) {
                require(layer.bias_values.shape() == Shape{bias_count},
                        at + ": the stored bias has shape " +
                            shape_string(layer.bias_values.shape()) + ", expected " +
                            shape_string({bias_count}));
                bias = layer.bias_values;
            }
            return;
        }
    }
}

Plan plan_pipeline(const PipelineSpec& spec, const Shape& input_shape) {
    Plan plan;
    plan.input_shape = input_shape;
    if (spec.layers.size() > max_layers) {
        plan.error_layer = max_layers;
        plan.error = "the pipeline has " + std::to_string(spec.layers.size()) +
                     " layers; at most " + std::to_string(max_layers) + " are allowed";
        return plan;
    }
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& layer = spec.layers[i];
        try {
            PlannedLayer p;
            p.key = layer_key(spec, i);
            p.sources = layer_sources(spec, i);
            for (int64_t source : p.sources) {
                p.input_shapes.push_back(
                    source < 0 ? input_shape
                               : plan.layers[static_cast<size_t>(source)].output.shape);
            }
            p.input_shape = p.input_shapes.front();
            const Shape& in = p.input_shape;
            p.call.op = layer.op;
            p.call.params = layer.params;
            build_weights(layer, in, i, p.call.weight, p.call.bias);
            try {
                p.output = output_shape(p);
            } catch (const nlohmann::json::exception& e) {
                throw Error(std::string("bad parameter: ") + e.what());
            }
            require_tensor_size(p.output.shape, "its output");
            p.parameters = p.call.weight.numel() + p.call.bias.numel();
            const Shape out = p.output.shape;
            if (has_weights(layer.op)) {
                std::string dims;
                for (int64_t d : p.call.weight.shape()) {
                    dims += (dims.empty() ? "" : " × ") + std::to_string(d);
                }
                p.parameter_formula = dims;
                if (!p.call.bias.empty()) {
                    p.parameter_formula += " + " + std::to_string(p.call.bias.numel());
                }
                p.parameter_formula += " = " + std::to_string(p.parameters);
                OpCall counted = p.call;
                counted.input = Tensor::shape_only(in);
                p.multiply_adds = op_handler(layer.op).multiply_adds(counted, out);
            } else {
                p.parameter_formula = "0";
                int64_t window = 1;
                if (layer.params.contains("kernel_size")) {
                    const Pair k = param_pair(layer.params, layer.op, "kernel_size", {1, 1});
                    window = k.h * k.w;
                }
                p.multiply_adds = product(out) * window;
            }
            plan.layers.push_back(std::move(p));
        } catch (const std::exception& e) {
            const std::string message = e.what();
            const std::string prefix = where(i, layer.op);
            plan.error_layer = i;
            plan.error = message.rfind("layer ", 0) == 0 ? message : prefix + ": " + message;
            plan.error_message = plan.error.rfind(prefix + ": ", 0) == 0
                                     ? plan.error.substr(prefix.size() + 2)
                                     : plan.error;
            if (const auto* error = dynamic_cast<const Error*>(&e)) {
                plan.error_id = error->id();
                plan.error_args = error->args();
            }
            return plan;
        }
    }
    return plan;
}

std::vector<Tensor> forward_reference(const Plan& plan, const Tensor& input,
                                      const RunControl& control) {
    require(input.shape() == plan.input_shape,
            "the input has shape " + shape_string(input.shape()) +
                " but the pipeline was planned for " + shape_string(plan.input_shape));
    std::vector<Tensor> outputs;
    outputs.reserve(plan.layers.size());
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        control.check();
        std::vector<Tensor> values;
        for (int64_t source : plan.layers[i].sources) {
            values.push_back(source < 0 ? input : outputs[static_cast<size_t>(source)]);
        }
        outputs.push_back(evaluate(call_reading(plan.layers[i], std::move(values))).output);
        if (control.progress) {
            control.progress(static_cast<double>(i + 1) / static_cast<double>(plan.layers.size()));
        }
    }
    return outputs;
}

}  // namespace cs::pipeline
