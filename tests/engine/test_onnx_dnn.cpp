// ONNX import checked against a second, independent reader: OpenCV's DNN module opens the same
// PyTorch-exported files (tests/golden/gen_onnx.py) and runs them on the same input; the
// engine's output and every intermediate value that OpenCV exposes must agree with it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <span>
#include <sstream>

#include <onnx/onnx_pb.h>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include "engine/model/onnx_import.hpp"
#include "golden.hpp"

using namespace cs;

namespace {

std::string model_path(const std::string& file) {
    return test::golden_dir() + "/onnx/" + file;
}

// The fixed input of each model: the batch PyTorch's expected output was computed from.
Tensor fixed_input(const std::string& file) {
    std::ifstream in(model_path("expected.json"));
    const nlohmann::json expected = nlohmann::json::parse(in);
    for (const nlohmann::json& m : expected.at("models")) {
        if (m.at("file") == file) {
            return test::tensor_from_json(m.at("input"));
        }
    }
    FAIL("no input for " << file << " in expected.json");
    return Tensor();
}

onnx::ModelProto read_proto(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    onnx::ModelProto proto;
    REQUIRE(proto.ParseFromString(bytes.str()));
    return proto;
}

// Engine node name → the names under which OpenCV may keep that ONNX node's value. The importer
// names an engine node after its ONNX node (or the node's first output when it has no name);
// OpenCV 4.6 names the layer it makes of a node "onnx_node!" + the node's name, earlier versions
// after the node's first output.
std::map<std::string, std::vector<std::string>> opencv_names(const onnx::ModelProto& proto) {
    std::map<std::string, std::vector<std::string>> names;
    for (const onnx::NodeProto& node : proto.graph().node()) {
        if (node.output_size() > 0) {
            const std::string name = node.name().empty() ? node.output(0) : node.name();
            names[name] = {"onnx_node!" + name, node.output(0)};
        }
    }
    return names;
}

float scalar_of(const onnx::TensorProto& t) {
    if (t.float_data_size() == 1) {
        return t.float_data(0);
    }
    REQUIRE(t.raw_data().size() == sizeof(float));
    float v = 0;
    std::memcpy(&v, t.raw_data().data(), sizeof v);
    return v;
}

// The file as OpenCV 4.6 reads what ONNX specifies. Two rewrites, both keeping the model's
// meaning, neither seen by the engine (which reads the file as written):
// - Clip: OpenCV reads only the opset-6 form, bounds as attributes; from opset 11 they are
//   inputs (PyTorch's ReLU6), and OpenCV refuses the file ("node_proto.input_size() == 1").
//   A Clip whose bounds are Constant nodes gets them as attributes.
// - AveragePool: OpenCV ignores count_include_pad and counts the padding whenever the producer
//   is "pytorch" (onnx_importer.cpp: ave_pool_padded_area = framework_name == "pytorch"). At
//   opset 11 PyTorch writes count_include_pad=True as a Pad node before an unpadded pool, and
//   False as a padded pool with ONNX's default count_include_pad (0), which OpenCV then
//   averages over the padding too: 0.37 off in inception.onnx. Such a file is given another
//   producer name.
std::string opencv_form(onnx::ModelProto proto) {
    std::map<std::string, float> constants;
    for (const onnx::NodeProto& node : proto.graph().node()) {
        if (node.op_type() == "Constant" && node.attribute_size() == 1 &&
            node.attribute(0).name() == "value") {
            constants[node.output(0)] = scalar_of(node.attribute(0).t());
        }
    }
    bool pool_excludes_padding = false;
    for (onnx::NodeProto& node : *proto.mutable_graph()->mutable_node()) {
        if (node.op_type() == "AveragePool") {
            bool counts_padding = false, padded = false;
            for (const onnx::AttributeProto& a : node.attribute()) {
                counts_padding |= a.name() == "count_include_pad" && a.i() != 0;
                padded |= a.name() == "pads" &&
                          std::ranges::any_of(a.ints(), [](int64_t p) { return p != 0; });
            }
            pool_excludes_padding |= padded && !counts_padding;
        }
        if (node.op_type() != "Clip" || node.input_size() == 1) {
            continue;
        }
        const char* bound_names[] = {"", "min", "max"};
        for (int i = 1; i < node.input_size(); ++i) {
            if (!node.input(i).empty()) {
                REQUIRE(constants.count(node.input(i)) == 1);
                onnx::AttributeProto* bound = node.add_attribute();
                bound->set_name(bound_names[i]);
                bound->set_type(onnx::AttributeProto::FLOAT);
                bound->set_f(constants.at(node.input(i)));
            }
        }
        node.mutable_input()->DeleteSubrange(1, node.input_size() - 1);
    }
    if (pool_excludes_padding && proto.producer_name() == "pytorch") {
        proto.set_producer_name("pytorch, for OpenCV");
    }
    return proto.SerializeAsString();
}

cv::dnn::Net open_with_opencv(const onnx::ModelProto& proto) {
    const std::string bytes = opencv_form(proto);
    cv::dnn::Net net = cv::dnn::readNetFromONNX(bytes.data(), bytes.size());
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return net;
}

cv::Mat as_blob(const Tensor& t) {
    const std::vector<int> shape(t.shape().begin(), t.shape().end());
    return cv::Mat(shape, CV_32F, const_cast<float*>(t.data())).clone();
}

Shape shape_of(const cv::Mat& m) {
    Shape shape;
    for (int i = 0; i < m.dims; ++i) {
        shape.push_back(m.size[i]);
    }
    return shape;
}

// The agreement criterion: max |a − b| ≤ 1e-4 · max |b| over a whole tensor, b being
// OpenCV's value. Both sides compute in float32 but sum in different orders (OpenCV's own
// kernels, the engine's), so the rounding error of an element grows with the size of the
// values summed into it, not with the element itself: an element-wise relative bound would
// fail on a value that happens to cancel to near zero. The tensor's largest magnitude is that
// size. No absolute floor: several of these maps hold values of 0.1 or less, where a bound of
// 1e-4 absolute would be 1e-3 relative.
double relative_gap(const Tensor& got, const cv::Mat& want) {
    REQUIRE(want.type() == CV_32F);
    REQUIRE(want.isContinuous());
    const auto* b = want.ptr<float>();
    const std::span<const float> a = got.values();
    double gap = 0, scale = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        gap = std::max(gap, std::abs(static_cast<double>(a[i]) - b[i]));
        scale = std::max(scale, std::abs(static_cast<double>(b[i])));
    }
    return gap == 0 ? 0 : gap / scale;  // an all-zero b (scale 0) passes only if a is too
}

}  // namespace

TEST_CASE("onnx vs opencv dnn: the golden models' outputs agree within 1e-4") {
    for (const std::string file : {"residual.onnx", "inception.onnx"}) {
        INFO(file);
        const OnnxModel model = read_onnx_file(model_path(file));
        REQUIRE(model.problems.empty());
        const Tensor input = fixed_input(file);
        const Tensor got = model.graph.run(input).output();

        cv::dnn::Net net = open_with_opencv(read_proto(model_path(file)));
        net.setInput(as_blob(input));
        const cv::Mat want = net.forward();
        REQUIRE(shape_of(want) == got.shape());
        const double gap = relative_gap(got, want);
        INFO("max |engine - opencv| / max |opencv| = " << gap);
        CHECK(gap <= 1e-4);
    }
}

TEST_CASE("onnx vs opencv dnn: every intermediate value opencv exposes agrees within 1e-4") {
    for (const std::string file : {"residual.onnx", "inception.onnx"}) {
        INFO(file);
        const OnnxModel model = read_onnx_file(model_path(file));
        REQUIRE(model.problems.empty());
        const Tensor input = fixed_input(file);
        const GraphRun run = model.graph.run(input);

        // The engine's nodes whose value OpenCV keeps as a layer. Some it does not: a node
        // OpenCV merges into another while reading.
        const onnx::ModelProto proto = read_proto(model_path(file));
        cv::dnn::Net net = open_with_opencv(proto);
        const auto names = opencv_names(proto);
        std::vector<size_t> nodes;
        std::vector<cv::String> layers;
        for (size_t i = 0; i < model.graph.nodes().size(); ++i) {
            const auto it = names.find(model.graph.nodes()[i].name);
            if (it == names.end()) {
                continue;
            }
            for (const std::string& layer : it->second) {
                if (net.getLayerId(layer) >= 0) {
                    nodes.push_back(i);
                    layers.push_back(layer);
                    break;
                }
            }
        }
        // residual: 12 ONNX nodes, inception: 18; OpenCV must expose most of them for this
        // test to mean something.
        CHECK(nodes.size() * 3 >= model.graph.nodes().size() * 2);

        net.setInput(as_blob(input));
        std::vector<cv::Mat> values;
        net.forward(values, layers);  // one pass; asking for a layer keeps it out of fusions
        REQUIRE(values.size() == nodes.size());
        for (size_t k = 0; k < nodes.size(); ++k) {
            const GraphNode& node = model.graph.nodes()[nodes[k]];
            INFO("node " << node.name << " (" << node.op << "), OpenCV layer " << layers[k]);
            const Tensor& got = run.results[nodes[k]].output;
            REQUIRE(shape_of(values[k]) == got.shape());
            const double gap = relative_gap(got, values[k]);
            INFO("max |engine - opencv| / max |opencv| = " << gap);
            CHECK(gap <= 1e-4);
        }
    }
}
