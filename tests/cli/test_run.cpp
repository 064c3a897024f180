// convscope-cli run: the maps it writes equal the engine's forward pass of the same pipeline.
#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/image_io.hpp"
#include "engine/pipeline/map_export.hpp"
#include "engine/pipeline/pipeline.hpp"

namespace fs = std::filesystem;
using namespace cs;

namespace {

using cs::test::run_cli;
using Result = cs::test::Run;

std::string pipeline_file(const std::string& name) {
    return std::string(CONVSCOPE_RESOURCE_DIR) + "/pipelines/" + name + ".json";
}

struct TempDir {
    fs::path path =
        fs::temp_directory_path() /
        ("convscope_run_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    TempDir() { fs::remove_all(path); }
    ~TempDir() { fs::remove_all(path); }
    static inline int counter = 0;
};

}  // namespace

TEST_CASE("cli run: the written maps equal the engine's forward pass, layer by layer") {
    for (const char* name :
         {"two_blocks", "lenet", "edge_detectors", "residual_block", "inception_block"}) {
        INFO(name);
        TempDir dir;
        const std::string image = std::string(CONVSCOPE_SAMPLE_DIR) + "/coffee.png";
        const Result r = run_cli("run " + pipeline_file(name) + " --image " + image + " --out " +
                                 dir.path.string() + " --npy");
        INFO(r.out);
        REQUIRE(r.exit_code == 0);
        const pipeline::PipelineSpec spec = pipeline::read_pipeline_file(pipeline_file(name));
        const Tensor input = pipeline::prepare_input(load_image(image), spec.input);
        const pipeline::Plan plan = pipeline::plan_pipeline(spec, input.shape());
        REQUIRE(plan.ok());
        const std::vector<Tensor> want = pipeline::forward_reference(plan, input);
        CHECK(pipeline::read_npy((dir.path / "input.npy").string()).values() == input.values());
        for (size_t i = 0; i < want.size(); ++i) {
            char stem[32];
            std::snprintf(stem, sizeof stem, "layer%02zu", i + 1);
            const Tensor got =
                pipeline::read_npy((dir.path / (std::string(stem) + ".npy")).string());
            INFO("layer " << i + 1);
            CHECK(got.shape() == want[i].shape());
            CHECK(got.values() == want[i].values());
        }
        CHECK(fs::exists(dir.path / "summary.json"));
        CHECK(fs::exists(dir.path / "layer01_conv2d_sheet.png"));
    }
}

TEST_CASE("cli run: one PNG per channel, and shapes and parameters in summary.json") {
    TempDir dir;
    const Result r = run_cli("run " + pipeline_file("edge_detectors") + " --image " +
                             CONVSCOPE_SAMPLE_DIR + "/checkerboard.png --out " + dir.path.string() +
                             " --colormap diverging --symmetric");
    REQUIRE(r.exit_code == 0);
    for (int c = 0; c < 4; ++c) {
        CHECK(fs::exists(dir.path / "layer01_conv2d" / ("c0" + std::to_string(c) + ".png")));
    }
    CHECK(image_info((dir.path / "layer03_max_pool2d" / "c00.png").string()).width == 128);
    std::ifstream file(dir.path / "summary.json");
    const nlohmann::json summary = nlohmann::json::parse(file);
    CHECK(summary["parameters"] == 36);
    CHECK(summary["layers"][0]["output_shape"] == nlohmann::json{1, 4, 256, 256});
    CHECK(summary["layers"][2]["receptive_field"]["size"][0] == 4.0);
}

TEST_CASE("cli run: the robust range (the default) colours an edge map as the window does") {
    // The share of a diverging map's pixels visibly off its neutral white.
    const auto off_white = [](const fs::path& png) {
        const Tensor rgb = load_image(png.string());  // (1, 3, H, W) in [0, 1]
        const int64_t plane = rgb.size(2) * rgb.size(3);
        int64_t off = 0;
        for (int64_t i = 0; i < plane; ++i) {
            const float low =
                std::min({rgb.data()[i], rgb.data()[plane + i], rgb.data()[2 * plane + i]});
            off += low < 1.0f - 24.0f / 255.0f ? 1 : 0;
        }
        return static_cast<double>(off) / static_cast<double>(plane);
    };
    TempDir robust, full;
    const std::string run = "run " + pipeline_file("edge_detectors") + " --image " +
                            CONVSCOPE_SAMPLE_DIR + "/chelsea.png --colormap diverging --symmetric";
    REQUIRE(run_cli(run + " --out " + robust.path.string()).exit_code == 0);
    REQUIRE(run_cli(run + " --range full --out " + full.path.string()).exit_code == 0);
    const fs::path map = fs::path("layer01_conv2d") / "c00.png";
    const double robust_off = off_white(robust.path / map);
    const double full_off = off_white(full.path / map);
    INFO("robust " << robust_off << ", full " << full_off);
    CHECK(robust_off > full_off);
    CHECK(run_cli(run + " --range some --out " + full.path.string()).exit_code != 0);
}

TEST_CASE("cli run: summary.json names what each layer reads and the field of every path") {
    TempDir dir;
    const Result r =
        run_cli("run " + pipeline_file("residual_block") + " --image " + CONVSCOPE_SAMPLE_DIR +
                "/checkerboard.png --out " + dir.path.string() + " --no-png");
    REQUIRE(r.exit_code == 0);
    std::ifstream file(dir.path / "summary.json");
    const nlohmann::json summary = nlohmann::json::parse(file);
    const nlohmann::json& sum = summary["layers"][5];
    CHECK(sum["name"] == "F(x) + x");
    CHECK(sum["reads"] == nlohmann::json{4, 1});
    CHECK(sum["receptive_field"]["size"][0] == 7.0);
    REQUIRE(sum["receptive_field"]["paths"].size() == 2);
    CHECK(sum["receptive_field"]["paths"][1]["route"] == nlohmann::json{"stem", "x", "F(x) + x"});
    CHECK(sum["receptive_field"]["paths"][1]["size"][0] == 3.0);
}

TEST_CASE("cli run: a pipeline lesson runs on its own photo") {
    TempDir dir;
    const Result r = run_cli("run " + std::string(CONVSCOPE_RESOURCE_DIR) +
                             "/lessons/playground_edge_maps.json --out " + dir.path.string());
    REQUIRE(r.exit_code == 0);
    std::ifstream file(dir.path / "summary.json");
    const nlohmann::json summary = nlohmann::json::parse(file);
    CHECK(summary["parameters"] == 36);
    CHECK(std::string(summary["image"]).find("chelsea.png") != std::string::npos);
    CHECK(fs::exists(dir.path / "layer03_max_pool2d" / "c03.png"));
}

TEST_CASE("cli run: a broken pipeline or a kernel larger than the image exits 2 with a message") {
    TempDir dir;
    fs::create_directories(dir.path);
    const fs::path bad = dir.path / "bad.json";
    std::ofstream(bad) << "{\"format\": \"convscope-pipeline\", \"layers\": [{\"op\": ";
    Result r = run_cli("run " + bad.string() + " --image " + CONVSCOPE_SAMPLE_DIR +
                       "/checkerboard.png --out " + (dir.path / "out").string());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("is not valid JSON"));

    std::ofstream(bad) << R"({"format": "convscope-pipeline", "input": {"size": [4, 4]},
        "layers": [{"op": "conv2d", "out_channels": 1, "kernel_size": 7}]})";
    r = run_cli("run " + bad.string() + " --image " + CONVSCOPE_SAMPLE_DIR +
                "/checkerboard.png --out " + (dir.path / "out").string());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("layer 1 (conv2d)") && Catch::Contains("larger"));
}
