#include "engine/train/graph_learner.hpp"

#include "engine/error.hpp"
#include "engine/ops/softmax.hpp"

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

BatchResult GraphLearner::step(const Tensor& batch, const std::vector<int64_t>& labels) {
    // Each step a new dropout mask, the same for a given seed and step.
    const GraphRun run = graph_.run(batch, true, seed_ + static_cast<uint64_t>(steps_) * 7919);
    const CrossEntropyResult ce = softmax_cross_entropy(run.output(), labels);
    const BatchResult result = classify(run.output(), labels);
    GraphGrads grads = graph_.backward(run, ce.grad_logits);
    for (Parameter& p : params_) {
        auto it = grads.parameters.find(p.name);
        p.grad = it != grads.parameters.end() ? std::move(it->second) : Tensor(p.value.shape());
    }
    optimizer_->step(params_);
    for (const Parameter& p : params_) {
        graph_.parameter(p.name) = p.value;
    }
    graph_.update_state(run);
    ++steps_;
    return result;
}

BatchResult GraphLearner::evaluate(const Tensor& batch, const std::vector<int64_t>& labels) const {
    return classify(graph_.run(batch, false).output(), labels);
}

}  // namespace cs
