#include "app/core/page_channels.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "engine/error.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/ops/image_arith.hpp"
#include "engine/ops/value_stats.hpp"

namespace cs::core {

bool channels_page_op(const std::string& op) {
    const OpHandler& h = op_handler(op);
    return h.weight_layout == WeightLayout::conv && h.spatial_dims == 2;
}

PartialSums partial_sums(const OpCall& call, int64_t out_channel) {
    require(channels_page_op(call.op), "the channels page shows conv2d, not " + call.op);
    PartialSums sums;
    sums.outputs = evaluate(call).output;  // also validates the call with the engine's messages
    const int64_t out_channels = call.weight.size(0);
    require(out_channel >= 0 && out_channel < out_channels,
            "output channel " + std::to_string(out_channel) + " does not exist (there are " +
                std::to_string(out_channels) + ")");
    // weight (OC, C/groups, KH, KW): output channel oc reads the C/groups inputs of its group.
    const int64_t groups = call.params.value("groups", int64_t{1});
    const int64_t per_group = call.weight.size(1);
    const int64_t group = out_channel / (out_channels / groups);
    const int64_t kh = call.weight.size(2);
    const int64_t kw = call.weight.size(3);
    nlohmann::json params = call.params;
    params["groups"] = 1;
    for (int64_t i = 0; i < per_group; ++i) {
        const int64_t c = group * per_group + i;
        const float* slice = call.weight.data() + (out_channel * per_group + i) * kh * kw;
        const Tensor weight({1, 1, kh, kw}, std::vector<float>(slice, slice + kh * kw));
        sums.input_channels.push_back(c);
        sums.partials.push_back(
            evaluate(OpCall{"conv2d", channel_plane(call.input, c), weight, Tensor(), params})
                .output);
    }
    sums.bias = call.bias.empty() ? 0.0f : call.bias.data()[out_channel];
    return sums;
}

Tensor partial_sum_total(const PartialSums& sums) {
    return sum_maps(sums.partials, sums.bias);
}

Tensor output_map(const PartialSums& sums, int64_t out_channel) {
    return channel_plane(sums.outputs, out_channel);
}

SumCheck check_partial_sums(const PartialSums& sums, int64_t out_channel) {
    const Tensor total = partial_sum_total(sums);
    const Tensor output = output_map(sums, out_channel);
    SumCheck check;
    std::tie(check.low, check.high) = value_range(total);
    for (int64_t i = 0; i < total.numel(); ++i) {
        check.difference = std::max(check.difference, std::abs(total.data()[i] - output.data()[i]));
    }
    return check;
}

Tensor conv_output(const OpCall& call) {
    return evaluate(call).output;
}

Step pixel_trace(const OpCall& call, int64_t out_channel, int64_t y, int64_t x) {
    return trace_step(call, {0, out_channel, y, x});
}

GroupWiring group_wiring(int64_t in_channels, int64_t out_channels, int64_t groups,
                         int64_t kernel) {
    require(groups >= 1, "groups must be at least 1, got " + std::to_string(groups));
    require(in_channels >= 1 && out_channels >= 1 && kernel >= 1,
            "channels and kernel size must be at least 1");
    Conv2dParams params;
    params.groups = groups;
    const Shape weight = {out_channels, std::max<int64_t>(1, in_channels / groups), kernel, kernel};
    // The engine's own check, so the page shows the same message as a conv2d call would.
    conv2d_output_shape({1, in_channels, kernel, kernel}, weight, params);
    GroupWiring wiring;
    wiring.weight_shape = weight;
    const int64_t in_per_group = in_channels / groups;
    const int64_t out_per_group = out_channels / groups;
    for (int64_t o = 0; o < out_channels; ++o) {
        std::vector<int64_t> inputs;
        const int64_t g = o / out_per_group;
        for (int64_t i = 0; i < in_per_group; ++i) {
            inputs.push_back(g * in_per_group + i);
        }
        wiring.inputs_of_output.push_back(std::move(inputs));
    }
    return wiring;
}

LayerParameters conv2d_parameters(int64_t in_channels, int64_t out_channels, int64_t kernel,
                                  int64_t groups, bool bias) {
    const GroupWiring wiring = group_wiring(in_channels, out_channels, groups, kernel);
    LayerParameters p;
    p.weight_shape = wiring.weight_shape;
    p.weights = shape_numel(p.weight_shape);
    p.biases = bias ? out_channels : 0;
    return p;
}

LayerParameters linear_parameters(int64_t in_features, int64_t out_features, bool bias) {
    require(in_features >= 1 && out_features >= 1, "a linear layer needs at least one feature");
    LayerParameters p;
    p.weight_shape = {out_features, in_features};  // as torch.nn.Linear
    p.weights = shape_numel(p.weight_shape);
    p.biases = bias ? out_features : 0;
    return p;
}

std::string channels_section(const std::string& op, const nlohmann::json& params,
                             const Tensor& input, const Tensor& weight) {
    if (!channels_page_op(op)) {
        return "partial_sums";
    }
    if (params.value("groups", int64_t{1}) > 1) {
        return "groups";
    }
    if (weight.dim() == 4 && weight.size(2) == 1 && weight.size(3) == 1) {
        return "one_by_one";
    }
    if (input.dim() == 4 && input.size(1) == 1) {
        return "parameters";
    }
    return "partial_sums";
}

}  // namespace cs::core
