#include "engine/model/onnx_import.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/model/onnx_constants.hpp"

namespace cs {
namespace {

using Node = onnx::NodeProto;
using namespace onnx_import;

// A node's reason for not being imported; caught per node, so the rest goes on.
class Unsupported : public Error {
  public:
    using Error::Error;
};

std::string in_quotes(const std::string& text) {
    return "\"" + text + "\"";
}

// The cells a window op adds around its input, worked out from ONNX's pads or auto_pad.
struct Pads {
    int64_t top = 0, left = 0, bottom = 0, right = 0;
    bool symmetric() const { return top == bottom && left == right; }
    bool any() const { return top + left + bottom + right > 0; }
};

// auto_pad SAME_UPPER / SAME_LOWER: enough padding that the output has ⌈in / stride⌉ cells,
// the odd cell at the end (UPPER) or at the start (LOWER).
std::array<int64_t, 2> same_padding(int64_t in, int64_t stride, int64_t span, bool upper) {
    const int64_t out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>(0, (out - 1) * stride + span - in);
    const int64_t before = upper ? total / 2 : total - total / 2;
    return {before, total - before};
}

// Whether torch's ceil mode with the padding of the start gives the windows that floor mode
// with `pads` gives (more padding at the end than at the start, completing a last window).
bool ceil_mode_covers(const Pads& pads, std::array<int64_t, 2> spans,
                      std::array<int64_t, 2> strides, std::array<int64_t, 2> in) {
    const std::array<int64_t, 2> before = {pads.top, pads.left};
    const std::array<int64_t, 2> after = {pads.bottom, pads.right};
    for (size_t axis = 0; axis < 2; ++axis) {
        const int64_t p = before[axis], s = strides[axis], k = spans[axis], n = in[axis];
        if (after[axis] < p || 2 * p > k) {
            return false;
        }
        const int64_t onnx_out = (n + p + after[axis] - k) / s + 1;
        int64_t torch_out = (n + 2 * p - k + s - 1) / s + 1;
        if ((torch_out - 1) * s >= n + p) {
            --torch_out;  // torch's last window must start inside the input or its padding
        }
        if (onnx_out != torch_out) {
            return false;
        }
    }
    return true;
}

// `spans`: the window's extent (dilation · (k − 1) + 1) along height and width; `in`: the
// input's height and width.
Pads window_pads(const Node& node, std::array<int64_t, 2> spans, std::array<int64_t, 2> strides,
                 std::array<int64_t, 2> in) {
    require(strides[0] >= 1 && strides[1] >= 1 && spans[0] >= 1 && spans[1] >= 1,
            "strides, kernel_shape and dilations must be at least 1");
    const std::string auto_pad = string_attribute(node, "auto_pad", "NOTSET");
    if (auto_pad == "VALID") {
        return {};
    }
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
        const bool upper = auto_pad == "SAME_UPPER";
        const auto [top, bottom] = same_padding(in[0], strides[0], spans[0], upper);
        const auto [left, right] = same_padding(in[1], strides[1], spans[1], upper);
        return {top, left, bottom, right};
    }
    require(auto_pad == "NOTSET", "auto_pad " + in_quotes(auto_pad) + " is not one ONNX defines");
    const std::vector<int64_t> pads = ints_attribute(node, "pads", {0, 0, 0, 0});
    require(pads.size() == 4, "only 2-D windows (4 pads) are supported");
    for (int64_t pad : pads) {
        require(pad >= 0 && pad <= 4096, "its pads must be between 0 and 4096");
    }
    return {pads[0], pads[1], pads[2], pads[3]};
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
    std::map<std::string, Constant> constants;
    std::map<std::string, std::string> missing;  // ONNX name → the node that could not give it
};

class Importer {
  public:
    Importer(const onnx::GraphProto& g, int64_t opset) : g_(g), opset_(opset) {}

    std::vector<GraphNode> nodes;
    std::vector<std::string> problems;
    Values values;
    std::map<std::string, Shape> shapes;  // graph value name → its shape for a batch of 1

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
        const size_t before = nodes.size();
        try {
            map_node(node);
            infer_shapes_from(before);
        } catch (const Error& e) {
            nodes.resize(before);
            for (const std::string& output : node.output()) {
                values.graph.erase(output);
            }
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

    // The shapes of the nodes a mapping added, now, so that a mismatch (a join of two sizes,
    // a kernel larger than its input) is this node's problem and not the whole model's.
    void infer_shapes_from(size_t first) {
        for (size_t i = first; i < nodes.size(); ++i) {
            std::vector<Shape> inputs;
            for (const std::string& input : nodes[i].inputs) {
                inputs.push_back(shapes.at(input));
            }
            shapes[nodes[i].name] = infer_node_shape(nodes[i], inputs).shape;
        }
    }

    std::string node_name(const Node& node) const {
        return node.name().empty() ? (node.output_size() > 0 ? node.output(0) : node.op_type())
                                   : node.name();
    }

    bool is_computed(const Node& node, int k) const {
        return has_input(node, k) && values.graph.count(node.input(k)) > 0;
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

    // The shape of computed input k (batch of 1 first). Nodes mapped earlier have theirs.
    const Shape& shape_of(const Node& node, int k) const { return shapes.at(value(node, k)); }

    bool has_input(const Node& node, int k) const {
        return k < node.input_size() && !node.input(k).empty();
    }

    const Constant& stored(const Node& node, int k) const {
        require(has_input(node, k), "input " + std::to_string(k + 1) + " is missing");
        const auto it = values.constants.find(node.input(k));
        if (it == values.constants.end()) {
            throw Unsupported("input " + in_quotes(node.input(k)) +
                              " must be a stored constant (an initializer)");
        }
        return it->second;
    }

    Tensor constant(const Node& node, int k) const { return to_tensor(stored(node, k)); }

    // An optional constant input that may also be given as an empty tensor (Resize's scales).
    std::optional<Constant> optional_constant(const Node& node, int k) const {
        if (!has_input(node, k) || stored(node, k).numel() == 0) {
            return std::nullopt;
        }
        return stored(node, k);
    }

    // Works out a node whose inputs are all constants (shape arithmetic), or the shape of a
    // computed value; false when the node is not one of these.
    bool fold(const Node& node) {
        if (node.op_type() == "Shape" && is_computed(node, 0)) {
            Constant shape;
            for (int64_t d : shape_of(node, 0)) {
                shape.values.push_back(static_cast<double>(d));
            }
            shape.shape = {static_cast<int64_t>(shape.values.size())};
            values.constants[node.output(0)] = std::move(shape);
            return true;
        }
        std::vector<const Constant*> inputs;
        for (int k = 0; k < node.input_size(); ++k) {
            if (node.input(k).empty()) {
                inputs.push_back(nullptr);
                continue;
            }
            const auto it = values.constants.find(node.input(k));
            if (it == values.constants.end()) {
                return false;
            }
            inputs.push_back(&it->second);
        }
        std::optional<Constant> result = fold_constant(node, inputs, opset_);
        if (!result) {
            return false;
        }
        // Shape arithmetic is small: a model that makes more of it is refused, not followed.
        folded_values_ += result->numel();
        require(folded_values_ <= max_folded_values, "the model works out more than " +
                                                         std::to_string(max_folded_values) +
                                                         " values of constants at import");
        values.constants[node.output(0)] = std::move(*result);
        return true;
    }

    // A node of the engine's op `op` reading graph values `inputs`, named after `node` (with
    // `suffix` for a helper node that comes before the node's own).
    GraphNode& append(const Node& node, const std::string& op, std::vector<std::string> inputs,
                      nlohmann::json params, const std::string& suffix = "") {
        GraphNode n;
        n.name = unique_name(node_name(node) + suffix);
        n.op = op;
        n.inputs = std::move(inputs);
        n.params = std::move(params);
        nodes.push_back(std::move(n));
        return nodes.back();
    }

    // A node of the engine's op `op`, reading the ONNX inputs `reads`, giving the node's output.
    GraphNode& add(const Node& node, const std::string& op, const std::vector<int>& reads,
                   nlohmann::json params = nlohmann::json::object()) {
        std::vector<std::string> inputs;
        for (int k : reads) {
            inputs.push_back(value(node, k));
        }
        GraphNode& n = append(node, op, std::move(inputs), std::move(params));
        values.graph[node.output(0)] = n.name;
        return n;
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

    // Input 0 of a window op, with the padding torch cannot express (unequal sides, from
    // auto_pad SAME or asymmetric pads) put in a pad node before it; returns the value the op
    // reads and the padding left for the op itself, which is then the same on both sides.
    std::pair<std::string, nlohmann::json> padded_input(const Node& node, const Pads& pads,
                                                        float fill) {
        const std::string& source = value(node, 0);
        if (pads.symmetric()) {
            return {source, nlohmann::json::array({pads.top, pads.left})};
        }
        nlohmann::json params = {{"pad", {pads.left, pads.right, pads.top, pads.bottom}}};
        if (fill != 0.0f) {
            params["value"] = fill;
        }
        const GraphNode& pad = append(node, "pad", {source}, std::move(params), "_pad");
        return {pad.name, nlohmann::json::array({0, 0})};
    }

    std::array<int64_t, 2> spatial_in(const Node& node) const {
        const Shape& in = shape_of(node, 0);
        require(in.size() == 4, "its input must be (N, C, H, W), got " + shape_string(in));
        return {in[2], in[3]};
    }

    void map_node(const Node& node);
    void map_conv(const Node& node);
    void map_conv_transpose(const Node& node);
    void map_pool(const Node& node, const std::string& op);
    void map_lp_pool(const Node& node);
    void map_gemm(const Node& node);
    void map_matmul(const Node& node);
    void map_clip(const Node& node);
    void map_batch_norm(const Node& node);
    void map_arithmetic(const Node& node);
    void map_pad(const Node& node);
    void map_resize(const Node& node);

    static constexpr int64_t max_folded_values = int64_t{1} << 24;

    const onnx::GraphProto& g_;
    int64_t opset_;
    std::set<std::string> used_;
    int64_t folded_values_ = 0;
};

std::array<int64_t, 2> pair_of(const nlohmann::json& pair) {
    return {pair[0].get<int64_t>(), pair[1].get<int64_t>()};
}

void Importer::map_conv(const Node& node) {
    const Tensor weight = constant(node, 1);
    if (weight.dim() != 4) {
        throw Unsupported("only 2-D convolutions are supported (weight " +
                          shape_string(weight.shape()) + ")");
    }
    const nlohmann::json stride = pair_attribute(node, "strides", 1);
    const nlohmann::json dilation = pair_attribute(node, "dilations", 1);
    const auto [dh, dw] = pair_of(dilation);
    const Pads pads =
        window_pads(node, {dh * (weight.size(2) - 1) + 1, dw * (weight.size(3) - 1) + 1},
                    pair_of(stride), spatial_in(node));
    auto [source, padding] = padded_input(node, pads, 0.0f);
    GraphNode& n = append(node, "conv2d", {source},
                          {{"stride", stride},
                           {"padding", padding},
                           {"dilation", dilation},
                           {"groups", int_attribute(node, "group", 1)}});
    n.tensors["weight"] = weight;
    if (has_input(node, 2)) {
        n.tensors["bias"] = constant(node, 2);
    }
    values.graph[node.output(0)] = n.name;
}

// ConvTranspose crops pads[begin] cells from the start of the full output and pads[end] from
// its end (after output_padding's extra cells); torch crops `padding` from the start and
// padding − output_padding from the end, so padding = begin, output_padding = opad + begin − end.
void Importer::map_conv_transpose(const Node& node) {
    const Tensor weight = constant(node, 1);
    if (weight.dim() != 4) {
        throw Unsupported("only 2-D transposed convolutions are supported (weight " +
                          shape_string(weight.shape()) + ")");
    }
    const std::array<int64_t, 2> stride = pair_of(pair_attribute(node, "strides", 1));
    const std::array<int64_t, 2> dilation = pair_of(pair_attribute(node, "dilations", 1));
    const std::array<int64_t, 2> extra = pair_of(pair_attribute(node, "output_padding", 0));
    const std::array<int64_t, 2> in = spatial_in(node);
    const std::string auto_pad = string_attribute(node, "auto_pad", "NOTSET");
    const std::vector<int64_t> output_shape = ints_attribute(node, "output_shape", {});
    const std::vector<int64_t> pads = ints_attribute(node, "pads", {0, 0, 0, 0});
    require(pads.size() == 4, "only 2-D windows (4 pads) are supported");
    std::array<int64_t, 2> padding{}, output_padding{};
    for (size_t axis = 0; axis < 2; ++axis) {
        const int64_t span = dilation[axis] * (weight.size(2 + axis) - 1) + 1;
        const int64_t full = stride[axis] * (in[axis] - 1) + extra[axis] + span;
        int64_t begin = pads[axis], end = pads[axis + 2];
        if (!output_shape.empty() || auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
            require(output_shape.empty() || output_shape.size() == 2,
                    "output_shape must give a height and a width");
            const int64_t out = output_shape.empty() ? in[axis] * stride[axis] : output_shape[axis];
            const int64_t total = full - out;
            require(total >= 0, "its output_shape " + std::to_string(out) +
                                    " is larger than the full output " + std::to_string(full));
            const bool upper = auto_pad == "SAME_UPPER";
            end = upper ? total - total / 2 : total / 2;
            begin = total - end;
        } else if (auto_pad == "VALID") {
            begin = end = 0;
        }
        padding[axis] = begin;
        output_padding[axis] = extra[axis] + begin - end;
        if (output_padding[axis] < 0 ||
            output_padding[axis] >= std::max(stride[axis], dilation[axis])) {
            throw Unsupported("its padding (" + std::to_string(begin) + " before, " +
                              std::to_string(end) +
                              " after) cannot be written as torch's padding and output_padding");
        }
    }
    GraphNode& n = add(node, "conv_transpose2d", {0},
                       {{"stride", stride},
                        {"padding", padding},
                        {"output_padding", output_padding},
                        {"dilation", dilation},
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
    const nlohmann::json kernel = pair_attribute(node, "kernel_shape", 1);
    const nlohmann::json stride = pair_attribute(node, "strides", 1);
    const nlohmann::json dilation = pair_attribute(node, "dilations", 1);
    const auto [kh, kw] = pair_of(kernel);
    const auto [dh, dw] = pair_of(dilation);
    const bool max = op == "max_pool2d";
    const Pads pads = window_pads(node, {dh * (kh - 1) + 1, dw * (kw - 1) + 1}, pair_of(stride),
                                  spatial_in(node));
    const bool include_pad = int_attribute(node, "count_include_pad", 0) != 0;
    bool ceil_mode = int_attribute(node, "ceil_mode", 0) != 0;
    std::string source = value(node, 0);
    nlohmann::json padding;
    if (!max && !include_pad && !pads.symmetric()) {
        // Padding at the end that only completes a last window, as ConvScope's own export
        // writes ceil_mode: torch's ceil mode with the padding of the start.
        if (ceil_mode || !ceil_mode_covers(pads, {kh, kw}, pair_of(stride), spatial_in(node))) {
            throw Unsupported(
                "average pooling that leaves unequal padding out of its count is "
                "not supported");
        }
        padding = nlohmann::json::array({pads.top, pads.left});
        ceil_mode = true;
    } else {
        // The pad node's cells must never win a max: the lowest float stands in for −∞.
        std::tie(source, padding) = padded_input(node, pads, max ? -FLT_MAX : 0.0f);
    }
    nlohmann::json params = {{"kernel_size", kernel},
                             {"stride", stride},
                             {"padding", padding},
                             {"ceil_mode", ceil_mode}};
    if (max) {
        params["dilation"] = dilation;
    } else {
        require(dh == 1 && dw == 1, "average pooling with dilation is not supported");
        params["count_include_pad"] = include_pad || (!pads.symmetric() && !ceil_mode);
    }
    values.graph[node.output(0)] = append(node, op, {source}, std::move(params)).name;
}

// LpPool: (Σ |x|^p)^(1/p) over each window. torch's lp_pool2d takes x^p without the absolute
// value, the same for even p; it has no padding, so any padding becomes a pad node of zeros.
void Importer::map_lp_pool(const Node& node) {
    const int64_t p = int_attribute(node, "p", 2);
    if (p <= 0 || p % 2 != 0) {
        throw Unsupported("only even p is supported (torch's lp_pool2d does not take |x|), got " +
                          std::to_string(p));
    }
    const nlohmann::json kernel = pair_attribute(node, "kernel_shape", 1);
    const nlohmann::json stride = pair_attribute(node, "strides", 1);
    require(pair_attribute(node, "dilations", 1) == nlohmann::json::array({1, 1}),
            "LpPool with dilation is not supported");
    const auto [kh, kw] = pair_of(kernel);
    const Pads pads = window_pads(node, {kh, kw}, pair_of(stride), spatial_in(node));
    std::string source = value(node, 0);
    if (pads.any()) {
        source = append(node, "pad", {source},
                        {{"pad", {pads.left, pads.right, pads.top, pads.bottom}}}, "_pad")
                     .name;
    }
    values.graph[node.output(0)] = append(node, "lp_pool2d", {source},
                                          {{"norm_type", p},
                                           {"kernel_size", kernel},
                                           {"stride", stride},
                                           {"ceil_mode", int_attribute(node, "ceil_mode", 0) != 0}})
                                       .name;
}

Tensor transposed(const Tensor& matrix) {
    Tensor out = Tensor::uninitialized({matrix.size(1), matrix.size(0)});
    for (int64_t r = 0; r < matrix.size(0); ++r) {
        for (int64_t c = 0; c < matrix.size(1); ++c) {
            out.data()[c * matrix.size(0) + r] = matrix.data()[r * matrix.size(1) + c];
        }
    }
    return out;
}

void Importer::map_gemm(const Node& node) {
    require(int_attribute(node, "transA", 0) == 0, "transA = 1 is not supported");
    const double alpha = float_attribute(node, "alpha", 1.0);
    const double beta = float_attribute(node, "beta", 1.0);
    Tensor weight = constant(node, 1);
    require(weight.dim() == 2, "B must be a matrix");
    if (int_attribute(node, "transB", 0) == 0) {  // y = A·B: linear's weight is Bᵀ
        weight = transposed(weight);
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

// A · B with B a stored matrix: a dense layer without bias (its weight Bᵀ).
void Importer::map_matmul(const Node& node) {
    if (!is_computed(node, 0) || is_computed(node, 1)) {
        throw Unsupported("only a computed value times a stored matrix is supported");
    }
    const Tensor b = constant(node, 1);
    require(b.dim() == 2, "B must be a matrix, got " + shape_string(b.shape()));
    require(shape_of(node, 0).size() == 2,
            "A must be one row per example, got " + shape_string(shape_of(node, 0)));
    GraphNode& n = add(node, "linear", {0});
    n.tensors["weight"] = transposed(b);
}

// Add, Sub, Mul, Div of two computed values, or of a computed value and a stored constant
// (which the node keeps as its "other").
void Importer::map_arithmetic(const Node& node) {
    const std::string& type = node.op_type();
    const bool product = type == "Mul" || type == "Div";
    const std::string op = product ? "mul" : "add";
    if (is_computed(node, 0) && is_computed(node, 1)) {
        if (type == "Div") {
            throw Unsupported("dividing by a computed value is not supported");
        }
        add(node, op, {0, 1},
            type == "Sub" ? nlohmann::json{{"alpha", -1}} : nlohmann::json::object());
        return;
    }
    const int computed = is_computed(node, 0) ? 0 : 1;
    if ((type == "Sub" || type == "Div") && computed == 1) {
        throw Unsupported("a constant minus or divided by a computed value is not supported");
    }
    Tensor other = constant(node, 1 - computed);
    require(static_cast<size_t>(other.dim()) <= shape_of(node, computed).size(),
            "the constant " + shape_string(other.shape()) + " has more dimensions than the value");
    for (float& v : other.values()) {
        v = type == "Sub" ? -v : type == "Div" ? 1.0f / v : v;
    }
    if (other.dim() == 0) {
        other = Tensor({1}, std::vector<float>{other.values().front()});
    }
    GraphNode& n = add(node, op, {computed});
    n.tensors["other"] = std::move(other);
}

// Pad of the height and width of an (N, C, H, W) value: pads [x1_begin, …, x1_end, …] as an
// attribute (opset < 11) or a stored input.
void Importer::map_pad(const Node& node) {
    std::vector<int64_t> pads;
    float fill = 0.0f;
    if (opset_ < 11) {
        pads = ints_attribute(node, "pads", {});
        fill = static_cast<float>(float_attribute(node, "value", 0.0));
    } else {
        for (double v : stored(node, 1).values) {
            pads.push_back(whole_number(v));
        }
        if (const std::optional<Constant> value = optional_constant(node, 2)) {
            fill = static_cast<float>(value->values.at(0));
        }
        require(!has_input(node, 3), "padding chosen axes (the axes input) is not supported");
    }
    require(pads.size() == 8,
            "only (N, C, H, W) values can be padded, got " + std::to_string(pads.size()) + " pads");
    require(pads[0] == 0 && pads[1] == 0 && pads[4] == 0 && pads[5] == 0,
            "only the height and the width can be padded, not the batch or the channels");
    const std::string mode = string_attribute(node, "mode", "constant");
    const std::map<std::string, std::string> modes = {{"constant", "constant"},
                                                      {"reflect", "reflect"},
                                                      {"edge", "replicate"},
                                                      {"wrap", "circular"}};
    const auto it = modes.find(mode);
    require(it != modes.end(), "mode " + in_quotes(mode) + " is not supported");
    nlohmann::json params = {{"pad", {pads[3], pads[7], pads[2], pads[6]}}, {"mode", it->second}};
    if (it->second == "constant" && fill != 0.0f) {
        params["value"] = fill;
    }
    add(node, "pad", {0}, std::move(params));
}

// Resize (opset 10 and later) and Upsample: torch's interpolate as torch.onnx.export writes it
// (nearest: asymmetric coordinates, rounded down; bilinear: half-pixel or aligned corners).
void Importer::map_resize(const Node& node) {
    const bool upsample = node.op_type() == "Upsample";
    std::string mode = string_attribute(node, "mode", "nearest");
    std::optional<Constant> scales;
    std::optional<Constant> sizes;
    if (upsample && opset_ < 9) {
        const auto* a = attribute(node, "scales");
        require(a != nullptr, "its scales are missing");
        scales = Constant{{a->floats_size()}, {a->floats().begin(), a->floats().end()}, Tensor()};
    } else if (upsample || opset_ < 11) {
        scales = optional_constant(node, 1);
    } else {
        scales = optional_constant(node, 2);
        sizes = optional_constant(node, 3);
    }
    const std::string transform =
        upsample || opset_ < 11
            ? "asymmetric"
            : string_attribute(node, "coordinate_transformation_mode", "half_pixel");
    const std::string rounding =
        opset_ < 11 ? "floor" : string_attribute(node, "nearest_mode", "round_prefer_floor");
    nlohmann::json params;
    if (mode == "nearest") {
        if (transform != "asymmetric" || rounding != "floor") {
            throw Unsupported("nearest resizing with coordinate_transformation_mode " +
                              in_quotes(transform) + " and nearest_mode " + in_quotes(rounding) +
                              " is not torch's (asymmetric, floor)");
        }
        params["mode"] = "nearest";
    } else if (mode == "linear" &&
               (transform == "half_pixel" || transform == "pytorch_half_pixel" ||
                transform == "align_corners")) {
        params["mode"] = "bilinear";
        params["align_corners"] = transform == "align_corners";
    } else {
        throw Unsupported("mode " + in_quotes(mode) + " with coordinate_transformation_mode " +
                          in_quotes(transform) + " is not supported");
    }
    const Shape& in = shape_of(node, 0);
    require(in.size() == 4, "only (N, C, H, W) values can be resized");
    if (scales) {
        const std::vector<double>& v = scales->values;
        require(v.size() == 4 && v[0] == 1.0 && v[1] == 1.0,
                "only the height and the width can be scaled");
        params["scale_factor"] = {v[2], v[3]};
    } else if (sizes) {
        const std::vector<double>& v = sizes->values;
        require(v.size() == 4 && v[1] == static_cast<double>(in[1]),
                "only the height and the width can be resized");
        params["size"] = {whole_number(v[2]), whole_number(v[3])};
    } else {
        throw Unsupported("neither scales nor sizes is given as a stored constant");
    }
    add(node, "interpolate", {0}, std::move(params));
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
            params["min"] = stored(node, 1).values.at(0);
        }
        if (has_input(node, 2)) {
            params["max"] = stored(node, 2).values.at(0);
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
        values.constants[node.output(0)] = constant_of(a->t());
    } else if (fold(node)) {
        return;
    } else if (type == "Conv") {
        map_conv(node);
    } else if (type == "ConvTranspose") {
        map_conv_transpose(node);
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
    } else if (type == "LpPool") {
        map_lp_pool(node);
    } else if (type == "GlobalAveragePool" || type == "GlobalMaxPool") {
        add(node, type == "GlobalAveragePool" ? "adaptive_avg_pool2d" : "adaptive_max_pool2d", {0},
            {{"output_size", 1}});
    } else if (type == "BatchNormalization") {
        map_batch_norm(node);
    } else if (type == "Gemm") {
        map_gemm(node);
    } else if (type == "MatMul") {
        map_matmul(node);
    } else if (type == "Flatten") {
        const int64_t axis = int_attribute(node, "axis", 1);
        if (axis != 1) {
            throw Unsupported("only axis 1 (one row per example) is supported, got " +
                              std::to_string(axis));
        }
        add(node, "flatten", {0}, {{"start_dim", 1}});
    } else if (type == "Add" || type == "Sub" || type == "Mul" || type == "Div") {
        map_arithmetic(node);
    } else if (type == "Concat") {
        std::vector<int> reads;
        for (int k = 0; k < node.input_size(); ++k) {
            reads.push_back(k);
        }
        add(node, "cat", reads, {{"dim", int_attribute(node, "axis", 0)}});
    } else if (type == "Softmax" || type == "LogSoftmax") {
        const int64_t rank = static_cast<int64_t>(shape_of(node, 0).size());
        int64_t axis = int_attribute(node, "axis", opset_ < 13 ? 1 : -1);
        axis = axis < 0 ? axis + rank : axis;
        if (opset_ < 13 && axis != rank - 1) {
            // Before opset 13 the axis splits the value into rows that are normalised whole.
            throw Unsupported("a softmax from axis " + std::to_string(axis) + " of " +
                              std::to_string(rank) + " dimensions is not torch's softmax");
        }
        add(node, type == "Softmax" ? "softmax" : "log_softmax", {0}, {{"dim", axis}});
    } else if (type == "LRN") {
        if (int_attribute(node, "size", 1) % 2 == 0) {
            throw Unsupported("an even size centres ONNX's window one channel later than torch's");
        }
        add(node, "local_response_norm", {0},
            {{"size", int_attribute(node, "size", 1)},
             {"alpha", float_attribute(node, "alpha", 1e-4)},
             {"beta", float_attribute(node, "beta", 0.75)},
             {"k", float_attribute(node, "bias", 1.0)}});
    } else if (type == "Pad") {
        map_pad(node);
    } else if (type == "Resize" || type == "Upsample") {
        map_resize(node);
    } else if (type == "Identity" || type == "Dropout") {
        if (type == "Dropout" && node.output_size() > 1 && !node.output(1).empty()) {
            throw Unsupported("the mask output of Dropout is not supported");
        }
        alias(node);
    } else if (type == "Reshape") {
        // torch's x.view(N, -1): two entries, the second −1 (or 0 kept for the batch).
        const Constant& shape = stored(node, 1);
        if (shape.numel() != 2 || shape.values[1] != -1.0) {
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

// Weights in a file beside the model are refused before the checker looks for that file: a
// model must never make ConvScope open a path it names ("../../etc/passwd").
void refuse_external_data(const onnx::GraphProto& g, const std::string& name) {
    const auto check = [&](const onnx::TensorProto& t) {
        if (t.data_location() == onnx::TensorProto::EXTERNAL || t.external_data_size() > 0) {
            throw Error(name + ": the tensor " + in_quotes(t.name()) +
                        " keeps its values in an external file, which ConvScope does not read; "
                        "save the model with its weights inside the .onnx file");
        }
    };
    for (const auto& init : g.initializer()) {
        check(init);
    }
    for (const Node& node : g.node()) {
        for (const auto& a : node.attribute()) {
            if (a.has_t()) {
                check(a.t());
            }
        }
    }
}

}  // namespace

OnnxModel parse_onnx(const std::string& bytes, const std::string& name,
                     const std::optional<Shape>& input_shape) {
    onnx::ModelProto model;
    require(model.ParseFromString(bytes),
            name + " is not an ONNX model (its bytes are not a ModelProto)");
    refuse_external_data(model.graph(), name);
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
            importer.values.constants[init.name()] = constant_of(init);
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
    Shape batch_shape = shape;
    batch_shape.insert(batch_shape.begin(), 1);
    importer.shapes[graph_input_name] = batch_shape;
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
