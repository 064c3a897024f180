#pragma once
// Trains any network graph (engine/graph/graph.hpp) as a classifier: the output node's value
// is the logits (N, classes), the loss softmax cross-entropy averaged over the batch (as
// torch.nn.CrossEntropyLoss), and every weight and bias is updated by an optimiser of
// optimizer.hpp. Batch norm uses the batch's statistics and moves its running statistics;
// dropout draws a new mask at every step. The ops parallelise inside, so a step is the same
// bit for bit with any thread count.
//
// A graph whose every node treats each example on its own (no batch norm, no dropout) is
// trained as Network trains its stack: the batch is cut into chunks of `chunk_size` examples,
// each run forward and backward through the whole graph on one thread while it is in that
// thread's cache, and the chunks' gradients are added in chunk order. Small maps (LeNet's) gain
// most: an op over a whole batch of 28×28 maps spends much of its time handing work to threads.
#include <memory>
#include <vector>

#include "engine/graph/graph.hpp"
#include "engine/train/network.hpp"
#include "engine/train/optimizer.hpp"
#include "engine/train/parameter.hpp"

namespace cs {

class GraphLearner {
  public:
    // Throws cs::Error when the graph's output is not (N, classes) for a batch.
    GraphLearner(Graph graph, const OptimizerConfig& optimizer, uint64_t seed = 0);

    const Graph& graph() const { return graph_; }
    // One optimiser step on a batch (N, ...input shape) with its labels.
    BatchResult step(const Tensor& batch, const std::vector<int64_t>& labels);
    // Loss and correct count without gradients, in evaluation mode.
    BatchResult evaluate(const Tensor& batch, const std::vector<int64_t>& labels) const;
    int64_t steps() const { return steps_; }

  private:
    // Each step allocates the same feature maps as the last: keep their buffers for the next.
    TensorBufferReuse reuse_;
    Graph graph_;
    std::vector<Parameter> params_;
    std::unique_ptr<Optimizer> optimizer_;
    uint64_t seed_ = 0;
    int64_t steps_ = 0;
};

// The gradient of the batch's mean cross-entropy into the grad of each of `params` (matched by
// name; zeros for a parameter the loss does not reach), and the batch's loss and correct
// count: GraphLearner's step before the optimiser, for a caller that keeps its own parameters
// and optimiser (Trainer). In chunks when the graph allows (see above); otherwise one pass in
// training mode with dropout seeded by `seed`, and batch norm's running statistics moved.
BatchResult classifier_gradients(Graph& graph, const Tensor& batch,
                                 const std::vector<int64_t>& labels, std::vector<Parameter>& params,
                                 uint64_t seed);

// A layer stack with its weights as a graph: node i is layer i (named "0", "1", …, so the
// parameters keep torch's state_dict names "0.weight", "0.bias"), reading node i − 1.
Graph graph_of(const Network& network);

// Examples [begin, begin + count) of a batch (N, ...), a chunk's input.
Tensor slice_examples(const Tensor& batch, int64_t begin, int64_t count);

// Loss and correct count of logits (N, classes) against labels.
BatchResult classify(const Tensor& logits, const std::vector<int64_t>& labels);

}  // namespace cs
