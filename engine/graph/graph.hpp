#pragma once
// A network as a graph of named nodes: each node is an op of the registry (engine/op_call.hpp)
// with its inputs named — the graph's "input" or other nodes — so that a value may feed several
// nodes (a residual block's shortcut) and a node may join several values (add, cat). One type
// for playground pipelines, trained networks and imported models.
//
// Construction checks the graph (names, inputs, cycles), orders the nodes so that each comes
// after the nodes it reads, and infers every node's output shape; an error names the node.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/op_call.hpp"
#include "engine/tensor.hpp"

namespace cs {

// The reserved name of the value a graph starts from.
inline constexpr const char* graph_input_name = "input";
// A graph larger than this is not one a student builds or a course model needs.
inline constexpr size_t max_graph_nodes = 4096;

struct GraphNode {
    std::string name;
    std::string op;
    std::vector<std::string> inputs;  // value names: graph_input_name or earlier nodes
    nlohmann::json params = nlohmann::json::object();
    // By torch's names: "weight" and "bias" (parameters), "running_mean", "running_var"
    // (batch_norm2d's state).
    std::map<std::string, Tensor> tensors{};
};

// What the graph view shows about one node; shapes are per example (no batch dimension).
struct NodeInfo {
    Shape output_shape;
    std::vector<std::string> formulas;
    int64_t parameter_count = 0;         // values in weight and bias
    int64_t multiply_adds = 0;           // per example
    std::vector<std::string> consumers;  // the nodes reading this one, in order
};

// The values of one pass: every node's call (its inputs shared, not copied) and result.
struct GraphRun {
    Tensor input;
    std::vector<OpCall> calls;
    std::vector<OpResult> results;
    size_t output_index = 0;
    const Tensor& output() const { return results.at(output_index).output; }
};

struct GraphGrads {
    Tensor input;
    std::map<std::string, Tensor> parameters;  // "node.weight", "node.bias"
};

class Graph {
  public:
    // `input`: one example's shape, e.g. (1, 28, 28). `output`: the node whose value is the
    // result ("" = the last node of the list). Throws cs::Error naming the node at fault.
    Graph(Shape input, std::vector<GraphNode> nodes, std::string output = "");

    const Shape& input_shape() const { return input_; }
    // In an order where every node comes after the nodes it reads (the file's order where
    // that allows).
    const std::vector<GraphNode>& nodes() const { return nodes_; }
    const std::vector<NodeInfo>& infos() const { return infos_; }
    size_t output_index() const { return output_; }
    const std::string& output_name() const { return nodes_[output_].name; }
    // Position in nodes() of node `name`, or −1.
    int64_t index_of(const std::string& name) const;
    int64_t parameter_count() const;

    // The trainable tensors, "node.weight" / "node.bias", in node order.
    std::vector<std::string> parameter_names() const;
    Tensor& parameter(const std::string& name);
    const Tensor& parameter(const std::string& name) const;

    // Every node's value for a batch (N, ...example shape). In training, batch_norm2d uses the
    // batch's statistics and dropout a mask drawn from `seed` (different for every node).
    GraphRun run(const Tensor& batch, bool training = false, uint64_t seed = 0) const;
    // Moves the running statistics of batch norm nodes as a training run computed them.
    void update_state(const GraphRun& run);
    // Gradients of Σ output ⊙ grad_output, for the input and every parameter. A value read by
    // several nodes collects the gradients of all of them.
    GraphGrads backward(const GraphRun& run, const Tensor& grad_output) const;

  private:
    OpCall call_of(size_t node, const std::vector<const Tensor*>& values) const;
    void infer_shapes();

    Shape input_;
    std::vector<GraphNode> nodes_;
    std::vector<NodeInfo> infos_;
    std::vector<std::vector<int64_t>> sources_;  // per node: node index of each input (−1 = input)
    size_t output_ = 0;
};

// Puts the values a node reads into its call, as the op takes them: the input and its operand
// tensors (add's "other") in order, or the list of a join (cat).
// Operands the call already holds in OpCall::tensors are constants and are not among `values`.
void bind_operands(OpCall& call, std::vector<Tensor> values);
// The call of `node` on `values` (its inputs in order), its tensors bound by name.
OpCall node_call(const GraphNode& node, std::vector<Tensor> values);
// The output shape (with the batch dimension) of `node` reading values of `input_shapes`.
ShapeInfo infer_node_shape(const GraphNode& node, const std::vector<Shape>& input_shapes);

// The file form ("format": "convscope-graph"; docs/graph-format.md): {"input": [C, H, W],
// "nodes": [{"name", "op", "inputs", "params", "weight", "bias", …}], "output"}.
Graph graph_from_json(const nlohmann::json& doc);
nlohmann::json graph_to_json(const Graph& graph);
// Whether a parsed JSON document says it is a network graph.
bool is_graph_document(const nlohmann::json& doc);
// Reads a network file through the common checks (a regular file of at most 256 MB, JSON nested
// at most 64 levels). Throws cs::Error naming the file.
Graph read_graph_file(const std::string& path);

}  // namespace cs
