// convscope-cli model info / model run: the CLI contract of ONNX import (docs/cli.md).
#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/pipeline/map_export.hpp"

namespace fs = std::filesystem;
using namespace cs;
using cs::test::run_cli;

namespace {

std::string onnx_file(const std::string& name) {
    return std::string(CONVSCOPE_GOLDEN_DIR) + "/onnx/" + name;
}

struct TempDir {
    fs::path path =
        fs::temp_directory_path() /
        ("convscope_model_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
    static inline int counter = 0;
};

Tensor tensor_of(const nlohmann::json& j) {
    return Tensor(j.at("shape").get<Shape>(), j.at("data").get<std::vector<float>>());
}

// The residual model's input and PyTorch's output for it (tests/golden/gen_onnx.py).
std::pair<Tensor, Tensor> residual_case() {
    std::ifstream in(onnx_file("expected.json"));
    const nlohmann::json doc = nlohmann::json::parse(in);
    for (const auto& m : doc.at("models")) {
        if (m.at("file") == "residual.onnx") {
            return {tensor_of(m.at("input")), tensor_of(m.at("expected"))};
        }
    }
    FAIL("residual.onnx is not in expected.json");
    return {};
}

void check_close(const Tensor& got, const Tensor& want) {
    REQUIRE(got.shape() == want.shape());
    for (int64_t i = 0; i < got.numel(); ++i) {
        CHECK(got.data()[i] == Approx(want.data()[i]).margin(1e-5).epsilon(1e-4));
    }
}

}  // namespace

TEST_CASE("cli model info: nodes, shapes, parameters and multiply-adds") {
    const auto r =
        run_cli("model info " + onnx_file("residual.onnx") + " --json", test::Streams::stderr_only);
    REQUIRE(r.exit_code == 0);
    const auto text = run_cli("model info " + onnx_file("residual.onnx") + " --json");
    const nlohmann::json info = nlohmann::json::parse(text.out);
    CHECK(info.at("opset") == 11);
    CHECK(info.at("input").at("shape") == nlohmann::json{3, 20, 18});
    const auto& nodes = info.at("nodes");
    REQUIRE(nodes.size() == 12);
    CHECK(nodes[0].at("op") == "conv2d");
    CHECK(nodes[0].at("output_shape") == nlohmann::json{8, 10, 9});
    CHECK(nodes[0].at("parameters") == 8 * 3 * 9 + 8);
    CHECK(nodes[0].at("multiply_adds") == 8 * 10 * 9 * 27);
    int64_t sum = 0;
    for (const auto& n : nodes) {
        sum += n.at("parameters").get<int64_t>();
    }
    CHECK(info.at("parameters") == sum);
    CHECK(info.at("problems").empty());
    const auto table = run_cli("model info " + onnx_file("inception.onnx"));
    REQUIRE(table.exit_code == 0);
    CHECK_THAT(table.out, Catch::Contains("cat") && Catch::Contains("multiply-adds"));
}

TEST_CASE("cli model run: output.npy holds what PyTorch computed") {
    const auto [input, expected] = residual_case();
    TempDir dir;
    const std::string in_path = (dir.path / "x.npy").string();
    pipeline::write_npy(input, in_path);
    const auto r = run_cli("model run " + onnx_file("residual.onnx") + " --input " + in_path +
                           " --out " + (dir.path / "out").string() + " --repeat 3");
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("\"median_ms\""));
    check_close(pipeline::read_npy((dir.path / "out" / "output.npy").string()), expected);
}

TEST_CASE("cli model run --all: one file per node, listed in nodes.json") {
    const auto [input, expected] = residual_case();
    TempDir dir;
    const std::string in_path = (dir.path / "x.npy").string();
    // (C, H, W) without the batch dimension is one example: the first of the case's batch.
    const int64_t example = input.numel() / input.size(0);
    const auto first = input.values().begin();
    pipeline::write_npy(Tensor({input.size(1), input.size(2), input.size(3)},
                               std::vector<float>(first, first + example)),
                        in_path);
    const auto scores = expected.values().begin();
    const Tensor expected_first({1, expected.size(1)},
                                std::vector<float>(scores, scores + expected.size(1)));
    const fs::path out = dir.path / "out";
    const auto r = run_cli("model run " + onnx_file("residual.onnx") + " --input " + in_path +
                           " --out " + out.string() + " --all");
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    std::ifstream index_file(out / "nodes.json");
    const nlohmann::json index = nlohmann::json::parse(index_file);
    REQUIRE(index.size() == 12);
    for (const auto& entry : index) {
        const Tensor value =
            pipeline::read_npy((out / entry.at("file").get<std::string>()).string());
        CHECK(value.shape() == entry.at("shape").get<Shape>());
    }
    check_close(pipeline::read_npy((out / index.back().at("file").get<std::string>()).string()),
                expected_first);
    CHECK(index[2].at("shape") == nlohmann::json{1, 8, 6, 5});
}

TEST_CASE("cli model run --image: the photo is preprocessed to the model's input") {
    TempDir dir;
    const std::string image = std::string(CONVSCOPE_SAMPLE_DIR) + "/coffee.png";
    const auto r = run_cli("model run " + onnx_file("residual.onnx") + " --image " + image +
                           " --imagenet --out " + dir.path.string() + " --all");
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK(pipeline::read_npy((dir.path / "output.npy").string()).shape() == Shape{1, 5});
    // The global average pool makes the model run on any size: 40 × 40 here.
    const auto other = run_cli("model run " + onnx_file("residual.onnx") + " --image " + image +
                               " --resize 40 --crop 40 --out " + dir.path.string() + " --all");
    INFO(other.out);
    REQUIRE(other.exit_code == 0);
    CHECK(pipeline::read_npy((dir.path / "input.npy").string()).shape() == Shape{1, 3, 40, 40});
    CHECK(pipeline::read_npy((dir.path / "output.npy").string()).shape() == Shape{1, 5});
}

TEST_CASE("cli model: bad models and inputs exit 2 with a message") {
    TempDir dir;
    const fs::path junk = dir.path / "junk.onnx";
    std::ofstream(junk) << "these bytes are not a model";
    const auto bad = run_cli("model info " + junk.string());
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.out, Catch::Contains("not an ONNX model"));
    const auto missing = run_cli("model info " + (dir.path / "none.onnx").string());
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.out, Catch::Contains("does not exist"));
    const fs::path broken = dir.path / "broken.npy";
    std::ofstream(broken) << "\x93NUMPY\x01";
    const auto npy = run_cli("model run " + onnx_file("residual.onnx") + " --input " +
                             broken.string() + " --out " + dir.path.string());
    CHECK(npy.exit_code == 2);
    CHECK_THAT(npy.out, Catch::Contains("broken.npy"));
    const auto neither =
        run_cli("model run " + onnx_file("residual.onnx") + " --out " + dir.path.string());
    CHECK(neither.exit_code == 2);
    CHECK_THAT(neither.out, Catch::Contains("--input"));
}

TEST_CASE("cli model export: a trained network and a pipeline become ONNX that runs again") {
    TempDir dir;
    const std::string resources = CONVSCOPE_RESOURCE_DIR;
    const std::string lenet = (dir.path / "lenet.onnx").string();
    const auto trained =
        run_cli("model export " + resources + "/weights/lenet_modern.csw --out " + lenet);
    INFO(trained.out);
    REQUIRE(trained.exit_code == 0);
    CHECK_THAT(trained.out, Catch::Contains("61706 parameters"));
    const auto info = run_cli("model info " + lenet);
    CHECK(info.exit_code == 0);
    CHECK_THAT(info.out, Catch::Contains("conv2d"));
    const std::string block = (dir.path / "block.onnx").string();
    const std::string pipeline = resources + "/pipelines/residual_block.json";
    const auto sized = run_cli("model export " + pipeline + " --out " + block + " --size 32 40");
    INFO(sized.out);
    REQUIRE(sized.exit_code == 0);
    const std::string x = (dir.path / "x.npy").string();
    pipeline::write_npy(Tensor({1, 3, 32, 40}, 0.5f), x);
    CHECK(
        run_cli("model run " + block + " --input " + x + " --out " + dir.path.string()).exit_code ==
        0);
}

TEST_CASE("cli model export: a pipeline without a size and an inexpressible op exit 2") {
    TempDir dir;
    const std::string pipeline = std::string(CONVSCOPE_RESOURCE_DIR) + "/pipelines/two_blocks.json";
    const auto unsized =
        run_cli("model export " + pipeline + " --out " + (dir.path / "x.onnx").string());
    CHECK(unsized.exit_code == 2);
    CHECK_THAT(unsized.out, Catch::Contains("--size H W"));
    const fs::path graph = dir.path / "wrap.json";
    std::ofstream(graph) << R"({"format": "convscope-graph", "version": 1, "input": [1, 4, 4],
        "nodes": [{"name": "pool", "op": "avg_pool2d", "inputs": ["input"],
                   "params": {"kernel_size": 2, "divisor_override": 3}}]})";
    const std::string out = (dir.path / "wrap.onnx").string();
    const auto refused = run_cli("model export " + graph.string() + " --out " + out);
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.out, Catch::Contains("divisor_override"));
    CHECK_FALSE(fs::exists(out));
}
