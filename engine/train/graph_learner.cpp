#include "engine/train/graph_learner.hpp"

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/softmax.hpp"
#include "engine/parallel.hpp"

namespace cs {

namespace {

void require_logits(const Graph& graph) {
    const Shape& out = graph.infos().at(graph.output_index()).output_shape;
    require(out.size() == 1,
            "to train a network as a classifier its output must be one score "
            "per class, but node \"" +
                graph.output_name() + "\" gives " + shape_string(out) +
                " per example; end it with flatten and linear");
}

// No node looks across the examples of a batch: the batch's statistics of batch norm, the mask
// dropout draws over the whole batch.
bool treats_examples_apart(const Graph& graph) {
    for (const GraphNode& node : graph.nodes()) {
        if (op_handler(node.op).has_training_mode) {
            return false;
        }
    }
    return true;
}

// One chunk's share of a step.
struct ChunkGradients {
    std::map<std::string, Tensor> parameters;
    double loss_sum = 0.0;  // Σ cross-entropy over the chunk's examples
    int64_t correct = 0;
};

nlohmann::json pair_json(const Pair& p) {
    return nlohmann::json::array({p.h, p.w});
}

// The registry op and torch.nn.functional parameters of one layer of a stack.
GraphNode node_of(const LayerSpec& layer, size_t index) {
    GraphNode node;
    node.name = std::to_string(index);
    node.op = layer_kind_name(layer.kind);
    node.inputs = {index == 0 ? std::string(graph_input_name) : std::to_string(index - 1)};
    switch (layer.kind) {
        case LayerKind::conv2d:
            node.params = {{"stride", pair_json(layer.stride)},
                           {"padding", pair_json(layer.padding)}};
            break;
        case LayerKind::max_pool2d:
        case LayerKind::avg_pool2d:
            node.params = {{"kernel_size", pair_json(layer.kernel_size)},
                           {"stride", pair_json(layer.stride)},
                           {"padding", pair_json(layer.padding)}};
            break;
        default:
            break;
    }
    return node;
}

}  // namespace

Graph graph_of(const Network& network) {
    std::vector<GraphNode> nodes;
    const auto& layers = network.spec().layers;
    for (size_t i = 0; i < layers.size(); ++i) {
        GraphNode node = node_of(layers[i], i);
        const int64_t w = network.weight_index(static_cast<int64_t>(i));
        const int64_t b = network.bias_index(static_cast<int64_t>(i));
        if (w >= 0) {
            node.tensors["weight"] = network.parameters()[static_cast<size_t>(w)].value;
        }
        if (b >= 0) {
            node.tensors["bias"] = network.parameters()[static_cast<size_t>(b)].value;
        }
        nodes.push_back(std::move(node));
    }
    return Graph(network.spec().input, std::move(nodes));
}

Tensor slice_examples(const Tensor& batch, int64_t begin, int64_t count) {
    Shape shape = batch.shape();
    shape[0] = count;
    Tensor out = Tensor::uninitialized(shape);
    const int64_t per_example = batch.numel() / batch.size(0);
    std::copy(batch.data() + begin * per_example, batch.data() + (begin + count) * per_example,
              out.data());
    return out;
}

BatchResult classify(const Tensor& logits, const std::vector<int64_t>& labels) {
    const CrossEntropyResult ce = softmax_cross_entropy(logits, labels);
    BatchResult r{ce.loss, 0, logits.size(0)};
    const int64_t classes = logits.size(1);
    for (int64_t n = 0; n < logits.size(0); ++n) {
        const float* row = logits.data() + n * classes;
        const int64_t best = std::max_element(row, row + classes) - row;
        r.correct += best == labels[static_cast<size_t>(n)] ? 1 : 0;
    }
    return r;
}

GraphLearner::GraphLearner(Graph graph, const OptimizerConfig& optimizer, uint64_t seed)
    : graph_(std::move(graph)), optimizer_(make_optimizer(optimizer)), seed_(seed) {
    require_logits(graph_);
    for (const std::string& name : graph_.parameter_names()) {
        params_.push_back({name, graph_.parameter(name), Tensor(graph_.parameter(name).shape())});
    }
}

namespace {

BatchResult whole_batch_gradients(const Graph& graph, const GraphRun& run,
                                  const std::vector<int64_t>& labels,
                                  std::vector<Parameter>& params) {
    const CrossEntropyResult ce = softmax_cross_entropy(run.output(), labels);
    const BatchResult result = classify(run.output(), labels);
    GraphGrads grads = graph.backward(run, ce.grad_logits);
    for (Parameter& p : params) {
        auto it = grads.parameters.find(p.name);
        p.grad = it != grads.parameters.end() ? std::move(it->second) : Tensor(p.value.shape());
    }
    return result;
}

BatchResult chunked_gradients(const Graph& graph, const Tensor& batch,
                              const std::vector<int64_t>& labels, std::vector<Parameter>& params) {
    require(static_cast<int64_t>(labels.size()) == batch.size(0),
            "a batch of " + std::to_string(batch.size(0)) + " examples needs as many labels, got " +
                std::to_string(labels.size()));
    const int64_t n = batch.size(0);
    const int64_t chunks = (n + chunk_size - 1) / chunk_size;
    std::vector<ChunkGradients> parts(static_cast<size_t>(chunks));
    parallel_for(
        0, chunks,
        [&](int64_t first, int64_t last) {
            for (int64_t c = first; c < last; ++c) {
                const int64_t begin = c * chunk_size;
                const int64_t count = std::min(chunk_size, n - begin);
                const GraphRun run = graph.run(slice_examples(batch, begin, count), true);
                const std::vector<int64_t> chunk_labels(labels.begin() + begin,
                                                        labels.begin() + begin + count);
                // The op's gradient is of the chunk's mean, (softmax − onehot) / count; the
                // batch's mean needs / n, hence the factor count / n.
                CrossEntropyResult ce = softmax_cross_entropy(run.output(), chunk_labels);
                const float share = static_cast<float>(count) / static_cast<float>(n);
                for (float& g : ce.grad_logits.values()) {
                    g *= share;
                }
                ChunkGradients& part = parts[static_cast<size_t>(c)];
                part.parameters = graph.backward(run, ce.grad_logits).parameters;
                part.loss_sum = ce.loss * static_cast<double>(count);
                part.correct = classify(run.output(), chunk_labels).correct;
            }
        },
        1);
    // Chunk gradients are added in chunk order, whatever thread computed them.
    BatchResult result{0.0, 0, n};
    for (Parameter& p : params) {
        p.grad = Tensor(p.value.shape());
        float* sum = p.grad.data();
        for (const ChunkGradients& part : parts) {
            auto it = part.parameters.find(p.name);
            if (it == part.parameters.end()) {
                continue;
            }
            const float* add = it->second.data();
            for (int64_t i = 0; i < p.grad.numel(); ++i) {
                sum[i] += add[i];
            }
        }
    }
    for (const ChunkGradients& part : parts) {
        result.loss += part.loss_sum;
        result.correct += part.correct;
    }
    result.loss /= static_cast<double>(n);
    return result;
}

}  // namespace

BatchResult classifier_gradients(Graph& graph, const Tensor& batch,
                                 const std::vector<int64_t>& labels, std::vector<Parameter>& params,
                                 uint64_t seed) {
    if (treats_examples_apart(graph)) {
        return chunked_gradients(graph, batch, labels, params);
    }
    const GraphRun run = graph.run(batch, true, seed);
    const BatchResult result = whole_batch_gradients(graph, run, labels, params);
    graph.update_state(run);
    return result;
}

BatchResult GraphLearner::step(const Tensor& batch, const std::vector<int64_t>& labels) {
    // Each step a new dropout mask, the same for a given seed and step.
    const BatchResult result = classifier_gradients(graph_, batch, labels, params_,
                                                    seed_ + static_cast<uint64_t>(steps_) * 7919);
    optimizer_->step(params_);
    for (const Parameter& p : params_) {
        graph_.parameter(p.name) = p.value;
    }
    ++steps_;
    return result;
}

BatchResult GraphLearner::evaluate(const Tensor& batch, const std::vector<int64_t>& labels) const {
    return classify(graph_.run(batch, false).output(), labels);
}

}  // namespace cs
