#include "engine/pipeline/pipeline_graph.hpp"

namespace cs::pipeline {

Graph plan_graph(const Plan& plan, bool weights) {
    const auto value = [weights](const Tensor& t) {
        return weights ? t : Tensor::shape_only(t.shape());
    };
    std::vector<GraphNode> nodes;
    for (const PlannedLayer& layer : plan.layers) {
        GraphNode node;
        node.name = layer.key;
        node.op = layer.call.op;
        node.params = layer.call.params;
        for (int64_t source : layer.sources) {
            node.inputs.push_back(source < 0 ? std::string(graph_input_name)
                                             : plan.layers[static_cast<size_t>(source)].key);
        }
        if (!layer.call.weight.empty()) {
            node.tensors["weight"] = value(layer.call.weight);
        }
        if (!layer.call.bias.empty()) {
            node.tensors["bias"] = value(layer.call.bias);
        }
        nodes.push_back(std::move(node));
    }
    // Graph shapes are per example: the plan's input without its batch of one.
    const Shape example(plan.input_shape.begin() + 1, plan.input_shape.end());
    return Graph(example, std::move(nodes));
}

std::vector<NodeField> path_fields(const Plan& plan) {
    if (plan.layers.empty()) {
        return {};
    }
    return graph_receptive_fields(plan_graph(plan));
}

}  // namespace cs::pipeline
