#pragma once
// The channels-and-groups lesson page's maths through the engine: the per-channel partial maps
// of a multi-channel convolution, the per-pixel mix of a 1×1 convolution, which inputs feed
// which output with groups, and parameter counts beside a fully connected layer.
#include <string>
#include <vector>

#include "engine/op_call.hpp"

namespace cs::core {

// A conv2d lesson split by input channel: partials[i] = conv2d(input channel of slice i,
// weight[oc, i]) without bias, one per input channel of output channel oc's group. Their sum
// plus bias[oc] is output channel oc of the full conv2d (`outputs`, every output channel).
struct PartialSums {
    std::vector<int64_t> input_channels;  // the input channel each partial map reads
    std::vector<Tensor> partials;         // (1, 1, OH, OW) each
    float bias = 0.0f;
    Tensor outputs;  // (1, OC, OH, OW): conv2d of the whole call
};

// The page shows 2-D convolutions (conv2d): weight (out, in / groups, kH, kW).
bool channels_page_op(const std::string& op);

// `call` is a conv2d call; throws cs::Error for an invalid one or out_channel out of range.
PartialSums partial_sums(const OpCall& call, int64_t out_channel);

// The sum of the partial maps plus the bias, computed on its own (the page checks it against
// the output map).
Tensor partial_sum_total(const PartialSums& sums);

// Output channel `out_channel` of sums.outputs as (1, 1, OH, OW).
Tensor output_map(const PartialSums& sums, int64_t out_channel);

// Σ partials + bias against the output map: its range and the largest difference (rounding).
struct SumCheck {
    float low = 0.0f;
    float high = 0.0f;
    float difference = 0.0f;
};
SumCheck check_partial_sums(const PartialSums& sums, int64_t out_channel);

// The output of a 1×1 (or any) conv2d call.
Tensor conv_output(const OpCall& call);

// How output pixel (y, x) of channel oc is computed: one tap per input channel of a 1×1
// convolution (any kernel size works: the taps of every window position).
Step pixel_trace(const OpCall& call, int64_t out_channel, int64_t y, int64_t x);

// Groups: the input channels that feed each output channel. Throws the engine's cs::Error when
// in_channels or out_channels is not divisible by groups.
struct GroupWiring {
    std::vector<std::vector<int64_t>> inputs_of_output;
    Shape weight_shape;  // (OC, C/groups, k, k)
};
GroupWiring group_wiring(int64_t in_channels, int64_t out_channels, int64_t groups, int64_t kernel);

// Parameters of one layer: weights plus biases.
struct LayerParameters {
    Shape weight_shape;
    int64_t weights = 0;
    int64_t biases = 0;
    int64_t total() const { return weights + biases; }
};
// conv2d with `out_channels` k×k kernels over in_channels / groups inputs each, one bias each:
// out_channels · (k·k·in_channels / groups + 1).
LayerParameters conv2d_parameters(int64_t in_channels, int64_t out_channels, int64_t kernel,
                                  int64_t groups, bool bias = true);
// A fully connected layer with `out_features` neurons on a flattened C×H×W input:
// out_features · (C·H·W + 1).
LayerParameters linear_parameters(int64_t in_features, int64_t out_features, bool bias = true);

// Which tab of the channels page a lesson opens on: "groups" when params.groups > 1,
// "one_by_one" for a 1×1 kernel, "parameters" for a one-channel input, else "partial_sums".
std::string channels_section(const std::string& op, const nlohmann::json& params,
                             const Tensor& input, const Tensor& weight);

}  // namespace cs::core
