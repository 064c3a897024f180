// Pipelines with branches and joins (version 2 files): reading and writing, the messages for
// bad references, edits that keep references pointing at the same layer, and receptive
// fields along every path.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/pipeline/pipeline.hpp"
#include "engine/pipeline/pipeline_graph.hpp"
#include "engine/pipeline/receptive_field.hpp"

using namespace cs;
using namespace cs::pipeline;

namespace {

LayerSpec conv3(std::string name = {}, std::vector<std::string> inputs = {}) {
    LayerSpec l = default_layer("conv2d");
    l.out_channels = 2;
    l.params = {{"padding", 1}};
    l.name = std::move(name);
    l.inputs = std::move(inputs);
    return l;
}

LayerSpec join(const std::string& op, std::vector<std::string> inputs) {
    LayerSpec l = default_layer(op);
    l.inputs = std::move(inputs);
    return l;
}

// conv "c1" → relu → conv → add(3, c1): a residual block.
PipelineSpec residual() {
    PipelineSpec spec;
    spec.layers = {conv3("c1"), default_layer("relu"), conv3(), join("add", {"3", "c1"})};
    return spec;
}

std::string reading(const std::string& layers) {
    return R"({"format": "convscope-pipeline", "version": 2, "layers": [)" + layers + "]}";
}

}  // namespace

TEST_CASE("pipeline branches: version 2 files round-trip and chains are still version 1") {
    const PipelineSpec spec = residual();
    const nlohmann::json doc = pipeline_to_json(spec);
    CHECK(doc.at("version") == 2);
    CHECK(doc.at("layers")[3].at("inputs") == nlohmann::json{"3", "c1"});
    CHECK(pipeline_from_json(doc) == spec);
    PipelineSpec chain;
    chain.layers = {conv3(), default_layer("relu")};
    CHECK(pipeline_to_json(chain).at("version") == 1);
    // Layers may be named by number in a file, as JSON numbers too.
    const PipelineSpec by_number =
        parse_pipeline(reading(R"({"op": "relu"}, {"op": "add", "inputs": [1, "input"]})"), "x");
    CHECK(by_number.layers[1].inputs == std::vector<std::string>{"1", "input"});
    CHECK(plan_pipeline(by_number, {1, 1, 4, 4}).ok());
}

TEST_CASE("pipeline branches: bad names and references are refused naming the layer") {
    CHECK_THROWS_WITH(parse_pipeline(reading(R"({"op": "relu", "inputs": ["nope"]})"), "x"),
                      Catch::Contains("layer 1 (relu) reads \"nope\", which is neither"));
    CHECK_THROWS_WITH(
        parse_pipeline(reading(R"({"op": "relu", "inputs": ["b"]}, {"op": "relu", "name": "b"})"),
                       "x"),
        Catch::Contains("comes after it; a layer can only read layers above it"));
    CHECK_THROWS_WITH(parse_pipeline(reading(R"({"op": "relu", "name": "7"})"), "x"),
                      Catch::Contains("is a number"));
    CHECK_THROWS_WITH(parse_pipeline(reading(R"({"op": "relu", "name": "input"})"), "x"),
                      Catch::Contains("no layer may be called \"input\""));
    CHECK_THROWS_WITH(
        parse_pipeline(reading(R"({"op": "relu", "name": "a"}, {"op": "relu", "name": "a"})"), "x"),
        Catch::Contains("two layers are called \"a\""));
    CHECK_THROWS_WITH(
        parse_pipeline(reading(R"({"op": "relu"}, {"op": "add", "inputs": [1]})"), "x"),
        Catch::Contains("layer 2 (add) reads 2 values, but 1 are named"));
    CHECK_THROWS_WITH(parse_pipeline(reading(R"({"op": "add"})"), "x"),
                      Catch::Contains("name the layers it adds"));
    CHECK_THROWS_WITH(parse_pipeline(reading(R"({"op": "relu", "inputs": "input"})"), "x"),
                      Catch::Contains("must be a list of layer names"));
    CHECK_THROWS_WITH(
        parse_pipeline(R"({"format": "convscope-pipeline", "version": 3, "layers": []})", "x"),
        Catch::Contains("written by a newer ConvScope"));
}

TEST_CASE("pipeline branches: a join of maps that do not match stops the plan there") {
    PipelineSpec spec = residual();
    spec.layers[2].out_channels = 3;  // 3 channels cannot be added to c1's 2
    const Plan plan = plan_pipeline(spec, {1, 1, 8, 8});
    REQUIRE(plan.error_layer == size_t{3});
    CHECK_THAT(plan.error, Catch::StartsWith("layer 4 (add): "));
    CHECK(plan.layers.size() == 3);
}

TEST_CASE("pipeline branches: inserting, removing and moving keep references on their layer") {
    const PipelineSpec spec = residual();
    // A layer inserted on top: "3" is now layer 4.
    const PipelineSpec inserted = with_layer_inserted(spec, 0, default_layer("relu"));
    CHECK(inserted.layers[4].inputs == std::vector<std::string>{"4", "c1"});
    CHECK(plan_pipeline(inserted, {1, 1, 8, 8}).ok());
    // Removing the conv the add reads: the add reads the relu above it instead.
    const PipelineSpec removed = with_layer_removed(spec, 2);
    CHECK(removed.layers[2].inputs == std::vector<std::string>{"2", "c1"});
    // Removing the named c1: its readers read the input.
    const PipelineSpec no_c1 = with_layer_removed(spec, 0);
    CHECK(no_c1.layers[2].inputs == std::vector<std::string>{"2", "input"});
    // Moving the relu above c1: the add still reads the same conv, now its own number 3.
    const PipelineSpec moved = with_layer_moved(spec, 1, 0);
    CHECK(moved.layers[3].inputs == std::vector<std::string>{"3", "c1"});
    const PipelineSpec down = with_layer_moved(spec, 2, 0);
    CHECK(down.layers[3].inputs == std::vector<std::string>{"1", "c1"});
}

TEST_CASE("pipeline branches: receptive fields follow every path, the largest is the layer's") {
    const Plan plan = plan_pipeline(residual(), {1, 1, 16, 16});
    REQUIRE(plan.ok());
    const std::vector<NodeField> paths = path_fields(plan);
    REQUIRE(paths[3].paths.size() == 2);
    CHECK(paths[3].paths[0].field.h.size == 5);  // through both convs
    CHECK(route_text(paths[3].paths[0].route) == "input → c1 → 2 → 3 → 4");
    CHECK(paths[3].paths[1].field.h.size == 3);  // the shortcut
    CHECK(receptive_fields(plan)[3].h.size == 5);
    // The window of one pixel of the sum: on c1 it holds the 3×3 the second conv reads and the
    // pixel itself the shortcut reads.
    const PixelField field = pixel_field(plan, 3, 8, 8);
    CHECK(field.windows[1].y0 == 7);
    CHECK(field.windows[1].height() == 3);
    CHECK(field.windows[0].height() == 5);
}
