#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/train/lesson.hpp"
#include "engine/train/network_spec.hpp"

using namespace cs;

namespace {

Lesson lesson_file(const std::string& name) {
    return read_lesson_file(std::string(CONVSCOPE_RESOURCE_DIR) + "/lessons/" + name);
}

}  // namespace

TEST_CASE("network: d2l's LeNet has the book's shapes and 61,706 parameters") {
    const Lesson lesson = lesson_file("lenet_d2l.json");
    const std::vector<LayerInfo> layers = describe_network(lesson.network);
    REQUIRE(layers.size() == 12);
    // 1×28×28 → 6×28×28 → 6×14×14 → 16×10×10 → 16×5×5 → 400 → 120 → 84 → 10
    CHECK(layers[0].output_shape == Shape{6, 28, 28});
    CHECK(layers[2].output_shape == Shape{6, 14, 14});
    CHECK(layers[3].output_shape == Shape{16, 10, 10});
    CHECK(layers[5].output_shape == Shape{16, 5, 5});
    CHECK(layers[6].output_shape == Shape{400});
    CHECK(layers[7].output_shape == Shape{120});
    CHECK(layers[9].output_shape == Shape{84});
    CHECK(layers[11].output_shape == Shape{10});
    CHECK(layers[0].parameter_count == 6 * 25 + 6);
    CHECK(layers[3].parameter_count == 16 * 6 * 25 + 16);
    CHECK(layers[7].parameter_count == 400 * 120 + 120);
    CHECK(layers[9].parameter_count == 120 * 84 + 84);
    CHECK(layers[11].parameter_count == 84 * 10 + 10);
    CHECK(layers[1].parameter_count == 0);
    CHECK(parameter_count(lesson.network) == 61706);
    CHECK(layers[0].weight_shape == Shape{6, 1, 5, 5});
    CHECK(layers[7].weight_shape == Shape{120, 400});
    CHECK(layers[0].label == "Conv2d(1 → 6, 5×5, padding 2)");
    CHECK(layers[2].label == "AvgPool2d(2×2)");
    CHECK(layers[0].formulas[0] == "height ⌊(28 + 2·2 − 5) / 1⌋ + 1 = 28");
    CHECK(layers[6].formulas[0] == "16·5·5 = 400");
}

TEST_CASE("network: the lesson files carry their optimiser and hyper-parameters") {
    const Lesson d2l = lesson_file("lenet_d2l.json");
    REQUIRE(std::holds_alternative<SgdConfig>(d2l.optimizer));
    CHECK(std::get<SgdConfig>(d2l.optimizer).lr == 0.9);
    CHECK(d2l.training.batch_size == 256);
    CHECK(d2l.training.epochs == 10);
    CHECK(d2l.init.weight == WeightInit::xavier_uniform);

    const Lesson modern = lesson_file("lenet_modern.json");
    REQUIRE(std::holds_alternative<AdamConfig>(modern.optimizer));
    CHECK(modern.network.layers[1].kind == LayerKind::relu);
    CHECK(modern.network.layers[2].kind == LayerKind::max_pool2d);
    CHECK(parameter_count(modern.network) == 61706);
}

TEST_CASE("network: a lesson survives a round trip through JSON") {
    const Lesson a = lesson_file("lenet_modern.json");
    const Lesson b = lesson_from_json(lesson_to_json(a));
    CHECK(lesson_to_json(b) == lesson_to_json(a));
    CHECK(b.network.layers[2].stride == Pair{2, 2});
}

TEST_CASE("network: pooling stride defaults to the kernel size, as torch") {
    const LayerSpec pool = layer_from_json({{"type", "max_pool2d"}, {"kernel_size", 3}}, "layer 0");
    CHECK(pool.stride == Pair{3, 3});
    const LayerSpec conv = layer_from_json(
        {{"type", "conv2d"}, {"out_channels", 4}, {"kernel_size", {3, 1}}}, "layer 0");
    CHECK(conv.kernel_size == Pair{3, 1});
    CHECK(conv.stride == Pair{1, 1});
}

TEST_CASE("network: mistakes in a layer stack are explained") {
    NetworkSpec spec;
    spec.input = {1, 28, 28};
    spec.layers = {{.kind = LayerKind::linear, .out_features = 10}};
    CHECK_THROWS_WITH(describe_network(spec), Catch::Contains("layer 0 (linear)") &&
                                                  Catch::Contains("put a flatten layer"));
    spec.layers = {
        {.kind = LayerKind::conv2d, .out_channels = 2, .kernel_size = {30, 30}, .stride = {1, 1}}};
    CHECK_THROWS_WITH(describe_network(spec), Catch::Contains("does not fit"));
    spec.layers = {{.kind = LayerKind::flatten},
                   {.kind = LayerKind::max_pool2d, .kernel_size = {2, 2}, .stride = {2, 2}}};
    CHECK_THROWS_WITH(describe_network(spec), Catch::Contains("layer 1 (max_pool2d)"));
    CHECK_THROWS_WITH(layer_from_json({{"type", "dropout"}}, "layer 4"),
                      Catch::Contains("unknown layer type \"dropout\""));
    CHECK_THROWS_WITH(
        layer_from_json({{"type", "linear"}, {"out_features", 3}, {"out_feature", 3}}, "layer 2"),
        Catch::Contains("unknown setting \"out_feature\""));
    CHECK_THROWS_WITH(layer_from_json({{"type", "conv2d"}, {"kernel_size", 3}}, "layer 0"),
                      Catch::Contains("needs out_channels"));
}
