#include <catch2/catch.hpp>

#include <fstream>

#include "engine/graph/graph.hpp"
#include "engine/ops/activation.hpp"
#include "engine/ops/add.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/parallel.hpp"
#include "graph_test_helpers.hpp"
#include "pool_test_helpers.hpp"

using Catch::Contains;
using cs::Graph;
using cs::GraphNode;
using cs::Tensor;

namespace {

using cs::test::node;

GraphNode conv(std::string name, std::string input, int64_t in, int64_t out, int64_t k,
               std::mt19937& rng, nlohmann::json params = {{"padding", 1}}) {
    GraphNode n = node(std::move(name), "conv2d", {std::move(input)}, std::move(params));
    n.tensors["weight"] = cs::test::random_tensor({out, in, k, k}, rng, -0.4f, 0.4f);
    n.tensors["bias"] = cs::test::random_tensor({out}, rng, -0.1f, 0.1f);
    return n;
}

GraphNode batch_norm(std::string name, std::string input, int64_t channels) {
    GraphNode n = node(std::move(name), "batch_norm2d", {std::move(input)});
    n.tensors["weight"] = Tensor({channels}, 1.25f);
    n.tensors["bias"] = Tensor({channels}, 0.1f);
    n.tensors["running_mean"] = Tensor({channels}, 0.0f);
    n.tensors["running_var"] = Tensor({channels}, 1.0f);
    return n;
}

// conv → bn → relu → conv → bn, plus the input, then relu: ResNet's basic block.
Graph residual_block(std::mt19937& rng, int64_t channels = 3) {
    std::vector<GraphNode> nodes;
    nodes.push_back(conv("conv1", "input", channels, channels, 3, rng));
    nodes.push_back(batch_norm("bn1", "conv1", channels));
    nodes.push_back(node("relu1", "relu", {"bn1"}));
    nodes.push_back(conv("conv2", "relu1", channels, channels, 3, rng));
    nodes.push_back(batch_norm("bn2", "conv2", channels));
    nodes.push_back(node("sum", "add", {"bn2", "input"}));
    nodes.push_back(node("out", "relu", {"sum"}));
    return Graph({channels, 5, 5}, std::move(nodes));
}

}  // namespace

TEST_CASE("graph: a residual block infers shapes, counts and consumers per node") {
    std::mt19937 rng(1);
    const Graph g = residual_block(rng);
    REQUIRE(g.nodes().size() == 7);
    const auto& conv1 = g.infos()[0];
    CHECK(conv1.output_shape == cs::Shape{3, 5, 5});
    CHECK(conv1.parameter_count == 3 * 3 * 3 * 3 + 3);
    CHECK(conv1.multiply_adds == 3 * 5 * 5 * (3 * 3 * 3));
    CHECK(conv1.consumers == std::vector<std::string>{"bn1"});
    CHECK(g.infos()[1].parameter_count == 6);  // batch norm's scale and shift; not the statistics
    CHECK(g.parameter_count() == 2 * (81 + 3) + 2 * 6);
    CHECK(g.parameter_names().front() == "conv1.weight");
}

TEST_CASE("graph: the output equals the ops composed by hand") {
    std::mt19937 rng(2);
    const Graph g = residual_block(rng);
    const Tensor x = cs::test::random_tensor({2, 3, 5, 5}, rng);
    const Tensor y = g.run(x).output();  // evaluation: running statistics 0 and 1
    cs::Conv2dParams p;
    p.padding = {1, 1};
    auto bn = [](Tensor t) {  // (t − 0) / √(1 + 1e-5) · 1.25 + 0.1
        for (float& v : t.values()) {
            v = v * (1.0f / std::sqrt(1.0f + 1e-5f) * 1.25f) + 0.1f;
        }
        return t;
    };
    const auto& n = g.nodes();
    Tensor h =
        cs::relu(bn(cs::conv2d_forward(x, n[0].tensors.at("weight"), n[0].tensors.at("bias"), p)));
    h = bn(cs::conv2d_forward(h, n[3].tensors.at("weight"), n[3].tensors.at("bias"), p));
    const Tensor want = cs::relu(cs::add_forward(h, x));
    CHECK(cs::test::worst_excess(y, want, 1e-5, 1e-5) <= 0.0);
}

TEST_CASE("graph: gradients of a residual block in training agree with central differences") {
    std::mt19937 rng(3);
    Graph g = residual_block(rng, 2);
    const Tensor x = cs::test::random_tensor({3, 2, 5, 5}, rng);
    const Tensor go = cs::test::random_tensor({3, 2, 5, 5}, rng);
    const cs::GraphRun run = g.run(x, true);
    const cs::GraphGrads grads = g.backward(run, go);
    // The shortcut reads the input too: its gradient is the sum of both paths.
    cs::test::gradient_check([&](const Tensor& at) { return g.run(at, true).output(); }, x, go,
                             grads.input, rng, 20, 1e-2, 3e-3, 2e-2);
    for (const std::string name : {"conv1.weight", "conv2.bias", "bn1.weight", "bn2.bias"}) {
        INFO(name);
        const Tensor start = g.parameter(name);
        cs::test::gradient_check(
            [&](const Tensor& value) {
                g.parameter(name) = value;
                Tensor out = g.run(x, true).output();
                g.parameter(name) = start;
                return out;
            },
            start, go, grads.parameters.at(name), rng, 8, 1e-3, 3e-3, 2e-2);
    }
}

TEST_CASE("graph: a 16-channel residual block trains to the same bits on 1 and 2 threads") {
    // 16 channels take the matrix-product convolutions; the shortcut's gradient is shared by
    // add and summed with conv1's input gradient.
    std::mt19937 rng(12);
    const Graph g = residual_block(rng, 16);
    const Tensor x = cs::test::random_tensor({3, 16, 5, 5}, rng);
    const Tensor go = cs::test::random_tensor({3, 16, 5, 5}, rng);
    auto step = [&](int threads) {
        cs::set_thread_count(threads);
        const cs::GraphRun run = g.run(x, true);
        cs::GraphGrads grads = g.backward(run, go);
        cs::set_thread_count(0);
        return std::make_pair(run.output(), std::move(grads));
    };
    const auto [out1, grads1] = step(1);
    const auto [out2, grads2] = step(2);
    CHECK(out1.values() == out2.values());
    CHECK(grads1.input.values() == grads2.input.values());
    for (const auto& [name, grad] : grads1.parameters) {
        INFO(name);
        CHECK(grad.values() == grads2.parameters.at(name).values());
    }
    // A smaller step than the 2-channel check: with 16 channels a step of 0.01 moves many more
    // values across relu's kink.
    cs::test::gradient_check([&](const Tensor& at) { return g.run(at, true).output(); }, x, go,
                             grads1.input, rng, 20, 2e-3, 3e-3, 2e-2);
}

TEST_CASE("graph: training moves the running statistics, evaluation does not") {
    std::mt19937 rng(4);
    Graph g = residual_block(rng);
    const Tensor x = cs::test::random_tensor({2, 3, 5, 5}, rng, 1.0f, 3.0f);
    g.update_state(g.run(x, false));
    CHECK(g.nodes()[1].tensors.at("running_mean").values() == std::vector<float>{0, 0, 0});
    g.update_state(g.run(x, true));
    CHECK(g.nodes()[1].tensors.at("running_mean").values() != std::vector<float>{0, 0, 0});
}

TEST_CASE("graph: nodes are ordered so that each follows the values it reads") {
    std::mt19937 rng(5);
    std::vector<GraphNode> nodes;
    nodes.push_back(node("join", "cat", {"a", "b"}, {{"dim", 1}}));
    nodes.push_back(conv("b", "input", 1, 2, 1, rng, {{"padding", 0}}));
    nodes.push_back(conv("a", "input", 1, 3, 3, rng));
    const Graph g({1, 4, 4}, std::move(nodes), "join");
    CHECK(g.nodes()[0].name == "b");
    CHECK(g.nodes()[1].name == "a");
    CHECK(g.output_name() == "join");
    CHECK(g.infos()[2].output_shape == cs::Shape{5, 4, 4});  // 3 + 2 channels
}

TEST_CASE("graph: a broken network names the node at fault") {
    std::mt19937 rng(6);
    auto build = [&](std::vector<GraphNode> nodes) { return Graph({1, 4, 4}, std::move(nodes)); };
    CHECK_THROWS_WITH(build({node("a", "relu", {"b"}), node("b", "relu", {"a"})}),
                      Contains("form a cycle") && Contains("\"a\"") && Contains("\"b\""));
    CHECK_THROWS_WITH(build({node("a", "relu", {"nowhere"})}),
                      Contains("node \"a\" reads \"nowhere\", which is neither"));
    CHECK_THROWS_WITH(build({node("a", "relu", {"input"}), node("a", "relu", {"input"})}),
                      Contains("two nodes are called \"a\""));
    CHECK_THROWS_WITH(build({node("a", "softplus", {"input"})}),
                      Contains("node \"a\": unknown op"));
    CHECK_THROWS_WITH(build({node("sum", "add", {"input"})}), Contains("reads 2 values, but 1"));
    std::vector<GraphNode> join;
    join.push_back(conv("wide", "input", 1, 4, 3, rng));
    join.push_back(conv("narrow", "input", 1, 3, 3, rng));
    join.push_back(node("sum", "add", {"wide", "narrow"}));
    CHECK_THROWS_WITH(build(std::move(join)),
                      Contains("node \"sum\" (add): add: the size of input (4) must match"));
}

TEST_CASE("graph: the file form round-trips and refuses unknown fields") {
    std::mt19937 rng(7);
    const Graph g = residual_block(rng);
    const Graph again = cs::graph_from_json(cs::graph_to_json(g));
    const Tensor x = cs::test::random_tensor({1, 3, 5, 5}, rng);
    CHECK(cs::test::bitwise_equal(g.run(x).output(), again.run(x).output()));
    nlohmann::json doc = cs::graph_to_json(g);
    doc["nodes"][2]["wieght"] = doc["nodes"][0]["weight"];
    CHECK_THROWS_WITH(cs::graph_from_json(doc), Contains("unknown field \"wieght\""));
}

TEST_CASE("graph: ResNet, Inception, NiN and LeNet blocks match PyTorch, gradients included") {
    const nlohmann::json doc =
        nlohmann::json::parse(std::ifstream(cs::test::golden_dir() + "/graph.json"));
    REQUIRE(doc.at("cases").size() >= 10);
    for (const auto& c : doc.at("cases")) {
        INFO(c.at("name").get<std::string>());
        Graph g = cs::graph_from_json(c.at("graph"));
        const bool training = c.at("training").get<bool>();
        const Tensor x = cs::test::tensor_from_json(c.at("input"));
        const cs::GraphRun run = g.run(x, training);
        CHECK(cs::test::worst_excess(run.output(), cs::test::tensor_from_json(c.at("expected"))) <=
              0.0);
        const cs::GraphGrads grads =
            g.backward(run, cs::test::tensor_from_json(c.at("grad_output")));
        CHECK(cs::test::worst_excess(
                  grads.input, cs::test::tensor_from_json(c.at("expected_grad_input"))) <= 0.0);
        for (const auto& [name, want] : c.at("expected_grads").items()) {
            INFO(name);
            REQUIRE(grads.parameters.count(name) == 1);
            CHECK(cs::test::worst_excess(grads.parameters.at(name),
                                         cs::test::tensor_from_json(want)) <= 0.0);
        }
        CHECK(grads.parameters.size() == c.at("expected_grads").size());
        g.update_state(run);
        if (c.contains("expected_running")) {
            for (const auto& [name, want] : c.at("expected_running").items()) {
                INFO(name);
                const size_t dot = name.rfind('.');
                const auto& node =
                    g.nodes().at(static_cast<size_t>(g.index_of(name.substr(0, dot))));
                CHECK(cs::test::worst_excess(node.tensors.at(name.substr(dot + 1)),
                                             cs::test::tensor_from_json(want)) <= 0.0);
            }
        }
    }
}

TEST_CASE("graph: rejected networks name the node, as PyTorch's fixtures expect") {
    const nlohmann::json doc =
        nlohmann::json::parse(std::ifstream(cs::test::golden_dir() + "/graph.json"));
    REQUIRE(!doc.at("rejected").empty());
    for (const auto& c : doc.at("rejected")) {
        INFO(c.at("name").get<std::string>());
        CHECK_THROWS_WITH(cs::graph_from_json(c.at("graph")),
                          Contains(c.at("message_contains").get<std::string>()));
    }
}

TEST_CASE("graph: a join may hold its second operand as a constant") {
    // x · (per-channel scale) − 0.25, as an imported model's normalisation writes it.
    GraphNode scale = node("scale", "mul", {"input"});
    scale.tensors["other"] = Tensor({2, 1, 1}, {2.0f, -1.0f});
    GraphNode shift = node("shift", "add", {"scale"});
    shift.tensors["other"] = Tensor({1}, {-0.25f});
    const Graph graph({2, 1, 2}, {scale, shift});
    const Tensor x({1, 2, 1, 2}, {1, 2, 3, 4});
    CHECK(graph.run(x).output().values() == std::vector<float>{1.75f, 3.75f, -3.25f, -4.25f});
    const Graph copy = cs::graph_from_json(cs::graph_to_json(graph));
    CHECK(copy.run(x).output().values() == graph.run(x).output().values());
    const cs::GraphGrads grads = graph.backward(graph.run(x), Tensor({1, 2, 1, 2}, 1.0f));
    CHECK(grads.input.values() == std::vector<float>{2, 2, -1, -1});
    GraphNode both = scale;
    both.inputs = {"input", "input"};
    CHECK_THROWS_WITH(Graph({2, 1, 2}, {both}), Contains("reads 1 value, but 2 are named"));
}
