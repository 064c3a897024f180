#pragma once
// A pipeline made concrete for one input shape: every layer's weights built, its output shape
// with the formula, its parameter count. A layer that cannot work (a kernel larger than its
// input, a channel count that does not match stored weights, ...) stops the plan there with
// the engine's message; the layers before it stay usable.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/pipeline/pipeline_spec.hpp"

namespace cs::pipeline {

// A single layer may hold at most this many weights (64 MB of floats): a linear layer straight
// after a full-resolution photo would need billions.
inline constexpr int64_t max_layer_weights = 16'000'000;

struct PlannedLayer {
    OpCall call;                      // op, params, weight and bias; `input` stays empty
    std::string key;                  // how inputs name it (layer_key)
    std::vector<int64_t> sources;     // the layers it reads, in order; −1 is the pipeline's input
    std::vector<Shape> input_shapes;  // of each source
    Shape input_shape;                // of the first source
    ShapeInfo output;                 // shape, and the formula of each spatial dimension
    int64_t parameters = 0;           // learnable values: weights + biases
    std::string parameter_formula;    // "8 × 3 × 3 × 3 + 8 = 224"
    int64_t multiply_adds = 0;        // per image, for time estimates
};

struct Plan {
    Shape input_shape;
    std::vector<PlannedLayer> layers;  // the layers that work, in order
    // Set when layer `error_layer` (0-based) cannot work; layers from there on are missing.
    std::optional<size_t> error_layer;
    std::string error;
    // The layer's message without "layer N (op): ", with its id and values when it has one
    // (cs::Error::id), so the window can say it in its language.
    std::string error_message;
    std::string error_id;
    std::vector<MessageArg> error_args;

    bool ok() const { return !error_layer.has_value(); }
    // Per layer: the layers that read its output, in order.
    std::vector<std::vector<size_t>> consumers() const;
    int64_t parameters() const;
    int64_t multiply_adds() const;
};

// Builds the weights of `layer` for an input of `input_shape`, as the layer's init says.
// Throws cs::Error naming the layer (index is 0-based, shown 1-based).
void build_weights(const LayerSpec& layer, const Shape& input_shape, size_t index, Tensor& weight,
                   Tensor& bias);

// Never throws for a layer that does not fit: the plan records it.
Plan plan_pipeline(const PipelineSpec& spec, const Shape& input_shape);

// Raised by the forward passes when `cancel` turns true.
class Cancelled : public Error {
  public:
    Cancelled() : Error("cancelled") {}
};

struct RunControl {
    const std::atomic<bool>* cancel = nullptr;
    // Fraction of the work done, in [0, 1]. May be called from worker threads.
    std::function<void(double)> progress;

    void check() const {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
            throw Cancelled();
        }
    }
};

// The call of `layer` reading `values` (one per source): the input, add's "other", cat's list.
OpCall call_reading(const PlannedLayer& layer, std::vector<Tensor> values);

// Every layer's output, computed op by op through the op registry (cs::evaluate) on whole
// tensors: the definition that the banded forward (pipeline_forward.hpp) must equal.
std::vector<Tensor> forward_reference(const Plan& plan, const Tensor& input,
                                      const RunControl& control = {});

}  // namespace cs::pipeline
