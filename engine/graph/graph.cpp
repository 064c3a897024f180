#include "engine/graph/graph.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "engine/case_file.hpp"
#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

std::string in_quotes(const std::string& name) {
    return "\"" + name + "\"";
}

// Rethrows an op's message with the node it happened in.
template <typename F>
auto in_node(const GraphNode& node, F&& f) {
    try {
        return f();
    } catch (const Error& e) {
        throw Error("node " + in_quotes(node.name) + " (" + node.op + "): " + e.what());
    }
}

bool is_parameter(const std::string& tensor) {
    return tensor == "weight" || tensor == "bias";
}

// A tensor a node keeps: a parameter, the op's own state, or a constant operand (an imported
// model's x · 0.5: add's or mul's "other" stored in the node instead of named as an input).
bool is_state_tensor(const OpHandler& handler, const std::string& name) {
    const auto& args = handler.tensor_args;
    return is_parameter(name) || std::find(args.begin(), args.end(), name) != args.end();
}

// How many values a node of `op` reads: the input plus its operand tensors (those it does not
// hold as constants), or a list.
void check_input_count(const GraphNode& node, const OpHandler& handler) {
    if (handler.takes_input_list) {
        require(!node.inputs.empty(),
                "node " + in_quotes(node.name) + " (" + node.op + ") needs at least one input");
        return;
    }
    size_t want = 1;
    for (const std::string& operand : handler.operand_args) {
        want += node.tensors.count(operand) > 0 ? 0 : 1;
    }
    require(node.inputs.size() == want, "node " + in_quotes(node.name) + " (" + node.op +
                                            ") reads " + std::to_string(want) +
                                            (want == 1 ? " value" : " values") + ", but " +
                                            std::to_string(node.inputs.size()) + " are named");
}

void check_names(const std::vector<GraphNode>& nodes) {
    require(!nodes.empty(), "a network needs at least one node");
    require(nodes.size() <= max_graph_nodes, "a network may have at most " +
                                                 std::to_string(max_graph_nodes) + " nodes, not " +
                                                 std::to_string(nodes.size()));
    std::set<std::string> seen;
    for (const GraphNode& node : nodes) {
        require(!node.name.empty(), "every node needs a name");
        require(node.name != graph_input_name, "no node may be called " +
                                                   in_quotes(graph_input_name) +
                                                   ": that name is the network's input");
        require(seen.insert(node.name).second,
                "two nodes are called " + in_quotes(node.name) + "; every name must be unique");
        try {
            check_input_count(node, op_handler(node.op));
        } catch (const Error& e) {
            if (std::string(e.what()).rfind("unknown op", 0) == 0) {
                throw Error("node " + in_quotes(node.name) + ": " + e.what());
            }
            throw;
        }
    }
}

// A cycle among `remaining` (nodes Kahn's algorithm could not place), as "a" → "b" → "a".
std::string describe_cycle(const std::vector<GraphNode>& nodes,
                           const std::map<std::string, size_t>& index,
                           const std::vector<bool>& placed) {
    size_t at = 0;
    while (placed[at]) {
        ++at;
    }
    std::vector<size_t> path;
    std::vector<int> position(nodes.size(), -1);
    while (position[at] < 0) {
        position[at] = static_cast<int>(path.size());
        path.push_back(at);
        for (const std::string& input : nodes[at].inputs) {
            const auto it = index.find(input);
            if (it != index.end() && !placed[it->second]) {
                at = it->second;
                break;
            }
        }
    }
    // path[position[at]] … back to `at`, in the direction values flow.
    std::string text;
    for (size_t k = path.size(); k-- > static_cast<size_t>(position[at]);) {
        text += in_quotes(nodes[path[k]].name) + " → ";
    }
    return text + in_quotes(nodes[path.back()].name);
}

}  // namespace

Graph::Graph(Shape input, std::vector<GraphNode> nodes, std::string output)
    : input_(std::move(input)) {
    require(!input_.empty(), "a network's input needs a shape, e.g. [1, 28, 28]");
    check_names(nodes);
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < nodes.size(); ++i) {
        index[nodes[i].name] = i;
    }
    for (const GraphNode& node : nodes) {
        for (const std::string& input_name : node.inputs) {
            require(input_name == graph_input_name || index.count(input_name) > 0,
                    "node " + in_quotes(node.name) + " reads " + in_quotes(input_name) +
                        ", which is neither the network's input nor a node");
        }
    }
    // Kahn's algorithm, taking the first ready node in file order each time.
    std::vector<bool> placed(nodes.size(), false);
    std::vector<size_t> order;
    while (order.size() < nodes.size()) {
        bool progress = false;
        for (size_t i = 0; i < nodes.size(); ++i) {
            if (placed[i]) {
                continue;
            }
            const bool ready = std::all_of(
                nodes[i].inputs.begin(), nodes[i].inputs.end(), [&](const std::string& name) {
                    return name == graph_input_name || placed[index.at(name)];
                });
            if (ready) {
                placed[i] = true;
                order.push_back(i);
                progress = true;
                break;
            }
        }
        if (!progress) {
            throw Error("the nodes " + describe_cycle(nodes, index, placed) +
                        " form a cycle; values must flow one way through a network");
        }
    }
    for (size_t i : order) {
        nodes_.push_back(std::move(nodes[i]));
    }
    std::map<std::string, int64_t> position;
    for (size_t i = 0; i < nodes_.size(); ++i) {
        position[nodes_[i].name] = static_cast<int64_t>(i);
        for (auto& [name, tensor] : nodes_[i].tensors) {
            tensor.share();  // calls read the weights without copying them
        }
    }
    sources_.resize(nodes_.size());
    for (size_t i = 0; i < nodes_.size(); ++i) {
        for (const std::string& input_name : nodes_[i].inputs) {
            sources_[i].push_back(input_name == graph_input_name ? -1 : position.at(input_name));
        }
    }
    if (output.empty()) {
        output_ = nodes_.size() - 1;
    } else {
        require(position.count(output) > 0,
                "the network's output " + in_quotes(output) + " is not a node");
        output_ = static_cast<size_t>(position.at(output));
    }
    infer_shapes();
}

int64_t Graph::index_of(const std::string& name) const {
    for (size_t i = 0; i < nodes_.size(); ++i) {
        if (nodes_[i].name == name) {
            return static_cast<int64_t>(i);
        }
    }
    return -1;
}

void bind_operands(OpCall& call, std::vector<Tensor> values) {
    const OpHandler& handler = op_handler(call.op);
    if (handler.takes_input_list) {
        call.inputs = std::move(values);
        return;
    }
    // Operands not given here are constants the call already holds (OpCall::tensors).
    size_t given = 1;
    for (const std::string& operand : handler.operand_args) {
        given += call.tensors.count(operand) > 0 ? 0 : 1;
    }
    require(values.size() == given, call.op + " reads " + std::to_string(given) + " values, got " +
                                        std::to_string(values.size()));
    call.input = std::move(values[0]);
    size_t next = 1;
    for (const std::string& operand : handler.operand_args) {
        if (call.tensors.count(operand) == 0) {
            call.tensors[operand] = std::move(values[next++]);
        }
    }
}

OpCall node_call(const GraphNode& node, std::vector<Tensor> values) {
    OpCall call;
    call.op = node.op;
    call.params = node.params;
    for (const auto& [name, tensor] : node.tensors) {
        if (name == "weight") {
            call.weight = tensor;
        } else if (name == "bias") {
            call.bias = tensor;
        } else {
            call.tensors[name] = tensor;
        }
    }
    bind_operands(call, std::move(values));
    return call;
}

ShapeInfo infer_node_shape(const GraphNode& node, const std::vector<Shape>& input_shapes) {
    // Placeholders are shapes without values (shape inference looks at shapes only), so even
    // a 12-megapixel input allocates nothing.
    std::vector<Tensor> placeholders;
    for (const Shape& shape : input_shapes) {
        placeholders.push_back(Tensor::shape_only(shape));
    }
    return infer_shape(node_call(node, std::move(placeholders)));
}

OpCall Graph::call_of(size_t node, const std::vector<const Tensor*>& values) const {
    std::vector<Tensor> operands;
    for (const Tensor* v : values) {
        operands.push_back(*v);
    }
    return node_call(nodes_[node], std::move(operands));
}

void Graph::infer_shapes() {
    // One example as a batch of 1, read through shape-only placeholders.
    std::vector<Shape> shapes(nodes_.size());
    Shape batch_input = input_;
    batch_input.insert(batch_input.begin(), 1);
    infos_.assign(nodes_.size(), NodeInfo{});
    for (size_t i = 0; i < nodes_.size(); ++i) {
        const GraphNode& node = nodes_[i];
        std::vector<Tensor> placeholders;
        for (int64_t source : sources_[i]) {
            placeholders.push_back(
                Tensor::shape_only(source < 0 ? batch_input : shapes[static_cast<size_t>(source)]));
        }
        const OpCall call = in_node(node, [&] { return node_call(node, std::move(placeholders)); });
        const ShapeInfo info = in_node(node, [&] { return infer_shape(call); });
        shapes[i] = info.shape;
        NodeInfo& out = infos_[i];
        out.output_shape =
            Shape(info.shape.begin() + (info.shape.empty() ? 0 : 1), info.shape.end());
        out.formulas = info.formulas;
        for (const auto& [name, tensor] : node.tensors) {
            if (is_parameter(name)) {
                out.parameter_count += tensor.numel();
            }
        }
        const OpHandler& handler = op_handler(node.op);
        if (handler.multiply_adds) {
            out.multiply_adds = handler.multiply_adds(call, info.shape);
        }
        for (int64_t source : sources_[i]) {
            if (source >= 0) {
                infos_[static_cast<size_t>(source)].consumers.push_back(node.name);
            }
        }
    }
}

int64_t Graph::parameter_count() const {
    int64_t count = 0;
    for (const NodeInfo& info : infos_) {
        count += info.parameter_count;
    }
    return count;
}

std::vector<std::string> Graph::parameter_names() const {
    std::vector<std::string> names;
    for (const GraphNode& node : nodes_) {
        for (const char* tensor : {"weight", "bias"}) {
            if (node.tensors.count(tensor) > 0) {
                names.push_back(node.name + "." + tensor);
            }
        }
    }
    return names;
}

namespace {

// "conv1.weight" → ("conv1", "weight")
std::pair<std::string, std::string> split_parameter(const std::string& name) {
    const size_t dot = name.rfind('.');
    require(dot != std::string::npos && dot > 0,
            "a parameter is named node.tensor, e.g. \"conv1.weight\", not " + in_quotes(name));
    return {name.substr(0, dot), name.substr(dot + 1)};
}

}  // namespace

Tensor& Graph::parameter(const std::string& name) {
    return const_cast<Tensor&>(std::as_const(*this).parameter(name));
}

const Tensor& Graph::parameter(const std::string& name) const {
    const auto [node, tensor] = split_parameter(name);
    const int64_t i = index_of(node);
    require(
        i >= 0 && is_parameter(tensor) && nodes_[static_cast<size_t>(i)].tensors.count(tensor) > 0,
        "the network has no parameter " + in_quotes(name));
    return nodes_[static_cast<size_t>(i)].tensors.at(tensor);
}

GraphRun Graph::run(const Tensor& batch, bool training, uint64_t seed) const {
    Shape want = input_;
    want.insert(want.begin(), batch.dim() > 0 ? batch.size(0) : 0);
    require(batch.shape() == want, "the network takes a batch of shape [N, " +
                                       shape_string(input_).substr(1) + ", got " +
                                       shape_string(batch.shape()));
    GraphRun r;
    r.input = batch;
    r.input.share();
    r.output_index = output_;
    for (size_t i = 0; i < nodes_.size(); ++i) {
        std::vector<const Tensor*> values;
        for (int64_t source : sources_[i]) {
            values.push_back(source < 0 ? &r.input
                                        : &r.results[static_cast<size_t>(source)].output);
        }
        OpCall call = call_of(i, values);
        if (op_handler(call.op).has_training_mode) {
            call.params["training"] = training;
            call.params["seed"] = seed + i;
        }
        OpResult result = in_node(nodes_[i], [&] { return evaluate(call); });
        result.output.share();
        r.calls.push_back(std::move(call));
        r.results.push_back(std::move(result));
    }
    return r;
}

void Graph::update_state(const GraphRun& run) {
    for (size_t i = 0; i < nodes_.size() && i < run.results.size(); ++i) {
        for (const auto& [name, tensor] : run.results[i].updated) {
            nodes_[i].tensors[name] = tensor;
            nodes_[i].tensors[name].share();
        }
    }
}

namespace {

// into += grad, written into whichever of the two owns its values: a shared gradient (add
// hands its upstream gradient, shared, to both operands) is read, never copied first.
// a + b = b + a in floating point, so the bits do not depend on which one is written.
void accumulate(Tensor& into, Tensor&& grad) {
    if (into.dim() == 0 && into.empty()) {
        into = std::move(grad);
        return;
    }
    require(into.shape() == grad.shape(), "backward: gradients of shapes " +
                                              shape_string(into.shape()) + " and " +
                                              shape_string(grad.shape()) + " cannot be added");
    if (into.is_shared() && !grad.is_shared()) {
        std::swap(into, grad);
    }
    Tensor sum = into.is_shared() ? Tensor::uninitialized(into.shape()) : Tensor();
    const float* a = std::as_const(into).data();
    const float* b = std::as_const(grad).data();
    float* out = sum.empty() ? into.data() : sum.data();
    parallel_for(
        0, grad.numel(),
        [&](int64_t begin, int64_t end) {
            for (int64_t k = begin; k < end; ++k) {
                out[k] = a[k] + b[k];
            }
        },
        16384);
    if (!sum.empty()) {
        into = std::move(sum);
    }
}

}  // namespace

GraphGrads Graph::backward(const GraphRun& run, const Tensor& grad_output) const {
    require(run.results.size() == nodes_.size(), "backward needs a run of this network");
    std::vector<Tensor> grads(nodes_.size());
    GraphGrads out;
    for (size_t i = output_ + 1; i-- > 0;) {
        // Only the output node reads grad_output (the nodes after it are not part of the pass,
        // and the nodes before it cannot read it): read in place, not copied.
        if (i != output_) {
            if (grads[i].dim() == 0 && grads[i].empty()) {
                continue;  // the output does not depend on this node
            }
            grads[i].share();  // an op that passes it on unchanged (add) then copies nothing
        }
        const Tensor& upstream = i == output_ ? grad_output : grads[i];
        OpGrads g = in_node(nodes_[i],
                            [&] { return cs::backward(run.calls[i], run.results[i], upstream); });
        for (size_t k = 0; k < sources_[i].size(); ++k) {
            const int64_t source = sources_[i][k];
            accumulate(source < 0 ? out.input : grads[static_cast<size_t>(source)],
                       std::move(g.operands.at(k)));
        }
        for (auto& [name, grad] : g.parameters) {
            out.parameters[nodes_[i].name + "." + name] = std::move(grad);
        }
        grads[i] = Tensor();  // no longer needed: keeps the peak memory of a deep network low
    }
    return out;
}

// ---- the file form ----

Graph graph_from_json(const nlohmann::json& doc) {
    require(doc.is_object(), "a network file must be a JSON object");
    require(doc.value("format", "") == "convscope-graph",
            "not a ConvScope network: \"format\" must be \"convscope-graph\"");
    require(doc.contains("input") && doc["input"].is_array(),
            "a network needs \"input\", one example's shape, e.g. [1, 28, 28]");
    Shape input;
    for (const auto& d : doc["input"]) {
        require(d.is_number_integer() && d.get<int64_t>() > 0,
                "\"input\" must hold positive whole numbers, got " + doc["input"].dump());
        input.push_back(d.get<int64_t>());
    }
    require(doc.contains("nodes") && doc["nodes"].is_array(), "a network needs a list \"nodes\"");
    std::vector<GraphNode> nodes;
    for (const auto& j : doc["nodes"]) {
        const std::string where = "node " + std::to_string(nodes.size());
        require(j.is_object(), where + " must be an object");
        GraphNode node;
        require(j.contains("name") && j["name"].is_string(), where + " needs a \"name\"");
        node.name = j["name"].get<std::string>();
        require(j.contains("op") && j["op"].is_string(),
                "node " + in_quotes(node.name) + " needs an \"op\"");
        node.op = j["op"].get<std::string>();
        if (j.contains("inputs")) {
            require(j["inputs"].is_array(),
                    "node " + in_quotes(node.name) + ": \"inputs\" must be a list of names");
            for (const auto& name : j["inputs"]) {
                require(name.is_string(),
                        "node " + in_quotes(node.name) + ": \"inputs\" must be a list of names");
                node.inputs.push_back(name.get<std::string>());
            }
        }
        if (j.contains("params") && !j["params"].is_null()) {
            require(j["params"].is_object(),
                    "node " + in_quotes(node.name) + ": \"params\" must be an object");
            node.params = j["params"];
        }
        const OpHandler& handler =
            in_node(node, [&]() -> const OpHandler& { return op_handler(node.op); });
        for (const auto& [key, value] : j.items()) {
            if (key == "name" || key == "op" || key == "inputs" || key == "params" ||
                value.is_null()) {
                continue;
            }
            require(is_state_tensor(handler, key),
                    "node " + in_quotes(node.name) + " (" + node.op + "): unknown field " +
                        in_quotes(key) + "; a node has name, op, inputs, params and its tensors");
            node.tensors[key] = tensor_from_json(value, node.name + "." + key);
        }
        nodes.push_back(std::move(node));
    }
    return Graph(std::move(input), std::move(nodes), doc.value("output", std::string()));
}

nlohmann::json graph_to_json(const Graph& graph) {
    nlohmann::json nodes = nlohmann::json::array();
    for (const GraphNode& node : graph.nodes()) {
        nlohmann::json j = {{"name", node.name}, {"op", node.op}, {"inputs", node.inputs}};
        if (!node.params.empty()) {
            j["params"] = node.params;
        }
        for (const auto& [name, tensor] : node.tensors) {
            j[name] = tensor_to_json(tensor);
        }
        nodes.push_back(std::move(j));
    }
    return {{"format", "convscope-graph"},
            {"version", 1},
            {"input", graph.input_shape()},
            {"nodes", std::move(nodes)},
            {"output", graph.output_name()}};
}

bool is_graph_document(const nlohmann::json& doc) {
    return doc.is_object() && doc.contains("format") && doc["format"] == "convscope-graph";
}

Graph read_graph_file(const std::string& path) {
    const std::string text = read_regular_text(path, max_json_file_bytes, "the network file");
    nlohmann::json doc;
    try {
        doc = parse_json_limited(text, in_quotes(path));
    } catch (const nlohmann::json::exception& e) {
        throw Error(in_quotes(path) + " is not valid JSON: " + e.what());
    }
    try {
        return graph_from_json(doc);
    } catch (const nlohmann::json::exception& e) {
        throw Error(in_quotes(path) + ": " + e.what());
    }
}

}  // namespace cs
