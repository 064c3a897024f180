// Pipelines: files, shapes and parameter counts of the shipped pipelines, weights, bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "engine/error.hpp"
#include "engine/pipeline/input_image.hpp"
#include "engine/pipeline/kernel_bank.hpp"
#include "engine/pipeline/pipeline.hpp"

using namespace cs;
using namespace cs::pipeline;

namespace {

std::string shipped(const std::string& name) {
    return std::string(CONVSCOPE_SAMPLE_DIR) + "/../resources/pipelines/" + name + ".json";
}

std::vector<Shape> output_shapes(const Plan& plan) {
    std::vector<Shape> shapes;
    for (const PlannedLayer& l : plan.layers) {
        shapes.push_back(l.output.shape);
    }
    return shapes;
}

std::vector<int64_t> parameter_counts(const Plan& plan) {
    std::vector<int64_t> counts;
    for (const PlannedLayer& l : plan.layers) {
        counts.push_back(l.parameters);
    }
    return counts;
}

}  // namespace

TEST_CASE("pipeline: the LeNet pipeline has LeNet's shapes and parameter counts") {
    const PipelineSpec spec = read_pipeline_file(shipped("lenet"));
    REQUIRE(spec.input.size == Pair{28, 28});
    const Plan plan = plan_pipeline(spec, {1, 1, 28, 28});
    REQUIRE(plan.ok());
    CHECK(output_shapes(plan) == std::vector<Shape>{{1, 6, 28, 28},
                                                    {1, 6, 28, 28},
                                                    {1, 6, 14, 14},
                                                    {1, 16, 10, 10},
                                                    {1, 16, 10, 10},
                                                    {1, 16, 5, 5},
                                                    {1, 400},
                                                    {1, 120},
                                                    {1, 120},
                                                    {1, 84},
                                                    {1, 84},
                                                    {1, 10}});
    // conv 6·1·5·5 + 6, conv 16·6·5·5 + 16, fc 120·400 + 120, 84·120 + 84, 10·84 + 10
    CHECK(parameter_counts(plan) ==
          std::vector<int64_t>{156, 0, 0, 2416, 0, 0, 0, 48120, 0, 10164, 0, 850});
    CHECK(plan.parameters() == 61706);
    CHECK(plan.layers[0].parameter_formula == "6 × 1 × 5 × 5 + 6 = 156");
    CHECK(plan.layers[3].output.formulas.at(0) == "⌊(14 + 2·0 − 1·(5 − 1) − 1) / 1⌋ + 1 = 10");
    // Any photo becomes 1×28×28 gray.
    const Tensor input = prepare_input(Tensor({1, 3, 60, 90}, 0.5f), spec.input);
    CHECK(input.shape() == Shape{1, 1, 28, 28});
}

TEST_CASE("pipeline: the edge-detector bank holds the Laplacian, Sobel and blur presets") {
    const PipelineSpec spec = read_pipeline_file(shipped("edge_detectors"));
    const Plan plan = plan_pipeline(spec, {1, 1, 50, 70});
    REQUIRE(plan.ok());
    CHECK(output_shapes(plan) ==
          std::vector<Shape>{{1, 4, 50, 70}, {1, 4, 50, 70}, {1, 4, 25, 35}});
    CHECK(parameter_counts(plan) == std::vector<int64_t>{36, 0, 0});
    const Tensor& w = plan.layers[0].call.weight;
    CHECK(plan.layers[0].call.bias.empty());
    // clang-format off
    const std::vector<float> sobel_x = {-1, 0, 1,
                                        -2, 0, 2,
                                        -1, 0, 1};
    // clang-format on
    CHECK(std::vector<float>(w.data() + 9, w.data() + 18) == sobel_x);
    CHECK(w.at({0, 0, 1, 1}) == -4.0f);  // Laplacian centre
    CHECK(w.at({3, 0, 0, 0}) == Approx(1.0f / 9.0f));
    // On a colour photo each input channel gets a third, so gray scenes give the same map.
    const Plan rgb = plan_pipeline(spec, {1, 3, 50, 70});
    CHECK(rgb.layers[0].call.weight.at({1, 2, 0, 2}) == Approx(1.0f / 3.0f));
}

TEST_CASE("pipeline: the VGG block and the two-block benchmark pipeline") {
    const Plan vgg = plan_pipeline(read_pipeline_file(shipped("vgg_block")), {1, 3, 224, 224});
    REQUIRE(vgg.ok());
    CHECK(output_shapes(vgg) == std::vector<Shape>{{1, 16, 224, 224},
                                                   {1, 16, 224, 224},
                                                   {1, 16, 224, 224},
                                                   {1, 16, 224, 224},
                                                   {1, 16, 112, 112}});
    CHECK(parameter_counts(vgg) == std::vector<int64_t>{448, 0, 2320, 0, 0});
    const Plan two = plan_pipeline(read_pipeline_file(shipped("two_blocks")), {1, 3, 1080, 1920});
    REQUIRE(two.ok());
    CHECK(two.layers.back().output.shape == Shape{1, 8, 270, 480});
    CHECK(two.parameters() == 224 + 584);
}

TEST_CASE("pipeline: the residual and Inception blocks join their paths") {
    const Plan residual =
        plan_pipeline(read_pipeline_file(shipped("residual_block")), {1, 3, 40, 30});
    REQUIRE(residual.ok());
    CHECK(residual.layers[5].sources == std::vector<int64_t>{4, 1});
    CHECK(residual.layers[6].output.shape == Shape{1, 8, 40, 30});
    const Plan inception =
        plan_pipeline(read_pipeline_file(shipped("inception_block")), {1, 1, 28, 28});
    REQUIRE(inception.ok());
    CHECK(inception.layers[8].output.shape == Shape{1, 12, 28, 28});  // 4 + 4 + 2 + 2
    CHECK(inception.consumers()[0] == std::vector<size_t>{1, 2, 4, 6});
}

TEST_CASE("pipeline: files round-trip through JSON") {
    for (const char* name : {"lenet", "edge_detectors", "vgg_block", "two_blocks", "residual_block",
                             "inception_block"}) {
        const PipelineSpec spec = read_pipeline_file(shipped(name));
        CHECK(pipeline_from_json(pipeline_to_json(spec)) == spec);
    }
    PipelineSpec spec;
    LayerSpec conv = default_layer("conv2d");
    conv.init = WeightInit::values;
    conv.out_channels = 2;
    conv.kernel_size = {1, 1};
    conv.weight = Tensor({2, 1, 1, 1}, std::vector<float>{0.25f, -3.5f});
    conv.bias_values = Tensor({2}, std::vector<float>{1.0f, 2.0f});
    spec.layers = {conv, default_layer("max_pool2d"), default_layer("flatten"),
                   default_layer("linear")};
    spec.input.size = Pair{6, 8};
    CHECK(pipeline_from_json(pipeline_to_json(spec)) == spec);
}

TEST_CASE("pipeline: a pipeline saved as a lesson file reads back the same") {
    PipelineSpec spec = read_pipeline_file(shipped("edge_detectors"));
    spec.image = "photos/cat.png";
    const nlohmann::json lesson = pipeline_lesson_to_json(spec);
    CHECK(lesson["format"] == "convscope-lesson");
    CHECK(lesson["view"]["mode"] == "playground");
    CHECK(lesson["title"]["en"] == spec.name);
    CHECK(lesson["title"]["zh"] == spec.name_zh);
    CHECK(lesson["input"]["image"] == "photos/cat.png");
    CHECK(is_pipeline_lesson(lesson));
    CHECK_FALSE(is_pipeline_lesson(pipeline_to_json(spec)));
    CHECK(pipeline_from_json(lesson) == spec);
    CHECK(parse_pipeline(lesson.dump(), "lesson.json") == spec);
    // The shipped playground lesson opens as a pipeline.
    const PipelineSpec shipped_lesson = read_pipeline_file(
        std::string(CONVSCOPE_SAMPLE_DIR) + "/../resources/lessons/playground_edge_maps.json");
    CHECK(shipped_lesson.layers.size() == 3);
    CHECK(shipped_lesson.image == "../../sample_images/chelsea.png");
    // A lesson of one operation is not a pipeline: the message says where to open it.
    CHECK_THROWS_WITH(read_pipeline_file(std::string(CONVSCOPE_SAMPLE_DIR) +
                                         "/../resources/lessons/pool_max_2x2.json"),
                      Catch::Contains("Open Lesson"));
    nlohmann::json broken = lesson;
    broken["pipeline"] = 3;
    CHECK_THROWS_WITH(pipeline_from_json(broken), Catch::Contains("\"pipeline\""));
    broken = lesson;
    broken["title"] = 7;
    CHECK_THROWS_WITH(pipeline_from_json(broken), Catch::Contains("\"title\""));
}

TEST_CASE("pipeline: random initialisation is PyTorch's bound, the same for the same seed") {
    LayerSpec conv = default_layer("conv2d", 42);
    Tensor w1, b1, w2, b2;
    build_weights(conv, {1, 3, 10, 10}, 0, w1, b1);
    build_weights(conv, {1, 3, 10, 10}, 0, w2, b2);
    CHECK(w1.values() == w2.values());
    CHECK(b1.values() == b2.values());
    const float bound = 1.0f / std::sqrt(27.0f);  // fan_in = 3·3·3
    float largest = 0.0f;
    for (float v : w1.values()) {
        largest = std::max(largest, std::abs(v));
    }
    CHECK(largest <= bound);
    CHECK(largest > 0.8f * bound);
    conv.seed = 43;
    build_weights(conv, {1, 3, 10, 10}, 0, w2, b2);
    CHECK(w1.values() != w2.values());
}

TEST_CASE("pipeline: a layer that does not fit stops the plan with the engine's message") {
    PipelineSpec spec;
    LayerSpec big = default_layer("conv2d");
    big.kernel_size = {9, 9};
    big.params = nlohmann::json::object();
    spec.layers = {default_layer("conv2d"), default_layer("max_pool2d"), big};
    const Plan plan = plan_pipeline(spec, {1, 3, 12, 12});
    CHECK(plan.layers.size() == 2);
    REQUIRE(plan.error_layer == size_t{2});
    CHECK_THAT(plan.error, Catch::Contains("layer 3 (conv2d)") &&
                               Catch::Contains("larger than the padded input"));
}

TEST_CASE("pipeline: bad files and bad weights give clear messages") {
    CHECK_THROWS_WITH(
        parse_pipeline("{\"format\": \"convscope-pipeline\", \"layers\": [", "broken.json"),
        Catch::Contains("broken.json is not valid JSON"));
    CHECK_THROWS_WITH(parse_pipeline("{\"layers\": []}", "x"),
                      Catch::Contains("\"format\" must be \"convscope-pipeline\""));
    CHECK_THROWS_WITH(
        parse_pipeline(R"({"format": "convscope-pipeline", "layers": [{"op": "conv3d"}]})", "x"),
        Catch::Contains("layer 1 (conv3d): unknown op"));
    CHECK_THROWS_WITH(parse_pipeline(R"({"format": "convscope-pipeline", "layers": [{"op": "conv2d",
            "out_channels": 2, "kernel_size": 3, "init": "preset", "presets": ["sobel_x"]}]})",
                                     "x"),
                      Catch::Contains("1 presets for 2 output channels"));
    CHECK_THROWS_WITH(parse_pipeline(R"({"format": "convscope-pipeline", "layers": [{"op": "conv2d",
            "out_channels": 1, "kernel_size": 1, "bias": false, "init": "values",
            "weight": {"shape": [1, 1, 1, 1], "data": [null]}}]})",
                                     "x"),
                      Catch::Contains("weight"));
    std::string many = R"({"format": "convscope-pipeline", "layers": [)";
    for (int i = 0; i < 1000; ++i) {
        many += std::string(i ? "," : "") + R"({"op": "relu"})";
    }
    many += "]}";
    CHECK_THROWS_WITH(parse_pipeline(many, "x"), Catch::Contains("at most 256"));

    LayerSpec nan_layer = default_layer("conv2d");
    nan_layer.init = WeightInit::values;
    nan_layer.out_channels = 1;
    nan_layer.kernel_size = {1, 1};
    nan_layer.bias = false;
    nan_layer.weight = Tensor({1, 1, 1, 1}, std::vector<float>{NAN});
    PipelineSpec spec;
    spec.layers = {nan_layer};
    const Plan plan = plan_pipeline(spec, {1, 1, 4, 4});
    CHECK_THAT(plan.error, Catch::Contains("not a finite number"));

    // A fully connected layer straight after a full-resolution photo.
    spec.layers = {default_layer("flatten"), default_layer("linear")};
    spec.layers[1].out_channels = 100;
    const Plan huge = plan_pipeline(spec, {1, 3, 1080, 1920});
    CHECK_THAT(huge.error, Catch::Contains("would need 622080000 weights"));

    // Stored weights that no longer match the input's channels.
    nan_layer.weight = Tensor({1, 1, 1, 1}, 1.0f);
    spec.layers = {nan_layer};
    CHECK_THAT(plan_pipeline(spec, {1, 3, 4, 4}).error,
               Catch::Contains("the stored weight has shape [1, 1, 1, 1]") &&
                   Catch::Contains("needs [1, 3, 1, 1]"));
    CHECK_THROWS_WITH(preset_kernel("nope"), Catch::Contains("known presets: identity"));
}

TEST_CASE("pipeline: input preparation converts to gray like torchvision and resizes by area") {
    Tensor rgb({1, 3, 2, 2});
    for (int64_t i = 0; i < 12; ++i) {
        rgb.data()[i] = static_cast<float>(i) / 12.0f;
    }
    const Tensor gray = prepare_input(rgb, InputSpec{.channels = 1, .size = {}});
    CHECK(gray.shape() == Shape{1, 1, 2, 2});
    CHECK(gray.data()[1] ==
          0.2989f * rgb.data()[1] + 0.587f * rgb.data()[5] + 0.114f * rgb.data()[9]);
    // clang-format off
    const Tensor four({1, 1, 4, 4}, std::vector<float>{1, 2, 3, 4,
                                                       5, 6, 7, 8,
                                                       9, 10, 11, 12,
                                                       13, 14, 15, 16});
    // clang-format on
    CHECK(resize_area(four, {2, 2}).values() == std::vector<float>{3.5f, 5.5f, 11.5f, 13.5f});
    // 3 → 2: windows [0, 2) and [1, 3), as adaptive_avg_pool2d.
    const Tensor three({1, 1, 1, 3}, std::vector<float>{1, 2, 4});
    CHECK(resize_area(three, {1, 2}).values() == std::vector<float>{1.5f, 3.0f});
    CHECK(fit_size(3000, 4000, 1000) == Pair{750, 1000});
}

TEST_CASE("pipeline: an 8-bit photo is stored as bytes and gives back the same floats") {
    Tensor image({1, 3, 5, 7});
    for (int64_t i = 0; i < image.numel(); ++i) {
        image.data()[i] = static_cast<float>((i * 37) % 256) * (1.0f / 255.0f);
    }
    const InputImage compact(image);
    CHECK(compact.compact());
    CHECK(compact.bytes() == image.numel());
    CHECK(compact.to_tensor().values() == image.values());
    image.data()[3] = 0.123456f;  // not one of 256 levels any more... but still unique: stays
    image.data()[4] = 0.123457f;  // two floats for the same level: floats are kept
    const InputImage floats(image);
    CHECK_FALSE(floats.compact());
    CHECK(floats.to_tensor().values() == image.values());
}
