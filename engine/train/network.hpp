#pragma once
// A network with weights: the layer stack of a NetworkSpec and its parameters, named as torch's
// state_dict. Its passes run through the same network as a graph (graph_of in
// graph_learner.hpp: each layer a node, each op's own forward and backward), so a layer stack
// computes exactly what the op lessons and imported models compute. The loss is softmax
// cross-entropy averaged over the batch, as torch.nn.CrossEntropyLoss.
//
// A batch is cut into chunks of `chunk_size` examples that are processed in parallel
// (cs::parallel_for); each chunk computes its own gradients, and the chunk gradients are then
// added in chunk order. The chunks do not depend on the thread count, so the result of a step
// is the same, bit for bit, with any number of threads.
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/tensor.hpp"
#include "engine/train/lesson.hpp"
#include "engine/train/network_spec.hpp"
#include "engine/train/parameter.hpp"
#include "engine/train/weights_file.hpp"

namespace cs {

// Examples per chunk of a batch: enough for efficient matrix products, small enough that a
// batch of 256 gives every core several chunks.
constexpr int64_t chunk_size = 32;

struct BatchResult {
    double loss = 0.0;    // mean cross-entropy over the batch
    int64_t correct = 0;  // examples whose largest logit is the true class
    int64_t count = 0;
};

class Network {
  public:
    // Parameters start at zero; call initialize() or load_parameters().
    explicit Network(NetworkSpec spec);
    ~Network();
    Network(Network&&) noexcept;
    Network& operator=(Network&&) noexcept;
    // Copies the description and the parameters (with their gradients), not the work space:
    // a snapshot the GUI can show while training goes on in another thread.
    Network(const Network& other);
    Network& operator=(const Network& other);

    // Draws every weight and bias from Pcg32(init.seed), layer by layer in order.
    void initialize(const InitConfig& init);

    const NetworkSpec& spec() const { return spec_; }
    // Shapes, formulas and parameter counts of every layer, for display.
    const std::vector<LayerInfo>& layers() const { return infos_; }
    int64_t class_count() const;

    // Named as torch's state_dict keys: "0.weight", "0.bias", "3.weight", …
    std::vector<Parameter>& parameters() { return params_; }
    const std::vector<Parameter>& parameters() const { return params_; }
    // Index into parameters() of layer `layer`'s weight / bias, or −1.
    int64_t weight_index(int64_t layer) const;
    int64_t bias_index(int64_t layer) const;

    // Replaces the parameters, checking every name and shape. Throws cs::Error on mismatch.
    void load_parameters(const std::vector<NamedTensor>& tensors);
    std::vector<NamedTensor> named_parameters() const;

    // Logits (N, classes) of a batch (N, C, H, W). Parallel over chunks.
    Tensor forward(const Tensor& batch) const;
    // Softmax probabilities (N, classes).
    Tensor probabilities(const Tensor& batch) const;
    // The output of every layer for a batch: result[i] is layer i's output (feature maps for
    // the GUI; result.back() are the logits).
    std::vector<Tensor> forward_all(const Tensor& batch) const;

    // Forward and backward over a batch with its labels: sets every parameter's grad to
    // ∂(mean loss)/∂parameter and returns the loss and the number of correct predictions.
    BatchResult compute_gradients(const Tensor& batch, const std::vector<int64_t>& labels);

    // Loss and correct count of a batch without gradients.
    BatchResult evaluate(const Tensor& batch, const std::vector<int64_t>& labels) const;

  private:
    void check_batch(const Tensor& batch) const;
    void check_labels(const std::vector<int64_t>& labels, int64_t n) const;
    // Every layer's output for a batch, chunk by chunk in parallel: result[c][i] is layer i's
    // output for chunk c.
    std::vector<std::vector<Tensor>> forward_chunks(const Tensor& batch) const;

    NetworkSpec spec_;
    std::vector<LayerInfo> infos_;
    std::vector<Parameter> params_;
    std::vector<int64_t> weight_index_;
    std::vector<int64_t> bias_index_;
};

}  // namespace cs
