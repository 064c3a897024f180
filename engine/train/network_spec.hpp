#pragma once
// What a network is made of, before it has any weights: a stack of layers applied in order to
// one example of shape (C, H, W), as torch.nn.Sequential. From the description alone the engine
// works out every layer's output shape (with the formula, for display) and its parameter count.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"

namespace cs {

enum class LayerKind { conv2d, max_pool2d, avg_pool2d, linear, flatten, relu, sigmoid, tanh };

// One layer with torch.nn's parameter names. Only the fields of its kind are used; the input
// size (in_channels, in_features) is not stored but follows from the layer before.
struct LayerSpec {
    LayerKind kind = LayerKind::relu;
    int64_t out_channels = 0;  // conv2d
    int64_t out_features = 0;  // linear
    Pair kernel_size{};        // conv2d, pools
    Pair stride{};             // conv2d (default 1), pools (default kernel_size)
    Pair padding{};            // conv2d, pools (zero padding; pools pad with −∞ / count it)
    bool bias = true;          // conv2d, linear
};

struct NetworkSpec {
    Shape input;  // one example, (C, H, W); Fashion-MNIST: (1, 28, 28)
    std::vector<LayerSpec> layers;
};

// Everything the GUI shows about one layer; shapes are per example (no batch dimension).
struct LayerInfo {
    int64_t index = 0;   // position in the stack, as the key prefix of torch's state_dict
    std::string type;    // "conv2d", "sigmoid", …
    std::string label;   // "Conv2d(1 → 6, 5×5, padding 2)"
    Shape input_shape;   // (C, H, W) or (F)
    Shape output_shape;  // (C, H, W) or (F)
    std::vector<std::string>
        formulas;  // how output_shape was computed, e.g. "⌊(28 + 2·2 − 5) / 1⌋ + 1 = 28"
    Shape weight_shape;  // empty when the layer has no weight
    Shape bias_shape;    // empty when the layer has no bias
    int64_t parameter_count = 0;
};

// Checks the stack and infers every layer's shapes. Throws cs::Error naming the layer when a
// size is invalid or an output would be empty, or when a linear layer does not get a flat
// input (put a flatten layer before it).
std::vector<LayerInfo> describe_network(const NetworkSpec& spec);
int64_t parameter_count(const NetworkSpec& spec);

const char* layer_kind_name(LayerKind kind);
// Lesson-file form of one layer: {"type": "conv2d", "out_channels": 6, "kernel_size": 5,
// "padding": 2}, {"type": "avg_pool2d", "kernel_size": 2, "stride": 2}, {"type": "linear",
// "out_features": 120}, {"type": "sigmoid"}, … Unknown types and keys are rejected so that a
// typo does not go unnoticed. `where` ("layer 3") prefixes messages.
LayerSpec layer_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json layer_to_json(const LayerSpec& layer);
// {"input": [1, 28, 28], "layers": [...]}
NetworkSpec network_from_json(const nlohmann::json& j);
nlohmann::json network_to_json(const NetworkSpec& spec);

}  // namespace cs
