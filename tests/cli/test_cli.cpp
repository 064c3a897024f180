#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

using cs::test::run_cli;
using Run = cs::test::Run;

}  // namespace

TEST_CASE("cli: --help lists the commands") {
    const Run r = run_cli("--help");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("info") && Catch::Contains("eval"));
}

TEST_CASE("cli: info prints the size of a sample image") {
    const Run r = run_cli(std::string("info ") + CONVSCOPE_SAMPLE_DIR + "/checkerboard.png");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("width: 256") && Catch::Contains("bit depth: 8"));
}

TEST_CASE("cli: info on a missing file exits 2 with a message") {
    const Run r = run_cli("info /nonexistent.png");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("/nonexistent.png"));
}

TEST_CASE("cli: every shipped lesson renders two frames with the window's painter") {
    const std::string lessons = std::string(CONVSCOPE_RESOURCE_DIR) + "/lessons";
    const std::string out = "/tmp/convscope_cli_render_test";
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(lessons)) {
        if (entry.path().extension() != ".json" ||
            entry.path().filename().string().rfind("lenet", 0) == 0 ||
            entry.path().filename().string().rfind("playground", 0) == 0) {
            continue;  // training and playground lessons describe a network, not a frame
        }
        INFO(entry.path().string());
        std::filesystem::remove_all(out);
        const Run r =
            run_cli("render " + entry.path().string() + " --steps 0:1 --size 640x400 --out " + out);
        CHECK(r.exit_code == 0);
        CHECK(std::filesystem::exists(out + "/step_00000.png"));
        CHECK(std::filesystem::exists(out + "/step_00001.png"));
        ++count;
    }
    CHECK(count >= 10);
}

TEST_CASE("cli: render writes an MP4 video") {
    const std::string video = "/tmp/convscope_cli_render_test.mp4";
    std::filesystem::remove(video);
    const Run r =
        run_cli("render " + std::string(CONVSCOPE_RESOURCE_DIR) +
                "/lessons/conv_5x5_pad1_stride2.json --video " + video + " --size 640x400");
    CHECK(r.exit_code == 0);
    CHECK(std::filesystem::file_size(video) > 1000);
}

TEST_CASE("cli: render of a broken lesson exits non-zero with a message") {
    const std::string path = "/tmp/convscope_broken_lesson.json";
    std::ofstream(path)
        << R"({"format": "convscope-lesson", "version": 1, "op": "conv2d", "input": 3})";
    const Run r = run_cli("render " + path + " --out /tmp/convscope_never");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("input"));
}

TEST_CASE("cli: render of a training lesson or a pipeline exits 2 naming the command to use") {
    const std::string resources = CONVSCOPE_RESOURCE_DIR;
    for (const std::string name : {"lenet_d2l", "lenet_modern"}) {
        INFO(name);
        const Run r = run_cli("render " + resources + "/lessons/" + name +
                              ".json --out /tmp/convscope_never");
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.out, Catch::Contains("convscope-cli train"));
    }
    const Run r =
        run_cli("render " + resources + "/pipelines/lenet.json --out /tmp/convscope_never");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("convscope-cli run"));
}

TEST_CASE("cli: eval and trace of a conv2d case agree") {
    const std::string path = "/tmp/convscope_cli_case.json";
    std::ofstream(path)
        << R"({"op": "conv2d", "input": {"shape": [1, 1, 3, 3], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9]},
        "weight": {"shape": [1, 1, 2, 2], "data": [1, 0, 0, -1]}, "params": {"stride": 1}})";
    const Run eval = run_cli("eval " + path);
    CHECK(eval.exit_code == 0);
    CHECK_THAT(eval.out, Catch::Contains("\"shape\":[1,1,2,2]") && Catch::Contains("-4.0"));
    const Run trace = run_cli("trace " + path + " --step 3");
    CHECK(trace.exit_code == 0);
    CHECK_THAT(trace.out,
               Catch::Contains("\"at\":[0,0,1,1]") && Catch::Contains("\"output\":-4.0"));
    const Run bad = run_cli("trace " + path + " --step 9");
    CHECK(bad.exit_code == 2);
}

TEST_CASE("cli: stride 0 is rejected with exit code 2 and the rule") {
    const std::string path = "/tmp/convscope_cli_stride0.json";
    std::ofstream(path)
        << R"({"op": "conv2d", "input": {"shape": [1, 1, 3, 3], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9]},
        "weight": {"shape": [1, 1, 2, 2], "data": [1, 0, 0, -1]}, "params": {"stride": 0}})";
    const Run r = run_cli("eval " + path);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("stride"));
    // The CLI speaks English: the engine's own sentence, which the window translates by its id.
    CHECK_THAT(r.out,
               Catch::Contains("conv2d: stride must be at least 1 in both directions, got (0, 0)"));
}

namespace {

// A small network: conv 1 → 2 (3×3, padding 1), relu, global average pool, flatten, linear
// 2 → 3, with a residual-style add of the conv and relu outputs.
std::string small_network_file() {
    const std::string path = std::filesystem::temp_directory_path() /
                             ("convscope-cli-net-" + std::to_string(getpid()) + ".json");
    std::ofstream(path) << R"({"format": "convscope-graph", "version": 1, "input": [1, 4, 4],
      "nodes": [
        {"name": "conv", "op": "conv2d", "inputs": ["input"], "params": {"padding": 1},
         "weight": {"shape": [2, 1, 3, 3], "data": [1,0,0, 0,1,0, 0,0,1, 0,0,0, 0,2,0, 0,0,0]},
         "bias": {"shape": [2], "data": [0.5, -0.5]}},
        {"name": "act", "op": "relu", "inputs": ["conv"]},
        {"name": "sum", "op": "add", "inputs": ["conv", "act"]},
        {"name": "gap", "op": "adaptive_avg_pool2d", "inputs": ["sum"], "params": {"output_size": 1}},
        {"name": "flat", "op": "flatten", "inputs": ["gap"]},
        {"name": "fc", "op": "linear", "inputs": ["flat"],
         "weight": {"shape": [3, 2], "data": [1, 0, 0, 1, 1, 1]}, "bias": null}],
      "output": "fc"})";
    return path;
}

}  // namespace

TEST_CASE("cli: info lists a network's nodes with shapes, parameters and multiply-adds") {
    const std::string path = small_network_file();
    const Run r = run_cli("info " + path);
    std::filesystem::remove(path);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("conv, act") && Catch::Contains("[2, 4, 4]") &&
                          Catch::Contains("parameters: 26") &&
                          Catch::Contains("multiply-adds per example: 294"));
    // Receptive fields: the conv's 3×3 reaches the add by two paths with the same field
    // (listed once); the global pool sees the whole input.
    CHECK_THAT(r.out, Catch::Contains("3×3") && Catch::Contains("whole"));
    CHECK_THAT(r.out, !Catch::Contains("one per path"));
}

TEST_CASE("cli: info names the node of a broken network and exits 2") {
    const std::string path = small_network_file();
    std::string text;
    {
        std::ifstream in(path);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    text.replace(text.find("\"inputs\": [\"conv\", \"act\"]"), 25,
                 "\"inputs\": [\"conv\", \"axt\"]");
    std::ofstream(path) << text;
    const Run r = run_cli("info " + path);
    std::filesystem::remove(path);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("node \"sum\" reads \"axt\""));
}

TEST_CASE("cli: info --op prints an op's parameters from the engine's description") {
    const Run r = run_cli("info --op avg_pool2d");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("torch.nn module: AvgPool2d"));
    CHECK_THAT(r.out, Catch::Contains("count_include_pad") && Catch::Contains("default true"));
    const Run j = run_cli("info --op conv2d --json");
    REQUIRE(j.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(j.out.substr(j.out.find('{')));
    CHECK(doc["torch_module"] == "Conv2d");
    CHECK(doc["parameters"][2]["name"] == "stride");
    CHECK(doc["parameters"][2]["default"] == 1);
    const Run unknown = run_cli("info --op conv3d");
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.out, Catch::Contains("unknown op \"conv3d\""));
    CHECK(run_cli("info").exit_code != 0);
}
