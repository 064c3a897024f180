#include "engine/model/onnx_export.hpp"

#include <algorithm>
#include <cstring>

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/safe_file.hpp"

namespace cs {
namespace {

std::string in_quotes(const std::string& text) {
    return "\"" + text + "\"";
}

// Refused: ONNX has no operator that computes this exactly.
[[noreturn]] void inexpressible(const std::string& why) {
    throw Error(why + ", which ONNX cannot express exactly");
}

class Exporter {
  public:
    Exporter(const Graph& graph, const OnnxExportOptions& options, onnx::GraphProto& g)
        : graph_(graph), options_(options), g_(g) {}

    void write() {
        for (size_t i = 0; i < graph_.nodes().size(); ++i) {
            const GraphNode& node = graph_.nodes()[i];
            try {
                write_node(i);
            } catch (const Error& e) {
                throw Error("node " + in_quotes(node.name) + " (" + node.op + "): " + e.what());
            }
        }
    }

    // The ONNX value holding graph value `name` ("input" or a node's name).
    std::string value_name(const std::string& name) const {
        return name == graph_input_name ? options_.input_name : "/" + name;
    }

  private:
    // The shape with the batch of graph value `name`.
    Shape shape_of(const std::string& name) const {
        Shape shape =
            name == graph_input_name
                ? graph_.input_shape()
                : graph_.infos().at(static_cast<size_t>(graph_.index_of(name))).output_shape;
        shape.insert(shape.begin(), options_.batch);
        return shape;
    }

    std::string fresh(const std::string& base) { return base + "_" + std::to_string(counter_++); }

    std::string initializer(const std::string& name, const Tensor& t) {
        onnx::TensorProto& init = *g_.add_initializer();
        init.set_name(name);
        init.set_data_type(onnx::TensorProto::FLOAT);
        for (int64_t d : t.shape()) {
            init.add_dims(d);
        }
        init.set_raw_data(std::string(reinterpret_cast<const char*>(t.data()),
                                      static_cast<size_t>(t.numel()) * sizeof(float)));
        return name;
    }

    std::string ints_initializer(const std::string& name, const std::vector<int64_t>& values) {
        onnx::TensorProto& init = *g_.add_initializer();
        init.set_name(name);
        init.set_data_type(onnx::TensorProto::INT64);
        init.add_dims(static_cast<int64_t>(values.size()));
        for (int64_t v : values) {
            init.add_int64_data(v);
        }
        return name;
    }

    std::string scalar(const std::string& name, float value) {
        onnx::TensorProto& init = *g_.add_initializer();
        init.set_name(name);
        init.set_data_type(onnx::TensorProto::FLOAT);
        init.add_float_data(value);
        return name;
    }

    onnx::NodeProto& emit(const std::string& type, const std::vector<std::string>& inputs,
                          const std::string& output, const std::string& name) {
        onnx::NodeProto& n = *g_.add_node();
        n.set_op_type(type);
        n.set_name(name);
        for (const std::string& input : inputs) {
            n.add_input(input);
        }
        n.add_output(output);
        return n;
    }

    static void set(onnx::NodeProto& n, const std::string& name, int64_t value) {
        auto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(value);
    }
    static void set(onnx::NodeProto& n, const std::string& name, double value) {
        auto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(static_cast<float>(value));
    }
    static void set(onnx::NodeProto& n, const std::string& name, const std::string& value) {
        auto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::STRING);
        a->set_s(value);
    }
    static void set(onnx::NodeProto& n, const std::string& name,
                    const std::vector<int64_t>& values) {
        auto* a = n.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INTS);
        for (int64_t v : values) {
            a->add_ints(v);
        }
    }

    void write_node(size_t i);
    void write_conv(const GraphNode& node, const OpCall& call, const std::string& in,
                    const std::string& out);
    void write_conv_transpose(const GraphNode& node, const std::string& in, const std::string& out);
    void write_pool(const GraphNode& node, const OpCall& call, const std::string& in,
                    const std::string& out);
    void write_adaptive_pool(const GraphNode& node, const std::string& in, const std::string& out);
    void write_softmax(const GraphNode& node, const std::string& in, const std::string& out);
    void write_interpolate(const GraphNode& node, const OpCall& call, const std::string& in,
                           const std::string& out);

    const Graph& graph_;
    const OnnxExportOptions& options_;
    onnx::GraphProto& g_;
    int counter_ = 0;
};

// A pad node of `mode` (torch's zeros, reflect, replicate) before a window op.
std::string onnx_pad_mode(PaddingMode mode) {
    switch (mode) {
        case PaddingMode::zeros:
            return "constant";
        case PaddingMode::reflect:
            return "reflect";
        case PaddingMode::replicate:
            return "edge";
        case PaddingMode::circular:
            break;
    }
    inexpressible("circular padding (ONNX's wrap mode needs opset 19)");
}

void Exporter::write_conv(const GraphNode& node, const OpCall& call, const std::string& in,
                          const std::string& out) {
    const std::optional<OpWindow> w = op_window(call);
    require(w.has_value(), "its window could not be worked out");
    std::string source = in;
    std::vector<int64_t> pads = {w->rows.before, w->cols.before, w->rows.after, w->cols.after};
    if (w->padding_mode != PaddingMode::zeros && w->padded()) {
        source = fresh(value_name(node.name) + "/pad");
        onnx::NodeProto& pad = emit(
            "Pad",
            {in,
             ints_initializer(source + "/pads", {0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3]})},
            source, node.name + "/pad");
        set(pad, "mode", onnx_pad_mode(w->padding_mode));
        pads = {0, 0, 0, 0};
    }
    Tensor weight = node.tensors.at("weight");
    if (param_bool(node.params, node.op, "flip", false)) {  // ConvScope's own: kernel turned 180°
        const int64_t plane = weight.size(2) * weight.size(3);
        for (int64_t p = 0; p < weight.size(0) * weight.size(1); ++p) {
            std::reverse(weight.data() + p * plane, weight.data() + (p + 1) * plane);
        }
    }
    std::vector<std::string> inputs = {source,
                                       initializer(value_name(node.name) + ".weight", weight)};
    if (node.tensors.count("bias") > 0) {
        inputs.push_back(initializer(value_name(node.name) + ".bias", node.tensors.at("bias")));
    }
    onnx::NodeProto& conv = emit("Conv", inputs, out, node.name);
    set(conv, "kernel_shape", std::vector<int64_t>{weight.size(2), weight.size(3)});
    set(conv, "strides", std::vector<int64_t>{w->rows.stride, w->cols.stride});
    set(conv, "dilations", std::vector<int64_t>{w->rows.dilation, w->cols.dilation});
    set(conv, "pads", pads);
    set(conv, "group", param_int(node.params, node.op, "groups", 1));
}

void Exporter::write_conv_transpose(const GraphNode& node, const std::string& in,
                                    const std::string& out) {
    const Tensor& weight = node.tensors.at("weight");
    const Pair stride = param_pair(node.params, node.op, "stride", {1, 1});
    const Pair padding = param_pair(node.params, node.op, "padding", {0, 0});
    const Pair extra = param_pair(node.params, node.op, "output_padding", {0, 0});
    const Pair dilation = param_pair(node.params, node.op, "dilation", {1, 1});
    std::vector<std::string> inputs = {in, initializer(value_name(node.name) + ".weight", weight)};
    if (node.tensors.count("bias") > 0) {
        inputs.push_back(initializer(value_name(node.name) + ".bias", node.tensors.at("bias")));
    }
    onnx::NodeProto& conv = emit("ConvTranspose", inputs, out, node.name);
    set(conv, "kernel_shape", std::vector<int64_t>{weight.size(2), weight.size(3)});
    set(conv, "strides", std::vector<int64_t>{stride.h, stride.w});
    set(conv, "dilations", std::vector<int64_t>{dilation.h, dilation.w});
    // torch crops `padding` at both ends of the full output after adding output_padding at its
    // end: ONNX's pads, begin and end alike, with the same output_padding.
    set(conv, "pads", std::vector<int64_t>{padding.h, padding.w, padding.h, padding.w});
    set(conv, "output_padding", std::vector<int64_t>{extra.h, extra.w});
    set(conv, "group", param_int(node.params, node.op, "groups", 1));
}

// Pools in floor mode with explicit padding: torch's ceil_mode adds a last window only where
// it starts inside the input, which ONNX's ceil_mode does not promise; padding the end by the
// cells that window overhangs gives the same windows in floor mode. Max pools ignore padding;
// an average that leaves padding out of its count does too.
void Exporter::write_pool(const GraphNode& node, const OpCall& call, const std::string& in,
                          const std::string& out) {
    const std::optional<OpWindow> w = op_window(call);
    require(w.has_value(), "its window could not be worked out");
    const Shape in_shape = shape_of(node.inputs.at(0));
    const Shape out_shape = shape_of(node.name);
    std::array<int64_t, 2> overhang{};
    for (size_t axis = 0; axis < 2; ++axis) {
        const AxisWindow& a = axis == 0 ? w->rows : w->cols;
        const int64_t size = in_shape[2 + axis];
        const int64_t needed = (out_shape[2 + axis] - 1) * a.stride + a.span() - size - a.before;
        overhang[axis] = std::max<int64_t>(0, needed - a.after);
    }
    std::vector<int64_t> pads = {w->rows.before, w->cols.before, w->rows.after + overhang[0],
                                 w->cols.after + overhang[1]};
    const bool overhangs = overhang[0] + overhang[1] > 0;
    std::string type;
    if (node.op == "max_pool2d") {
        type = "MaxPool";
    } else if (node.op == "avg_pool2d") {
        type = "AveragePool";
        if (param_present(node.params, "divisor_override")) {
            inexpressible("divisor_override");
        }
        if (overhangs && param_bool(node.params, node.op, "count_include_pad", true) &&
            w->padded()) {
            inexpressible("ceil_mode with count_include_pad and padding");
        }
    } else {
        type = "LpPool";
        const double p = param_number(node.params, node.op, "norm_type", 2.0);
        if (p != std::round(p) || static_cast<int64_t>(p) % 2 != 0) {
            inexpressible("a p-norm of odd or fractional p (ONNX's LpPool takes |x|, torch x)");
        }
        if (overhangs) {
            inexpressible("lp_pool2d's ceil_mode");
        }
    }
    onnx::NodeProto& pool = emit(type, {in}, out, node.name);
    set(pool, "kernel_shape", std::vector<int64_t>{w->rows.taps, w->cols.taps});
    set(pool, "strides", std::vector<int64_t>{w->rows.stride, w->cols.stride});
    set(pool, "pads", pads);
    if (type == "MaxPool") {
        set(pool, "dilations", std::vector<int64_t>{w->rows.dilation, w->cols.dilation});
    } else if (type == "AveragePool") {
        // The overhang of ceil mode is never counted, as torch does not count it.
        const bool include = param_bool(node.params, node.op, "count_include_pad", true);
        set(pool, "count_include_pad", int64_t{include && !overhangs ? 1 : 0});
    } else {
        set(pool, "p", static_cast<int64_t>(param_number(node.params, node.op, "norm_type", 2.0)));
    }
}

// Adaptive pooling: global for output 1, else windows of one size where the input divides.
void Exporter::write_adaptive_pool(const GraphNode& node, const std::string& in,
                                   const std::string& out) {
    const bool max = node.op == "adaptive_max_pool2d";
    const Shape in_shape = shape_of(node.inputs.at(0));
    const Shape out_shape = shape_of(node.name);
    if (out_shape[2] == 1 && out_shape[3] == 1) {
        emit(max ? "GlobalMaxPool" : "GlobalAveragePool", {in}, out, node.name);
        return;
    }
    if (in_shape[2] % out_shape[2] != 0 || in_shape[3] % out_shape[3] != 0) {
        inexpressible("adaptive pooling with windows of two sizes (" +
                      shape_string({in_shape[2], in_shape[3]}) + " to " +
                      shape_string({out_shape[2], out_shape[3]}) + ")");
    }
    const std::vector<int64_t> window = {in_shape[2] / out_shape[2], in_shape[3] / out_shape[3]};
    onnx::NodeProto& pool = emit(max ? "MaxPool" : "AveragePool", {in}, out, node.name);
    set(pool, "kernel_shape", window);
    set(pool, "strides", window);
}

// Opset 11's Softmax normalises over all dimensions from its axis on, torch's over `dim` alone:
// the two agree when dim is the last dimension.
void Exporter::write_softmax(const GraphNode& node, const std::string& in, const std::string& out) {
    const int64_t rank = static_cast<int64_t>(shape_of(node.name).size());
    int64_t dim = param_int(node.params, node.op, "dim", 1);
    dim = dim < 0 ? dim + rank : dim;
    if (dim != rank - 1) {
        inexpressible("a softmax over dimension " + std::to_string(dim) + " of " +
                      std::to_string(rank) + " (opset 11 normalises from the axis to the end)");
    }
    set(emit(node.op == "softmax" ? "Softmax" : "LogSoftmax", {in}, out, node.name), "axis",
        rank - 1);
}

void Exporter::write_interpolate(const GraphNode& node, const OpCall& call, const std::string& in,
                                 const std::string& out) {
    const std::string mode = param_string(call.params, call.op, "mode", "nearest");
    const std::string empty = ints_initializer(fresh("/empty"), {});
    g_.mutable_initializer(g_.initializer_size() - 1)->set_data_type(onnx::TensorProto::FLOAT);
    std::vector<std::string> inputs = {in, empty};
    if (param_present(call.params, "scale_factor")) {
        const nlohmann::json& s = call.params["scale_factor"];
        const double sh = s.is_array() ? s[0].get<double>() : s.get<double>();
        const double sw = s.is_array() ? s[1].get<double>() : s.get<double>();
        Tensor scales({4}, {1.0f, 1.0f, static_cast<float>(sh), static_cast<float>(sw)});
        inputs.push_back(initializer(fresh(value_name(node.name) + "/scales"), scales));
    } else {
        const Shape out_shape = shape_of(node.name);
        inputs.push_back(empty);
        inputs.push_back(ints_initializer(fresh(value_name(node.name) + "/sizes"), out_shape));
    }
    onnx::NodeProto& resize = emit("Resize", inputs, out, node.name);
    if (mode == "nearest") {
        set(resize, "mode", std::string("nearest"));
        set(resize, "coordinate_transformation_mode", std::string("asymmetric"));
        set(resize, "nearest_mode", std::string("floor"));
    } else {
        const bool corners = param_bool(call.params, call.op, "align_corners", false);
        set(resize, "mode", std::string("linear"));
        set(resize, "coordinate_transformation_mode",
            std::string(corners ? "align_corners" : "pytorch_half_pixel"));
    }
}

void Exporter::write_node(size_t i) {
    const GraphNode& node = graph_.nodes()[i];
    std::vector<Tensor> placeholders;
    for (const std::string& input : node.inputs) {
        placeholders.push_back(Tensor::shape_only(shape_of(input)));
    }
    const OpCall call = node_call(node, std::move(placeholders));
    const std::string in = value_name(node.inputs.at(0));
    const std::string out = value_name(node.name);
    const std::string& op = node.op;
    const auto simple = [&](const std::string& type) {
        return std::ref(emit(type, {in}, out, node.name));
    };
    if (op == "conv2d") {
        write_conv(node, call, in, out);
    } else if (op == "conv_transpose2d") {
        write_conv_transpose(node, in, out);
    } else if (op == "max_pool2d" || op == "avg_pool2d" || op == "lp_pool2d") {
        write_pool(node, call, in, out);
    } else if (op == "adaptive_avg_pool2d" || op == "adaptive_max_pool2d") {
        write_adaptive_pool(node, in, out);
    } else if (op == "relu" || op == "sigmoid" || op == "tanh") {
        simple(op == "relu" ? "Relu" : op == "sigmoid" ? "Sigmoid" : "Tanh");
    } else if (op == "leaky_relu") {
        set(simple("LeakyRelu"), "alpha", param_number(node.params, op, "negative_slope", 0.01));
    } else if (op == "relu6" || op == "hardtanh" || op == "clamp") {
        const bool named = op == "hardtanh";
        const char* low = named ? "min_val" : "min";
        const char* high = named ? "max_val" : "max";
        const double low_default = op == "relu6" ? 0.0 : -1.0;
        const double high_default = op == "relu6" ? 6.0 : 1.0;
        std::vector<std::string> inputs = {in, "", ""};
        if (op != "clamp" || param_present(node.params, low)) {
            inputs[1] = scalar(fresh(out + "/min"),
                               static_cast<float>(param_number(node.params, op, low, low_default)));
        }
        if (op != "clamp" || param_present(node.params, high)) {
            inputs[2] =
                scalar(fresh(out + "/max"),
                       static_cast<float>(param_number(node.params, op, high, high_default)));
        }
        while (inputs.back().empty()) {
            inputs.pop_back();
        }
        emit("Clip", inputs, out, node.name);
    } else if (op == "softmax" || op == "log_softmax") {
        write_softmax(node, in, out);
    } else if (op == "batch_norm2d") {
        const int64_t channels = shape_of(node.name)[1];
        const auto tensor_or = [&](const std::string& name, float fill) {
            return node.tensors.count(name) > 0 ? node.tensors.at(name) : Tensor({channels}, fill);
        };
        onnx::NodeProto& bn =
            emit("BatchNormalization",
                 {in, initializer(out + ".weight", tensor_or("weight", 1.0f)),
                  initializer(out + ".bias", tensor_or("bias", 0.0f)),
                  initializer(out + ".running_mean", node.tensors.at("running_mean")),
                  initializer(out + ".running_var", node.tensors.at("running_var"))},
                 out, node.name);
        set(bn, "epsilon", param_number(node.params, op, "eps", 1e-5));
        set(bn, "momentum", 1.0 - param_number(node.params, op, "momentum", 0.1));
    } else if (op == "dropout") {
        set(simple("Dropout"), "ratio", param_number(node.params, op, "p", 0.5));
    } else if (op == "flatten") {
        const Shape out_shape = shape_of(node.name);
        if (param_int(node.params, op, "start_dim", 1) == 1 && out_shape.size() == 2) {
            set(simple("Flatten"), "axis", int64_t{1});
        } else {
            std::vector<int64_t> target(out_shape.begin(), out_shape.end());
            target[0] = 0;  // the batch, whatever it is
            emit("Reshape", {in, ints_initializer(fresh(out + "/shape"), target)}, out, node.name);
        }
    } else if (op == "linear") {
        require(shape_of(node.inputs.at(0)).size() == 2,
                "only a linear layer on one row per example can be written");
        std::vector<std::string> inputs = {in,
                                           initializer(out + ".weight", node.tensors.at("weight"))};
        if (node.tensors.count("bias") > 0) {
            inputs.push_back(initializer(out + ".bias", node.tensors.at("bias")));
        }
        set(emit("Gemm", inputs, out, node.name), "transB", int64_t{1});
    } else if (op == "add" || op == "mul") {
        std::string other = node.inputs.size() > 1
                                ? value_name(node.inputs[1])
                                : initializer(out + ".other", node.tensors.at("other"));
        const double alpha = op == "add" ? param_number(node.params, op, "alpha", 1.0) : 1.0;
        if (alpha != 1.0) {
            const std::string scaled = fresh(out + "/scaled");
            emit("Mul", {other, scalar(fresh(out + "/alpha"), static_cast<float>(alpha))}, scaled,
                 node.name + "/alpha");
            other = scaled;
        }
        emit(op == "add" ? "Add" : "Mul", {in, other}, out, node.name);
    } else if (op == "cat") {
        std::vector<std::string> inputs;
        for (const std::string& input : node.inputs) {
            inputs.push_back(value_name(input));
        }
        set(emit("Concat", inputs, out, node.name), "axis", param_int(node.params, op, "dim", 0));
    } else if (op == "local_response_norm") {
        const int64_t size = param_int(node.params, op, "size", 5);
        if (size % 2 == 0) {
            inexpressible("an even size (ONNX centres the window one channel later than torch)");
        }
        onnx::NodeProto& lrn = simple("LRN");
        set(lrn, "size", size);
        set(lrn, "alpha", param_number(node.params, op, "alpha", 1e-4));
        set(lrn, "beta", param_number(node.params, op, "beta", 0.75));
        set(lrn, "bias", param_number(node.params, op, "k", 1.0));
    } else if (op == "interpolate") {
        write_interpolate(node, call, in, out);
    } else if (op == "pad") {
        const std::optional<OpWindow> w = op_window(call);
        require(w.has_value(), "its padding could not be worked out");
        std::vector<std::string> inputs = {
            in, ints_initializer(fresh(out + "/pads"), {0, 0, w->rows.before, w->cols.before, 0, 0,
                                                        w->rows.after, w->cols.after})};
        if (w->padding_mode == PaddingMode::zeros && param_present(node.params, "value")) {
            inputs.push_back(scalar(fresh(out + "/value"), static_cast<float>(param_number(
                                                               node.params, op, "value", 0.0))));
        }
        set(emit("Pad", inputs, out, node.name), "mode", onnx_pad_mode(w->padding_mode));
    } else {
        throw Error("ConvScope cannot write this op to ONNX yet");
    }
}

void declare(onnx::ValueInfoProto& value, const std::string& name, const Shape& shape) {
    value.set_name(name);
    auto* type = value.mutable_type()->mutable_tensor_type();
    type->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : shape) {
        type->mutable_shape()->add_dim()->set_dim_value(d);
    }
}

}  // namespace

std::string onnx_model_bytes(const Graph& graph, const OnnxExportOptions& options) {
    require(options.batch >= 1, "the batch of an exported model must be at least 1");
    onnx::ModelProto model;
    model.set_ir_version(7);
    model.set_producer_name("ConvScope");
    auto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(onnx_export_opset);
    onnx::GraphProto& g = *model.mutable_graph();
    g.set_name(options.model_name);
    Exporter exporter(graph, options, g);
    exporter.write();
    // The output node's value is renamed to the model's output name: one more Identity keeps
    // the node's own name visible in viewers.
    auto& out = *g.add_node();
    out.set_op_type("Identity");
    out.set_name("output");
    out.add_input(exporter.value_name(graph.output_name()));
    out.add_output(options.output_name);
    Shape input = graph.input_shape();
    input.insert(input.begin(), options.batch);
    declare(*g.add_input(), options.input_name, input);
    Shape output = graph.infos()[graph.output_index()].output_shape;
    output.insert(output.begin(), options.batch);
    declare(*g.add_output(), options.output_name, output);
    try {
        onnx::checker::check_model(model);
    } catch (const std::exception& e) {
        throw Error(std::string("the ONNX checker refused the written model: ") + e.what());
    }
    return model.SerializeAsString();
}

void write_onnx_file(const Graph& graph, const std::string& path,
                     const OnnxExportOptions& options) {
    write_file_atomically(path, onnx_model_bytes(graph, options), "the ONNX model");
}

}  // namespace cs
