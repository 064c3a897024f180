#include <catch2/catch.hpp>

#include <cmath>

#include "engine/error.hpp"
#include "engine/ops/activation.hpp"
#include "engine/ops/avg_pool2d.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/parallel.hpp"
#include "engine/train/lesson.hpp"
#include "engine/train/network.hpp"
#include "engine/train/network_spec.hpp"
#include "engine/train/random.hpp"

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

// ---- Networks with weights ----

namespace {

NetworkSpec small_spec(LayerKind activation, LayerKind pool) {
    NetworkSpec spec;
    spec.input = {2, 7, 6};
    spec.layers = {
        {.kind = LayerKind::conv2d,
         .out_channels = 3,
         .kernel_size = {3, 3},
         .stride = {1, 1},
         .padding = {1, 1}},
        {.kind = activation},
        {.kind = pool, .kernel_size = {2, 2}, .stride = {2, 2}},
        {.kind = LayerKind::flatten},
        {.kind = LayerKind::linear, .out_features = 5},
        {.kind = activation},
        {.kind = LayerKind::linear, .out_features = 4},
    };
    return spec;
}

Tensor random_batch(Shape shape, uint64_t seed) {
    Pcg32 rng(seed);
    Tensor t(std::move(shape));
    for (float& v : t.values()) {
        v = rng.uniform(-1.0f, 1.0f);
    }
    return t;
}

}  // namespace

TEST_CASE("network: gradients agree with central differences of the loss") {
    for (auto [activation, pool] : {std::pair{LayerKind::sigmoid, LayerKind::avg_pool2d},
                                    std::pair{LayerKind::tanh, LayerKind::avg_pool2d},
                                    std::pair{LayerKind::tanh, LayerKind::max_pool2d},
                                    std::pair{LayerKind::relu, LayerKind::max_pool2d}}) {
        INFO(layer_kind_name(activation) << " + " << layer_kind_name(pool));
        Network net(small_spec(activation, pool));
        net.initialize({.weight = WeightInit::xavier_uniform, .seed = 9});
        const Tensor batch = random_batch({3, 2, 7, 6}, 10);
        const std::vector<int64_t> labels = {0, 3, 2};
        net.compute_gradients(batch, labels);
        Pcg32 pick(11);
        int checked = 0;
        for (Parameter& p : net.parameters()) {
            // A few random positions of every parameter (tiny-dnn's gradient check).
            for (int trial = 0; trial < 6; ++trial) {
                const auto i =
                    static_cast<int64_t>(pick.below(static_cast<uint32_t>(p.value.numel())));
                const float keep = p.value.data()[i];
                auto slope = [&](float h) {
                    p.value.data()[i] = keep + h;
                    const double up = net.evaluate(batch, labels).loss;
                    p.value.data()[i] = keep - h;
                    const double down = net.evaluate(batch, labels).loss;
                    p.value.data()[i] = keep;
                    return (up - down) / (2.0 * static_cast<double>(h));
                };
                const double wide = slope(1e-2f);
                const double narrow = slope(2.5e-3f);
                // Max pooling and ReLU have kinks: where a max-pool winner changes or a ReLU
                // input crosses 0 inside the interval, the two slopes disagree and the loss
                // is not differentiable there; such positions are skipped.
                if (std::abs(wide - narrow) > 1e-3) {
                    continue;
                }
                ++checked;
                INFO(p.name << "[" << i << "]");
                CHECK(p.grad.data()[i] == Approx(narrow).margin(1e-3));
            }
        }
        CHECK(checked >= 24);  // of 36
    }
}

TEST_CASE("network: a step gives the same gradients, bit for bit, with 1 or 2 threads") {
    Network net(small_spec(LayerKind::relu, LayerKind::max_pool2d));
    net.initialize({.weight = WeightInit::kaiming_uniform, .seed = 1});
    const Tensor batch = random_batch({70, 2, 7, 6}, 2);  // three chunks: 32 + 32 + 6
    std::vector<int64_t> labels;
    for (int i = 0; i < 70; ++i) {
        labels.push_back(i % 4);
    }
    set_thread_count(1);
    const BatchResult serial = net.compute_gradients(batch, labels);
    std::vector<std::vector<float>> serial_grads;
    for (const Parameter& p : net.parameters()) {
        serial_grads.push_back(p.grad.to_vector());
    }
    set_thread_count(2);
    const BatchResult parallel = net.compute_gradients(batch, labels);
    set_thread_count(0);
    CHECK(serial.loss == parallel.loss);
    CHECK(serial.correct == parallel.correct);
    for (size_t k = 0; k < serial_grads.size(); ++k) {
        CHECK(net.parameters()[k].grad.values() == serial_grads[k]);
    }
}

TEST_CASE("network: forward_all gives every layer's output for feature maps") {
    Network net(small_spec(LayerKind::sigmoid, LayerKind::avg_pool2d));
    net.initialize({});
    const Tensor batch = random_batch({2, 2, 7, 6}, 3);
    const std::vector<Tensor> outs = net.forward_all(batch);
    REQUIRE(outs.size() == 7);
    CHECK(outs[0].shape() == Shape{2, 3, 7, 6});
    CHECK(outs[2].shape() == Shape{2, 3, 3, 3});
    CHECK(outs[3].shape() == Shape{2, 27});
    CHECK(outs[6].shape() == Shape{2, 4});
    CHECK(outs[6].values() == net.forward(batch).values());
    const Tensor p = net.probabilities(batch);
    CHECK(p.at({0, 0}) + p.at({0, 1}) + p.at({0, 2}) + p.at({0, 3}) == Approx(1.0f));
}

TEST_CASE("network: parameters are named like torch's state_dict and checked when loaded") {
    Network net(small_spec(LayerKind::relu, LayerKind::max_pool2d));
    std::vector<std::string> names;
    for (const Parameter& p : net.parameters()) {
        names.push_back(p.name);
    }
    CHECK(names == std::vector<std::string>{"0.weight", "0.bias", "4.weight", "4.bias", "6.weight",
                                            "6.bias"});
    CHECK(net.weight_index(4) == 2);
    CHECK(net.bias_index(1) == -1);
    auto tensors = net.named_parameters();
    tensors[2].tensor = Tensor({5, 26});
    CHECK_THROWS_WITH(net.load_parameters(tensors),
                      Catch::Contains("4.weight") && Catch::Contains("[5, 27]"));
    CHECK_THROWS_WITH(net.forward(Tensor({1, 1, 7, 6})), Catch::Contains("(N, 2, 7, 6)"));
}

TEST_CASE("network: every layer is the engine's op, the same bits as the op alone") {
    const Tensor batch = random_batch({3, 2, 7, 6}, 21);
    for (auto [kind, op] : {std::pair{LayerKind::relu, ActivationKind::relu},
                            std::pair{LayerKind::sigmoid, ActivationKind::sigmoid},
                            std::pair{LayerKind::tanh, ActivationKind::tanh}}) {
        INFO(layer_kind_name(kind));
        Network net(small_spec(kind, LayerKind::avg_pool2d));
        net.initialize({.seed = 5});
        const std::vector<Tensor> outs = net.forward_all(batch);
        const Tensor conv = conv2d_forward(batch, net.parameters()[0].value,
                                           net.parameters()[1].value, {.padding = {1, 1}});
        CHECK(outs[0].values() == conv.values());
        CHECK(outs[1].values() == activation_forward(outs[0], {.kind = op}).values());
        CHECK(outs[2].values() ==
              avg_pool2d_forward(outs[1],
                                 cs::AvgPool2dParams{.kernel_size = {2, 2}, .stride = Pair{2, 2}})
                  .values());
    }
}

TEST_CASE("network: a copy is an independent snapshot") {
    Network net(small_spec(LayerKind::relu, LayerKind::max_pool2d));
    net.initialize({.seed = 3});
    const Tensor batch = random_batch({2, 2, 7, 6}, 4);
    const Network snapshot = net;
    CHECK(snapshot.forward(batch).values() == net.forward(batch).values());
    net.parameters()[0].value.data()[0] += 1.0f;
    CHECK(snapshot.parameters()[0].value.data()[0] + 1.0f == net.parameters()[0].value.data()[0]);
}

TEST_CASE("network: lesson titles come in English and Chinese") {
    const Lesson lesson = lesson_file("lenet_d2l.json");
    CHECK_THAT(lesson.title.en, Catch::Contains("LeNet"));
    CHECK_THAT(lesson.title.in("zh"), Catch::Contains("动手学深度学习"));
    CHECK(lesson.title.in("de") == lesson.title.en);
    Lesson plain = lesson;
    plain.title = {"Only English", ""};
    CHECK(lesson_to_json(plain).at("title") == "Only English");
    CHECK(lesson_from_json(lesson_to_json(lesson)).title.zh == lesson.title.zh);
}
