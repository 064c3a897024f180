// ONNX export: graphs written as ONNX open again in the importer and in OpenCV's DNN module (an
// independent reader) and compute the same values; ops ONNX cannot express are refused.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include "engine/error.hpp"
#include "engine/model/onnx_export.hpp"
#include "engine/model/onnx_import.hpp"
#include "graph_test_helpers.hpp"
#include "pool_test_helpers.hpp"

using namespace cs;
using Catch::Contains;
using test::node;

namespace {

GraphNode weighted(GraphNode n, const Shape& weight, std::mt19937& rng, int64_t bias = 0) {
    n.tensors["weight"] = test::random_tensor(weight, rng, -0.5f, 0.5f);
    if (bias > 0) {
        n.tensors["bias"] = test::random_tensor({bias}, rng, -0.2f, 0.2f);
    }
    return n;
}

GraphNode batch_norm(std::string name, std::string input, int64_t channels, std::mt19937& rng) {
    GraphNode n = node(std::move(name), "batch_norm2d", {std::move(input)}, {{"eps", 1e-3}});
    n.tensors["weight"] = test::random_tensor({channels}, rng, 0.5f, 1.5f);
    n.tensors["bias"] = test::random_tensor({channels}, rng, -0.2f, 0.2f);
    n.tensors["running_mean"] = test::random_tensor({channels}, rng, -0.3f, 0.3f);
    n.tensors["running_var"] = test::random_tensor({channels}, rng, 0.5f, 1.5f);
    return n;
}

// LeNet as the Training tab trains it: convolutions, sigmoid, average pooling, dense layers.
Graph lenet(std::mt19937& rng) {
    return Graph(
        {1, 28, 28},
        {weighted(node("c1", "conv2d", {"input"}, {{"padding", 2}}), {6, 1, 5, 5}, rng, 6),
         node("s1", "sigmoid", {"c1"}),
         node("p1", "avg_pool2d", {"s1"}, {{"kernel_size", 2}, {"stride", 2}}),
         weighted(node("c2", "conv2d", {"p1"}), {16, 6, 5, 5}, rng, 16),
         node("s2", "sigmoid", {"c2"}),
         node("p2", "max_pool2d", {"s2"}, {{"kernel_size", 2}, {"stride", 2}}),
         node("f", "flatten", {"p2"}), weighted(node("d1", "linear", {"f"}), {120, 400}, rng, 120),
         node("r", "relu", {"d1"}), weighted(node("d2", "linear", {"r"}), {10, 120}, rng, 10),
         node("prob", "softmax", {"d2"}, {{"dim", 1}})});
}

// A residual block and an Inception-style join, with the layers of modern CNNs.
Graph modern(std::mt19937& rng) {
    return Graph(
        {3, 12, 11},
        {weighted(node("stem", "conv2d", {"input"}, {{"padding", 1}, {"stride", 2}}), {8, 3, 3, 3},
                  rng),
         batch_norm("bn", "stem", 8, rng), node("act", "relu", {"bn"}),
         weighted(node("a", "conv2d", {"act"}, {{"padding", "same"}}), {8, 8, 3, 3}, rng, 8),
         node("sum", "add", {"a", "act"}),
         node("pool", "max_pool2d", {"sum"},
              {{"kernel_size", 3}, {"stride", 2}, {"padding", 1}, {"ceil_mode", true}}),
         weighted(node("b1", "conv2d", {"pool"}), {4, 8, 1, 1}, rng, 4),
         weighted(node("b2", "conv2d", {"pool"}, {{"padding", 2}, {"dilation", 2}}), {4, 8, 3, 3},
                  rng, 4),
         node("b3", "avg_pool2d", {"pool"},
              {{"kernel_size", 3}, {"stride", 1}, {"padding", 1}, {"count_include_pad", false}}),
         node("join", "cat", {"b1", "b2", "b3"}, {{"dim", 1}}),
         node("lrn", "local_response_norm", {"join"}, {{"size", 3}, {"alpha", 0.1}, {"k", 2.0}}),
         node("leaky", "leaky_relu", {"lrn"}),
         node("gap", "adaptive_avg_pool2d", {"leaky"}, {{"output_size", 1}}),
         node("flat", "flatten", {"gap"}), node("drop", "dropout", {"flat"}, {{"p", 0.3}}),
         weighted(node("fc", "linear", {"drop"}), {5, 16}, rng, 5)});
}

// Every other op the exporter writes, on one path (OpenCV 4.6 reads no Clip of opset 11).
Graph everything_else(std::mt19937& rng) {
    GraphNode gate = node("gate", "mul", {"up"});
    gate.tensors["other"] = Tensor({2, 1, 1}, {1.5f, -0.5f});
    return Graph(
        {2, 7, 9},
        {weighted(
             node("reflect", "conv2d", {"input"}, {{"padding", 1}, {"padding_mode", "reflect"}}),
             {2, 2, 3, 3}, rng, 2),
         weighted(node("flipped", "conv2d", {"reflect"}, {{"padding", "same"}, {"flip", true}}),
                  {2, 2, 2, 2}, rng),
         node("leaky", "leaky_relu", {"flipped"}, {{"negative_slope", 0.2}}),
         node("padded", "pad", {"leaky"}, {{"pad", {1, 0, 2, 1}}, {"mode", "replicate"}}),
         node("valued", "pad", {"padded"}, {{"pad", {0, 1}}, {"value", -0.5}}),
         node("ceil_avg", "avg_pool2d", {"valued"},
              {{"kernel_size", 2}, {"stride", 2}, {"ceil_mode", true}}),
         node("lp", "lp_pool2d", {"ceil_avg"},
              {{"norm_type", 2}, {"kernel_size", 2}, {"stride", 1}}),
         weighted(node("up", "conv_transpose2d", {"lp"},
                       {{"stride", 2}, {"padding", 1}, {"output_padding", 1}}),
                  {2, 2, 3, 3}, rng, 2),
         gate, node("near", "interpolate", {"gate"}, {{"scale_factor", 2}, {"mode", "nearest"}}),
         node("bi", "interpolate", {"near"}, {{"size", {5, 7}}, {"mode", "bilinear"}}),
         node("corners", "interpolate", {"bi"},
              {{"size", {6, 6}}, {"mode", "bilinear"}, {"align_corners", true}}),
         node("clamped", "clamp", {"corners"}, {{"min", -0.25}}), node("tanh", "tanh", {"clamped"}),
         node("hard", "hardtanh", {"tanh"}, {{"min_val", -0.5}}),
         node("shifted", "add", {"hard", "corners"}, {{"alpha", -2.0}}),
         node("per_channel", "adaptive_max_pool2d", {"shifted"}, {{"output_size", {3, 2}}}),
         node("soft", "log_softmax", {"per_channel"}, {{"dim", -1}})});
}

Tensor batch_for(const Graph& graph, std::mt19937& rng) {
    Shape shape = graph.input_shape();
    shape.insert(shape.begin(), 1);
    return test::random_tensor(shape, rng, 0.0f, 1.0f);
}

cv::Mat as_blob(const Tensor& t) {
    std::vector<int> dims(t.shape().begin(), t.shape().end());
    cv::Mat blob(static_cast<int>(dims.size()), dims.data(), CV_32F);
    std::copy(t.data(), t.data() + t.numel(), blob.ptr<float>());
    return blob;
}

// The largest difference relative to the reference's largest magnitude (at least 1).
double relative_gap(const float* got, const Tensor& want, int64_t count) {
    double gap = 0.0, scale = 1.0;
    for (int64_t i = 0; i < count; ++i) {
        gap = std::max(gap, std::abs(static_cast<double>(got[i]) - want.data()[i]));
        scale = std::max(scale, std::abs(static_cast<double>(want.data()[i])));
    }
    return gap / scale;
}

}  // namespace

TEST_CASE("onnx export: written models open again and compute the same values") {
    std::mt19937 rng(11);
    for (const Graph& graph : {lenet(rng), modern(rng), everything_else(rng)}) {
        const std::string bytes = onnx_model_bytes(graph);
        const OnnxModel again = parse_onnx(bytes, "exported.onnx");
        for (const std::string& problem : again.problems) {
            UNSCOPED_INFO(problem);
        }
        CHECK(again.problems.empty());
        const Tensor x = batch_for(graph, rng);
        const Tensor want = graph.run(x).output();
        const Tensor got = again.graph.run(x).output();
        REQUIRE(got.shape() == want.shape());
        CHECK(relative_gap(got.data(), want, want.numel()) <= 1e-5);
    }
}

TEST_CASE("onnx export: OpenCV's DNN module runs the written models with the same outputs") {
    std::mt19937 rng(12);
    for (const Graph& graph : {lenet(rng), modern(rng)}) {
        const std::string bytes = onnx_model_bytes(graph);
        cv::dnn::Net net = cv::dnn::readNetFromONNX(bytes.data(), bytes.size());
        const Tensor x = batch_for(graph, rng);
        net.setInput(as_blob(x));
        const cv::Mat out = net.forward();
        const Tensor want = graph.run(x).output();
        REQUIRE(static_cast<int64_t>(out.total()) == want.numel());
        CHECK(relative_gap(out.ptr<float>(), want, want.numel()) <= 1e-4);
    }
}

TEST_CASE("onnx export: ops ONNX cannot express are refused with the node named") {
    std::mt19937 rng(13);
    const auto refused = [](std::vector<GraphNode> nodes) {
        return onnx_model_bytes(Graph({1, 6, 6}, std::move(nodes)));
    };
    CHECK_THROWS_WITH(refused({weighted(node("wrap", "conv2d", {"input"},
                                             {{"padding", 1}, {"padding_mode", "circular"}}),
                                        {1, 1, 3, 3}, rng)}),
                      Contains("node \"wrap\" (conv2d)") && Contains("circular"));
    CHECK_THROWS_WITH(refused({node("div", "avg_pool2d", {"input"},
                                    {{"kernel_size", 2}, {"divisor_override", 3}})}),
                      Contains("divisor_override"));
    CHECK_THROWS_WITH(refused({node("even", "local_response_norm", {"input"}, {{"size", 2}})}),
                      Contains("even size"));
    CHECK_THROWS_WITH(
        refused({node("uneven", "adaptive_avg_pool2d", {"input"}, {{"output_size", 4}})}),
        Contains("two sizes"));
}

TEST_CASE("onnx export: a file that cannot be written leaves the old one as it was") {
    std::mt19937 rng(14);
    const Graph graph = lenet(rng);
    const auto dir = std::filesystem::temp_directory_path() / "convscope-onnx-export-test";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "lenet.onnx").string();
    write_onnx_file(graph, path);
    const auto size = std::filesystem::file_size(path);
    CHECK(read_onnx_file(path).graph.nodes().size() == graph.nodes().size());
    CHECK_THROWS_AS(write_onnx_file(graph, (dir / "missing" / "x.onnx").string()), Error);
    CHECK_THROWS_AS(
        write_onnx_file(Graph({1, 6, 6}, {node("div", "avg_pool2d", {"input"},
                                               {{"kernel_size", 2}, {"divisor_override", 3}})}),
                        path),
        Error);
    CHECK(std::filesystem::file_size(path) == size);
    std::filesystem::remove_all(dir);
}
