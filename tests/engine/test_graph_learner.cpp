#include <catch2/catch.hpp>

#include "engine/ops/conv2d.hpp"
#include "engine/ops/conv_params_json.hpp"
#include "engine/ops/softmax.hpp"
#include "engine/parallel.hpp"
#include "engine/train/graph_learner.hpp"
#include "engine/train/lesson.hpp"
#include "pool_test_helpers.hpp"

using cs::Graph;
using cs::Tensor;

namespace {

cs::Lesson lesson_file(const std::string& name) {
    return cs::read_lesson_file(std::string(CONVSCOPE_RESOURCE_DIR) + "/lessons/" + name);
}

std::vector<int64_t> labels_for(int64_t n, int64_t classes) {
    std::vector<int64_t> labels;
    for (int64_t i = 0; i < n; ++i) {
        labels.push_back((i * 7 + 3) % classes);
    }
    return labels;
}

}  // namespace

TEST_CASE("graph learner: conv2d's training backward equals the tap-by-tap reference") {
    std::mt19937 rng(9);
    std::uniform_int_distribution<int64_t> small(1, 3), size(4, 9), pad(0, 2);
    for (int trial = 0; trial < 40; ++trial) {
        const int64_t k = small(rng), stride = small(rng);
        cs::OpCall call;
        call.op = "conv2d";
        call.input = cs::test::random_tensor({small(rng), small(rng), size(rng), size(rng)}, rng);
        call.weight = cs::test::random_tensor({small(rng), call.input.size(1), k, k}, rng);
        if (trial % 2 == 0) {
            call.bias = cs::test::random_tensor({call.weight.size(0)}, rng);
        }
        call.params = {{"stride", stride}, {"padding", std::min(pad(rng), k / 2)}};
        INFO(call.params.dump() << " input " << cs::shape_string(call.input.shape()));
        const cs::OpResult forward = cs::evaluate(call);
        const Tensor go = cs::test::random_tensor(forward.output.shape(), rng);
        const cs::OpGrads fast = cs::backward(call, forward, go);
        const cs::ConvGrads want =
            cs::conv2d_backward(go, call.input, call.weight,
                                cs::conv2d_params_from_json(call.params), !call.bias.empty());
        CHECK(cs::test::worst_excess(fast.operands.at(0), want.grad_input) <= 0.0);
        CHECK(cs::test::worst_excess(fast.parameters.at("weight"), want.grad_weight) <= 0.0);
        if (!call.bias.empty()) {
            CHECK(cs::test::worst_excess(fast.parameters.at("bias"), want.grad_bias) <= 0.0);
        }
    }
}

TEST_CASE("graph learner: LeNet as a graph gives the layer stack's loss and gradients") {
    const cs::Lesson lesson = lesson_file("lenet_d2l.json");
    cs::Network network(lesson.network);
    network.initialize(lesson.init);
    const Graph graph = cs::graph_of(network);
    CHECK(graph.parameter_count() == 61706);
    CHECK(graph.parameter_names().front() == "0.weight");
    std::mt19937 rng(10);
    const Tensor batch = cs::test::random_tensor({8, 1, 28, 28}, rng, 0.0f, 1.0f);
    const auto labels = labels_for(8, 10);
    const cs::BatchResult stack = network.compute_gradients(batch, labels);
    const cs::GraphRun run = graph.run(batch, true);
    const cs::CrossEntropyResult ce = cs::softmax_cross_entropy(run.output(), labels);
    CHECK(ce.loss == Approx(stack.loss).epsilon(1e-5));
    const cs::GraphGrads grads = graph.backward(run, ce.grad_logits);
    for (const cs::Parameter& p : network.parameters()) {
        INFO(p.name);
        CHECK(cs::test::worst_excess(grads.parameters.at(p.name), p.grad, 1e-6, 1e-3) <= 0.0);
    }
}

TEST_CASE("graph learner: a residual network with batch norm learns, and a seed repeats it") {
    std::mt19937 rng(11);
    auto conv = [&](std::string name, std::string input, int64_t in, int64_t out) {
        cs::GraphNode n{name, "conv2d", {std::move(input)}, {{"padding", 1}}, {}};
        n.tensors["weight"] = cs::test::random_tensor({out, in, 3, 3}, rng, -0.3f, 0.3f);
        return n;
    };
    auto bn = [](std::string name, std::string input, int64_t c) {
        cs::GraphNode n{name, "batch_norm2d", {std::move(input)}, {}, {}};
        n.tensors = {{"weight", Tensor({c}, 1.0f)},
                     {"bias", Tensor({c})},
                     {"running_mean", Tensor({c})},
                     {"running_var", Tensor({c}, 1.0f)}};
        return n;
    };
    std::vector<cs::GraphNode> nodes;
    nodes.push_back(conv("stem", "input", 1, 4));
    nodes.push_back(conv("c1", "stem", 4, 4));
    nodes.push_back(bn("b1", "c1", 4));
    nodes.push_back({"r1", "relu", {"b1"}, {}, {}});
    nodes.push_back({"sum", "add", {"r1", "stem"}, {}, {}});
    nodes.push_back({"gap", "adaptive_avg_pool2d", {"sum"}, {{"output_size", 1}}, {}});
    nodes.push_back({"flat", "flatten", {"gap"}, {}, {}});
    cs::GraphNode fc{"fc", "linear", {"flat"}, {}, {}};
    fc.tensors = {{"weight", cs::test::random_tensor({2, 4}, rng, -0.5f, 0.5f)},
                  {"bias", Tensor({2})}};
    nodes.push_back(fc);
    const Graph graph({1, 6, 6}, nodes);
    // Class 1 images are bright in the top half, class 0 in the bottom half.
    Tensor batch({16, 1, 6, 6});
    std::vector<int64_t> labels;
    for (int64_t n = 0; n < 16; ++n) {
        labels.push_back(n % 2);
        for (int64_t y = 0; y < 6; ++y) {
            for (int64_t x = 0; x < 6; ++x) {
                batch(n, 0, y, x) =
                    ((y < 3) == (n % 2 == 1) ? 1.0f : 0.0f) + 0.1f * static_cast<float>(x);
            }
        }
    }
    cs::GraphLearner a(graph, cs::SgdConfig{.lr = 0.5, .momentum = 0.9}, 1);
    cs::GraphLearner b(graph, cs::SgdConfig{.lr = 0.5, .momentum = 0.9}, 1);
    const double first = a.evaluate(batch, labels).loss;
    for (int step = 0; step < 60; ++step) {
        a.step(batch, labels);
        b.step(batch, labels);
    }
    const cs::BatchResult trained = a.evaluate(batch, labels);
    CHECK(trained.loss < first / 4);
    CHECK(trained.correct == 16);
    CHECK(trained.loss == b.evaluate(batch, labels).loss);
    // batch norm's running statistics moved with training
    CHECK(a.graph().nodes()[2].tensors.at("running_var").values() !=
          std::vector<float>{1, 1, 1, 1});
}

TEST_CASE(
    "graph learner: LeNet trained in chunks takes the layer stack's step with any thread count") {
    const cs::Lesson lesson = lesson_file("lenet_d2l.json");
    cs::Network network(lesson.network);
    network.initialize(lesson.init);
    std::mt19937 rng(12);
    // 80 examples: chunks of 32, 32 and 16, as the stack cuts them.
    const Tensor batch = cs::test::random_tensor({80, 1, 28, 28}, rng, 0.0f, 1.0f);
    const auto labels = labels_for(80, 10);
    const cs::BatchResult stack = network.compute_gradients(batch, labels);
    // Plain SGD with lr 1: the step takes the gradient off each parameter.
    std::vector<std::vector<float>> after;
    for (const int threads : {1, 2}) {
        cs::set_thread_count(threads);
        cs::GraphLearner learner(cs::graph_of(network), cs::SgdConfig{.lr = 1.0}, 1);
        const cs::BatchResult result = learner.step(batch, labels);
        CHECK(result.loss == Approx(stack.loss).epsilon(1e-5));
        CHECK(result.correct == stack.correct);
        std::vector<float> values;
        for (const cs::Parameter& p : network.parameters()) {
            INFO(p.name);
            const Tensor& now = learner.graph().parameter(p.name);
            Tensor took(p.value.shape());
            for (int64_t i = 0; i < took.numel(); ++i) {
                took.data()[i] = p.value.data()[i] - now.data()[i];
            }
            CHECK(cs::test::worst_excess(took, p.grad, 1e-6, 1e-3) <= 0.0);
            values.insert(values.end(), now.data(), now.data() + now.numel());
        }
        after.push_back(values);
    }
    cs::set_thread_count(0);
    CHECK(after[0] == after[1]);  // the chunks do not depend on the thread count
}

TEST_CASE("graph learner: a network that does not end in class scores is refused") {
    cs::GraphNode relu{"r", "relu", {"input"}, {}, {}};
    CHECK_THROWS_WITH(cs::GraphLearner(Graph({1, 4, 4}, {relu}), cs::SgdConfig{.lr = 0.1}),
                      Catch::Contains("one score per class"));
}
