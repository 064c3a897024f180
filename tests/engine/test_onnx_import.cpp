// ONNX import: models exported by PyTorch (tests/golden/gen_onnx.py) open as graphs of the
// engine's ops and compute what PyTorch computed; nodes the engine cannot run are named.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <onnx/onnx_pb.h>

#include "engine/error.hpp"
#include "engine/model/onnx_import.hpp"
#include "golden.hpp"

using namespace cs;

namespace {

std::string model_path(const std::string& file) {
    return test::golden_dir() + "/onnx/" + file;
}

nlohmann::json expected_models() {
    std::ifstream in(model_path("expected.json"));
    return nlohmann::json::parse(in).at("models");
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("onnx import: PyTorch's exported models compute what PyTorch computed") {
    for (const nlohmann::json& m : expected_models()) {
        const std::string file = m.at("file");
        INFO(file);
        const OnnxModel model = read_onnx_file(model_path(file));
        CHECK(model.problems.empty());
        CHECK(model.opset == 11);
        CHECK(model.onnx_nodes == m.at("nodes").get<int64_t>());
        CHECK(model.input_name == "image");
        CHECK(model.output_name == "scores");
        const Tensor input = test::tensor_from_json(m.at("input"));
        const Tensor want = test::tensor_from_json(m.at("expected"));
        const Tensor got = model.graph.run(input).output();
        REQUIRE(got.shape() == want.shape());
        CHECK(test::worst_excess(got, want, 1e-5, 1e-4) <= 0);
    }
}

TEST_CASE("onnx import: nodes map onto the engine's ops with torch's parameters") {
    const OnnxModel model = read_onnx_file(model_path("residual.onnx"));
    std::map<std::string, int> ops;
    for (const GraphNode& node : model.graph.nodes()) {
        ++ops[node.op];
    }
    CHECK(ops["conv2d"] == 3);  // the batch norms after convs were folded in by the exporter
    CHECK(ops["batch_norm2d"] == 1);
    CHECK(ops["add"] == 1);
    CHECK(ops["adaptive_avg_pool2d"] == 1);
    CHECK(ops["linear"] == 1);
    const GraphNode& pool = model.graph.nodes()[model.graph.index_of("/pool/MaxPool")];
    CHECK(pool.params.at("ceil_mode") == true);
    CHECK(pool.params.at("padding") == nlohmann::json{1, 1});
    // Shapes follow from the file's input (3, 20, 18): the stem gives 10×9, and the ceil-mode
    // pool keeps a last window that starts inside the padded rows: ceil(9/2) + 1 = 6 rows.
    CHECK(model.graph.infos()[model.graph.index_of("/pool/MaxPool")].output_shape ==
          Shape{8, 6, 5});
}

TEST_CASE("onnx import: a node the engine cannot run is named and the rest still opens") {
    onnx::ModelProto proto;
    REQUIRE(proto.ParseFromString(file_bytes(model_path("residual.onnx"))));
    // Turn the global average pool into an op the engine does not have.
    for (auto& node : *proto.mutable_graph()->mutable_node()) {
        if (node.op_type() == "GlobalAveragePool") {
            node.set_op_type("GlobalLpPool");
        }
    }
    const OnnxModel model = parse_onnx(proto.SerializeAsString(), "changed.onnx");
    REQUIRE(model.problems.size() >= 2);
    CHECK_THAT(model.problems[0], Catch::Contains("(GlobalLpPool, opset 11)") &&
                                      Catch::Contains("the engine has no op for it yet"));
    CHECK_THAT(model.problems[1], Catch::Contains("could not give"));
    CHECK(model.graph.nodes().back().op == "relu");  // up to the node before the pool
}

TEST_CASE("onnx import: files that are not models are refused with a message") {
    CHECK_THROWS_WITH(parse_onnx("not a model at all", "notes.txt"),
                      Catch::Contains("notes.txt is not"));
    CHECK_THROWS_WITH(read_onnx_file(model_path("missing.onnx")), Catch::Contains("missing.onnx"));
    onnx::ModelProto empty;
    empty.set_ir_version(7);
    CHECK_THROWS_AS(parse_onnx(empty.SerializeAsString(), "empty.onnx"), Error);
}
