#pragma once
// A pipeline as the student builds it in the playground: the input (how the photo is
// prepared) and an ordered list of layers, INPUT → [CONV → ReLU → POOL] × N → (FLATTEN → FC).
// Every layer is an op of the registry (engine/op_call.hpp) named as in torch.nn.functional,
// with its JSON parameters; layers with weights say how the weights are made. Files in this
// form are documented in docs/pipeline-format.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"

namespace cs::pipeline {

// How the weights of a conv2d, conv_transpose2d or linear layer are made.
enum class WeightInit {
    random,  // PyTorch's default: uniform in ±1/√fan_in, from `seed` (weights and bias)
    preset,  // one named kernel preset per output channel (resources/kernels/presets.json)
    values,  // stored in the layer (hand-edited, or loaded from a file)
};

struct LayerSpec {
    // How other layers name it in their `inputs`; empty: it is known by its number ("3").
    std::string name;
    // The values it reads, by name: graph_input_name ("input") or layers above it. Empty: the
    // layer above (the input for the first layer), as in a plain chain. A join (add, cat) reads
    // several; one output may be read by several layers (a branch).
    std::vector<std::string> inputs;
    std::string op = "relu";                           // a registry op name
    nlohmann::json params = nlohmann::json::object();  // its torch.nn.functional parameters

    // Only for layers with weights (has_weights(op)):
    int64_t out_channels = 8;  // conv2d/conv_transpose2d: output channels; linear: out_features
    Pair kernel_size{3, 3};    // conv2d and conv_transpose2d
    bool bias = true;
    WeightInit init = WeightInit::random;
    uint64_t seed = 1;                 // random
    std::vector<std::string> presets;  // preset: one preset id per output channel
    Tensor weight;                     // values: the weight in the op's layout
    Tensor bias_values;                // values: (out_channels), empty without bias

    bool operator==(const LayerSpec& other) const;
};

// How an image becomes the pipeline's input tensor (1, C, H, W).
struct InputSpec {
    int64_t channels = 0;      // 0: as the image (1 for gray, 3 for colour); 1: gray; 3: RGB
    std::optional<Pair> size;  // resize to this (height, width) by area averaging
    bool operator==(const InputSpec&) const = default;
};

struct PipelineSpec {
    std::string name;
    std::string name_zh;
    std::string description;
    std::string description_zh;
    InputSpec input;
    std::vector<LayerSpec> layers;
    std::string image;  // optional: the photo to open with the pipeline (path as in the file)
    bool operator==(const PipelineSpec&) const = default;
};

// Layers longer than this are refused: a teaching pipeline never needs them, and a file with
// a million layers must not hang the app.
inline constexpr size_t max_layers = 256;

// conv2d, conv_transpose2d and linear have weights; every other op has none.
bool has_weights(const std::string& op);
// add and cat: ops that join several values.
bool is_join(const std::string& op);

// How layer `index` is named in `inputs`: its name, or its number from 1 ("3").
std::string layer_key(const PipelineSpec& spec, size_t index);
// The layers layer `index` reads, in order (−1 for the pipeline's input). Throws cs::Error
// naming the layer when a name is unknown, names a layer below it, or the count of values
// does not suit its op (add reads two).
std::vector<int64_t> layer_sources(const PipelineSpec& spec, size_t index);
// No layer names another and none joins: the version 1 form, INPUT → layer → layer → ….
bool is_chain(const PipelineSpec& spec);
// Checks every name: unique, not "input", not a bare number (numbers name unnamed layers).
void check_layer_names(const PipelineSpec& spec);
// Checks every name and every layer's inputs.
void check_layer_references(const PipelineSpec& spec);

// Edits that keep every reference pointing at the same layer: numbers follow their layer, and
// the layers that read a removed layer read what it read instead.
PipelineSpec with_layer_inserted(PipelineSpec spec, size_t index, LayerSpec layer);
PipelineSpec with_layer_removed(PipelineSpec spec, size_t index);
PipelineSpec with_layer_moved(PipelineSpec spec, size_t from, size_t to);
// Names layer `index` (empty: by its number again), and makes its readers use the new name.
// Throws cs::Error for a name another layer has, a bare number or "input".
PipelineSpec with_layer_renamed(PipelineSpec spec, size_t index, const std::string& name);
// The inputs a new join at `index` starts with: the layer above and what that layer reads, so
// that add makes a residual connection around it and cat stacks its input and output.
std::vector<std::string> default_join_inputs(const PipelineSpec& spec, size_t index);
// The ops a playground layer may use, in menu order.
const std::vector<std::string>& layer_ops();
// A layer of `op` with the defaults the playground starts from (conv2d: 8 channels, 3×3,
// padding 1; max_pool2d: 2×2; linear: 10 features; interpolate: nearest ×2 ...).
LayerSpec default_layer(const std::string& op, uint64_t seed = 1);
// "conv2d 3×3 → 8" or "max_pool2d 2×2": a short label for lists.
std::string layer_summary(const LayerSpec& layer);

WeightInit weight_init_from_name(const std::string& name);  // "random", "preset", "values"
const char* weight_init_name(WeightInit init);

// The JSON form of docs/pipeline-format.md. Throws cs::Error naming the layer and the field.
// Also reads a pipeline lesson (below).
PipelineSpec pipeline_from_json(const nlohmann::json& doc);
nlohmann::json pipeline_to_json(const PipelineSpec& spec);

// A pipeline as a lesson file ("format": "convscope-lesson" with "view": {"mode":
// "playground"} and the layers under "pipeline"): what a teacher hands out, opened by File ▸
// Open Lesson like any lesson. The name and description become the lesson's title and
// description, the photo its input image.
nlohmann::json pipeline_lesson_to_json(const PipelineSpec& spec);
bool is_pipeline_lesson(const nlohmann::json& doc);
LayerSpec layer_from_json(const nlohmann::json& j, size_t index);
nlohmann::json layer_to_json(const LayerSpec& layer);

// A file larger than this is not a pipeline a student wrote (weights are stored compactly).
inline constexpr int64_t max_pipeline_file_bytes = int64_t{64} << 20;

// Reads a pipeline file through cs::read_regular_text (a regular file of at most
// max_pipeline_file_bytes; engine/file_read.hpp), then parses it as parse_pipeline does.
PipelineSpec read_pipeline_file(const std::string& path);
// Checks the JSON syntax and nesting (at most max_json_depth levels) with a clear message.
PipelineSpec parse_pipeline(const std::string& text, const std::string& name);

}  // namespace cs::pipeline
