#include "engine/model/onnx_import.hpp"

#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <set>

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include "engine/error.hpp"
#include "engine/file_read.hpp"

namespace cs {
namespace {

using Node = onnx::NodeProto;

// A node's reason for not being imported; caught per node, so the rest goes on.
class Unsupported : public Error {
  public:
    using Error::Error;
};

std::string in_quotes(const std::string& text) {
    return "\"" + text + "\"";
}

const onnx::AttributeProto* attribute(const Node& node, const std::string& name) {
    for (const auto& a : node.attribute()) {
        if (a.name() == name) {
            return &a;
        }
    }
    return nullptr;
}

int64_t int_attribute(const Node& node, const std::string& name, int64_t fallback) {
    const auto* a = attribute(node, name);
    return a != nullptr ? a->i() : fallback;
}

double float_attribute(const Node& node, const std::string& name, double fallback) {
    const auto* a = attribute(node, name);
    return a != nullptr ? static_cast<double>(a->f()) : fallback;
}

std::vector<int64_t> ints_attribute(const Node& node, const std::string& name,
                                    std::vector<int64_t> fallback) {
    const auto* a = attribute(node, name);
    return a != nullptr ? std::vector<int64_t>(a->ints().begin(), a->ints().end()) : fallback;
}

std::string string_attribute(const Node& node, const std::string& name,
                             const std::string& fallback) {
    const auto* a = attribute(node, name);
    return a != nullptr ? a->s() : fallback;
}

template <typename T>
std::vector<T> raw_values(const std::string& raw, size_t count) {
    require(raw.size() == count * sizeof(T), "its raw data has the wrong length");
    std::vector<T> values(count);
    std::memcpy(values.data(), raw.data(), raw.size());  // ONNX stores little-endian
    return values;
}

// A stored tensor's values as doubles (float, double, int32, int64).
std::vector<double> stored_values(const onnx::TensorProto& t, size_t count) {
    require(t.data_location() != onnx::TensorProto::EXTERNAL,
            "its values are in an external file, which is not supported");
    const bool raw = t.has_raw_data();
    std::vector<double> out;
    switch (t.data_type()) {
        case onnx::TensorProto::FLOAT: {
            const std::vector<float> v =
                raw ? raw_values<float>(t.raw_data(), count)
                    : std::vector<float>(t.float_data().begin(), t.float_data().end());
            out.assign(v.begin(), v.end());
            break;
        }
        case onnx::TensorProto::DOUBLE: {
            out = raw ? raw_values<double>(t.raw_data(), count)
                      : std::vector<double>(t.double_data().begin(), t.double_data().end());
            break;
        }
        case onnx::TensorProto::INT64: {
            const std::vector<int64_t> v =
                raw ? raw_values<int64_t>(t.raw_data(), count)
                    : std::vector<int64_t>(t.int64_data().begin(), t.int64_data().end());
            out.assign(v.begin(), v.end());
            break;
        }
        case onnx::TensorProto::INT32: {
            const std::vector<int32_t> v =
                raw ? raw_values<int32_t>(t.raw_data(), count)
                    : std::vector<int32_t>(t.int32_data().begin(), t.int32_data().end());
            out.assign(v.begin(), v.end());
            break;
        }
        default:
            throw Unsupported("its element type (" + std::to_string(t.data_type()) +
                              ") is not float, double or integer");
    }
    require(out.size() == count, "it holds " + std::to_string(out.size()) + " values for " +
                                     std::to_string(count) + " elements");
    return out;
}

Tensor tensor_of(const onnx::TensorProto& t) {
    Shape shape(t.dims().begin(), t.dims().end());
    const std::vector<double> values = stored_values(t, static_cast<size_t>(shape_numel(shape)));
    Tensor out = Tensor::uninitialized(shape);
    for (size_t i = 0; i < values.size(); ++i) {
        out.data()[i] = static_cast<float>(values[i]);
    }
    return out;
}

// Pads [top, left, bottom, right] as torch's symmetric padding (height, width).
nlohmann::json symmetric_padding(const Node& node) {
    const std::string auto_pad = string_attribute(node, "auto_pad", "NOTSET");
    require(auto_pad == "NOTSET" || auto_pad == "VALID",
            "auto_pad " + auto_pad + " (padding that depends on the input size) is not supported");
    const std::vector<int64_t> pads = ints_attribute(node, "pads", {0, 0, 0, 0});
    require(pads.size() == 4, "only 2-D windows (4 pads) are supported");
    if (pads[0] != pads[2] || pads[1] != pads[3]) {
        throw Unsupported("its padding is not the same on both sides (pads " +
                          std::to_string(pads[0]) + ", " + std::to_string(pads[1]) + ", " +
                          std::to_string(pads[2]) + ", " + std::to_string(pads[3]) + ")");
    }
    return nlohmann::json::array({pads[0], pads[1]});
}

nlohmann::json pair_attribute(const Node& node, const std::string& name, int64_t fallback) {
    const std::vector<int64_t> v = ints_attribute(node, name, {fallback, fallback});
    require(v.size() == 2, name + " must have two values (2-D)");
    return nlohmann::json::array({v[0], v[1]});
}

// The values of the model as the importer goes: each ONNX value name is a graph value (a node's
// output or the input) or a constant (an initializer or a Constant node).
struct Values {
    std::map<std::string, std::string> graph;  // ONNX name → graph value name
    std::map<std::string, Tensor> constants;
    std::map<std::string, std::string> missing;  // ONNX name → the node that could not give it
};

class Importer {
  public:
    Importer(const onnx::GraphProto& g, int64_t opset) : g_(g), opset_(opset) {}

    std::vector<GraphNode> nodes;
    std::vector<std::string> problems;
    Values values;

    void import_node(const Node& node) {
        const std::string where = "node " + in_quotes(node_name(node)) + " (" + node.op_type() +
                                  ", opset " + std::to_string(opset_) + ")";
        for (const std::string& input : node.input()) {
            if (values.missing.count(input) > 0) {
                fail(node, where + " reads " + in_quotes(input) + ", which node " +
                               in_quotes(values.missing.at(input)) + " could not give");
                return;
            }
        }
        try {
            map_node(node);
        } catch (const Error& e) {
            fail(node, where + ": " + e.what());
        }
    }

  private:
    void fail(const Node& node, const std::string& why) {
        problems.push_back(why);
        for (const std::string& output : node.output()) {
            values.missing[output] = node_name(node);
        }
    }

    std::string node_name(const Node& node) const {
        return node.name().empty() ? (node.output_size() > 0 ? node.output(0) : node.op_type())
                                   : node.name();
    }

    const std::string& value(const Node& node, int k) const {
        require(k < node.input_size() && !node.input(k).empty(),
                "input " + std::to_string(k + 1) + " is missing");
        const auto it = values.graph.find(node.input(k));
        if (it == values.graph.end()) {
            throw Unsupported("input " + in_quotes(node.input(k)) +
                              " is a constant or unknown value, not a computed one");
        }
        return it->second;
    }

    bool has_input(const Node& node, int k) const {
        return k < node.input_size() && !node.input(k).empty();
    }

    const Tensor& constant(const Node& node, int k) const {
        require(has_input(node, k), "input " + std::to_string(k + 1) + " is missing");
        const auto it = values.constants.find(node.input(k));
        if (it == values.constants.end()) {
            throw Unsupported("input " + in_quotes(node.input(k)) +
                              " must be a stored constant (an initializer)");
        }
        return it->second;
    }

    // A node of the engine's op `op`, reading the ONNX inputs `reads`.
    GraphNode& add(const Node& node, const std::string& op, const std::vector<int>& reads,
                   nlohmann::json params = nlohmann::json::object()) {
        GraphNode n;
        n.name = unique_name(node_name(node));
        n.op = op;
        for (int k : reads) {
            n.inputs.push_back(value(node, k));
        }
        n.params = std::move(params);
        nodes.push_back(std::move(n));
        values.graph[node.output(0)] = nodes.back().name;
        return nodes.back();
    }

    std::string unique_name(std::string name) {
        if (name == graph_input_name) {
            name = "input_node";
        }
        std::string candidate = name;
        for (int k = 2; used_.count(candidate) > 0; ++k) {
            candidate = name + "_" + std::to_string(k);
        }
        used_.insert(candidate);
        return candidate;
    }

    // The node passes its input on unchanged (Identity, Dropout in inference).
    void alias(const Node& node) { values.graph[node.output(0)] = value(node, 0); }

    void map_node(const Node& node);
    void map_conv(const Node& node);
    void map_pool(const Node& node, const std::string& op);
    void map_gemm(const Node& node);
    void map_clip(const Node& node);
    void map_batch_norm(const Node& node);

    const onnx::GraphProto& g_;
    int64_t opset_;
    std::set<std::string> used_;
};

void Importer::map_conv(const Node& node) {
    const Tensor& weight = constant(node, 1);
    if (weight.dim() != 4) {
        throw Unsupported("only 2-D convolutions are supported (weight " +
                          shape_string(weight.shape()) + ")");
    }
    GraphNode& n = add(node, "conv2d", {0},
                       {{"stride", pair_attribute(node, "strides", 1)},
                        {"padding", symmetric_padding(node)},
                        {"dilation", pair_attribute(node, "dilations", 1)},
                        {"groups", int_attribute(node, "group", 1)}});
    n.tensors["weight"] = weight;
    if (has_input(node, 2)) {
        n.tensors["bias"] = constant(node, 2);
    }
}

void Importer::map_pool(const Node& node, const std::string& op) {
    if (node.output_size() > 1 && !node.output(1).empty()) {
        throw Unsupported("the indices output of MaxPool is not supported");
    }
    nlohmann::json params = {{"kernel_size", pair_attribute(node, "kernel_shape", 1)},
                             {"stride", pair_attribute(node, "strides", 1)},
                             {"padding", symmetric_padding(node)},
                             {"ceil_mode", int_attribute(node, "ceil_mode", 0) != 0}};
    if (op == "max_pool2d") {
        params["dilation"] = pair_attribute(node, "dilations", 1);
    } else {
        params["count_include_pad"] = int_attribute(node, "count_include_pad", 0) != 0;
    }
    add(node, op, {0}, std::move(params));
}

void Importer::map_gemm(const Node& node) {
    require(int_attribute(node, "transA", 0) == 0, "transA = 1 is not supported");
    const double alpha = float_attribute(node, "alpha", 1.0);
    const double beta = float_attribute(node, "beta", 1.0);
    Tensor weight = constant(node, 1);
    require(weight.dim() == 2, "B must be a matrix");
    if (int_attribute(node, "transB", 0) == 0) {  // y = A·B: linear's weight is Bᵀ
        Tensor transposed = Tensor::uninitialized({weight.size(1), weight.size(0)});
        for (int64_t r = 0; r < weight.size(0); ++r) {
            for (int64_t c = 0; c < weight.size(1); ++c) {
                transposed.data()[c * weight.size(0) + r] = weight.data()[r * weight.size(1) + c];
            }
        }
        weight = std::move(transposed);
    }
    for (float& v : weight.values()) {
        v = static_cast<float>(v * alpha);
    }
    GraphNode& n = add(node, "linear", {0});
    n.tensors["weight"] = std::move(weight);
    if (has_input(node, 2)) {
        Tensor bias = constant(node, 2);
        require(bias.numel() == n.tensors["weight"].size(0),
                "C must hold one value per output (broadcast C is not supported)");
        bias =
            Tensor({bias.numel()}, std::vector<float>(bias.values().begin(), bias.values().end()));
        for (float& v : bias.values()) {
            v = static_cast<float>(v * beta);
        }
        n.tensors["bias"] = std::move(bias);
    }
}

void Importer::map_clip(const Node& node) {
    nlohmann::json params = nlohmann::json::object();
    if (opset_ < 11) {  // bounds as attributes
        if (const auto* a = attribute(node, "min")) {
            params["min"] = a->f();
        }
        if (const auto* a = attribute(node, "max")) {
            params["max"] = a->f();
        }
    } else {  // bounds as optional inputs, which must be constants
        if (has_input(node, 1)) {
            params["min"] = constant(node, 1).values().at(0);
        }
        if (has_input(node, 2)) {
            params["max"] = constant(node, 2).values().at(0);
        }
    }
    add(node, "clamp", {0}, std::move(params));
}

void Importer::map_batch_norm(const Node& node) {
    if (int_attribute(node, "training_mode", 0) != 0 || node.output_size() > 1) {
        throw Unsupported("training mode is not supported; export the model in eval mode");
    }
    // ONNX's momentum weighs the old running statistics, torch's the new batch's.
    GraphNode& n = add(node, "batch_norm2d", {0},
                       {{"eps", float_attribute(node, "epsilon", 1e-5)},
                        {"momentum", 1.0 - float_attribute(node, "momentum", 0.9)}});
    n.tensors["weight"] = constant(node, 1);
    n.tensors["bias"] = constant(node, 2);
    n.tensors["running_mean"] = constant(node, 3);
    n.tensors["running_var"] = constant(node, 4);
}

void Importer::map_node(const Node& node) {
    const std::string& type = node.op_type();
    require(node.domain().empty() || node.domain() == "ai.onnx",
            "operators of the domain " + in_quotes(node.domain()) + " are not supported");
    if (type == "Constant") {
        const auto* a = attribute(node, "value");
        if (a == nullptr || !a->has_t()) {
            throw Unsupported("only tensor constants (\"value\") are supported");
        }
        values.constants[node.output(0)] = tensor_of(a->t());
    } else if (type == "Conv") {
        map_conv(node);
    } else if (type == "Relu" || type == "Sigmoid" || type == "Tanh") {
        add(node, type == "Relu" ? "relu" : type == "Sigmoid" ? "sigmoid" : "tanh", {0});
    } else if (type == "LeakyRelu") {
        add(node, "leaky_relu", {0}, {{"negative_slope", float_attribute(node, "alpha", 0.01)}});
    } else if (type == "Clip") {
        map_clip(node);
    } else if (type == "MaxPool") {
        map_pool(node, "max_pool2d");
    } else if (type == "AveragePool") {
        map_pool(node, "avg_pool2d");
    } else if (type == "GlobalAveragePool" || type == "GlobalMaxPool") {
        add(node, type == "GlobalAveragePool" ? "adaptive_avg_pool2d" : "adaptive_max_pool2d", {0},
            {{"output_size", 1}});
    } else if (type == "BatchNormalization") {
        map_batch_norm(node);
    } else if (type == "Gemm") {
        map_gemm(node);
    } else if (type == "Flatten") {
        const int64_t axis = int_attribute(node, "axis", 1);
        if (axis != 1) {
            throw Unsupported("only axis 1 (one row per example) is supported, got " +
                              std::to_string(axis));
        }
        add(node, "flatten", {0}, {{"start_dim", 1}});
    } else if (type == "Add") {
        add(node, "add", {0, 1});
    } else if (type == "Concat") {
        std::vector<int> reads;
        for (int k = 0; k < node.input_size(); ++k) {
            reads.push_back(k);
        }
        add(node, "cat", reads, {{"dim", int_attribute(node, "axis", 0)}});
    } else if (type == "Softmax") {
        add(node, "softmax", {0}, {{"dim", int_attribute(node, "axis", opset_ < 13 ? 1 : -1)}});
    } else if (type == "LRN") {
        add(node, "local_response_norm", {0},
            {{"size", int_attribute(node, "size", 1)},
             {"alpha", float_attribute(node, "alpha", 1e-4)},
             {"beta", float_attribute(node, "beta", 0.75)},
             {"k", float_attribute(node, "bias", 1.0)}});
    } else if (type == "Identity" || type == "Dropout") {
        if (type == "Dropout" && node.output_size() > 1 && !node.output(1).empty()) {
            throw Unsupported("the mask output of Dropout is not supported");
        }
        alias(node);
    } else if (type == "Reshape") {
        // torch's x.view(N, -1): two entries, the second −1 (or 0 kept for the batch).
        const Tensor& shape = constant(node, 1);
        if (shape.numel() != 2 || shape.values()[1] != -1.0f) {
            throw Unsupported("only a reshape to one row per example ([N, -1]) is supported");
        }
        add(node, "flatten", {0}, {{"start_dim", 1}});
    } else {
        throw Unsupported("the engine has no op for it yet");
    }
}

Shape input_shape_of(const onnx::ValueInfoProto& input, const std::optional<Shape>& given) {
    if (given) {
        return *given;
    }
    const auto& type = input.type().tensor_type();
    Shape shape;
    for (int d = 1; d < type.shape().dim_size(); ++d) {  // without the batch dimension
        const auto& dim = type.shape().dim(d);
        require(dim.has_dim_value() && dim.dim_value() > 0,
                "the model's input " + in_quotes(input.name()) + " leaves dimension " +
                    std::to_string(d) + " open; give the input's shape (C, H, W)");
        shape.push_back(dim.dim_value());
    }
    require(!shape.empty(), "the model's input " + in_quotes(input.name()) + " has no shape");
    return shape;
}

}  // namespace

OnnxModel parse_onnx(const std::string& bytes, const std::string& name,
                     const std::optional<Shape>& input_shape) {
    onnx::ModelProto model;
    require(model.ParseFromString(bytes),
            name + " is not an ONNX model (its bytes are not a ModelProto)");
    try {
        onnx::checker::check_model(model);
    } catch (const std::exception& e) {
        throw Error(name + " is not a valid ONNX model: " + e.what());
    }
    int64_t opset = 0;
    for (const auto& o : model.opset_import()) {
        if (o.domain().empty() || o.domain() == "ai.onnx") {
            opset = o.version();
        }
    }
    const onnx::GraphProto& g = model.graph();
    Importer importer(g, opset);
    for (const auto& init : g.initializer()) {
        try {
            importer.values.constants[init.name()] = tensor_of(init);
        } catch (const Error& e) {
            importer.values.missing[init.name()] = init.name();
            importer.problems.push_back("initializer " + in_quotes(init.name()) + ": " + e.what());
        }
    }
    std::string input_name;
    for (const auto& input : g.input()) {
        if (importer.values.constants.count(input.name()) == 0 && input_name.empty()) {
            input_name = input.name();
        }
    }
    require(!input_name.empty(), name + " has no input that is not a stored constant");
    importer.values.graph[input_name] = graph_input_name;
    const onnx::ValueInfoProto* input_info = nullptr;
    for (const auto& input : g.input()) {
        if (input.name() == input_name) {
            input_info = &input;
        }
    }
    const Shape shape = input_shape_of(*input_info, input_shape);
    for (const Node& node : g.node()) {
        importer.import_node(node);
    }
    require(!importer.nodes.empty(),
            name + ": no node could be imported" +
                (importer.problems.empty() ? std::string() : "; " + importer.problems.front()));
    std::string output;
    std::string output_value;
    for (const auto& out : g.output()) {
        const auto it = importer.values.graph.find(out.name());
        if (it != importer.values.graph.end() && it->second != graph_input_name) {
            output = it->second;
            output_value = out.name();
            break;
        }
    }
    if (output.empty()) {
        importer.problems.push_back(
            "the model's output could not be imported; the graph ends at "
            "the last node that could");
    }
    Graph graph = [&] {
        try {
            return Graph(shape, importer.nodes, output);
        } catch (const Error& e) {
            throw Error(name + ": " + e.what());
        }
    }();
    return OnnxModel{std::move(graph),
                     input_name,
                     output_value,
                     std::move(importer.problems),
                     opset,
                     model.producer_name() + " " + model.producer_version(),
                     g.node_size()};
}

OnnxModel read_onnx_file(const std::string& path, const std::optional<Shape>& input_shape) {
    return parse_onnx(read_regular_text(path, max_onnx_file_bytes, "the model"), "\"" + path + "\"",
                      input_shape);
}

}  // namespace cs
