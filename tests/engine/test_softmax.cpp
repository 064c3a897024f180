#include <catch2/catch.hpp>

#include <cmath>

#include "engine/ops/register_pointwise.hpp"
#include "engine/ops/softmax.hpp"
#include "pool_test_helpers.hpp"

using Catch::Contains;
using cs::Tensor;

TEST_CASE("softmax: exponentials divided by their sum") {
    const Tensor x({1, 3}, {0.0f, std::log(2.0f), std::log(3.0f)});
    const Tensor y = cs::softmax_forward(x, {.dim = 1});
    CHECK(y.values()[0] == Approx(1.0 / 6.0));
    CHECK(y.values()[1] == Approx(2.0 / 6.0));
    CHECK(y.values()[2] == Approx(3.0 / 6.0));
}

TEST_CASE("softmax: large logits neither overflow nor give NaN") {
    const Tensor x({2, 3}, {1000, 1000, -1000, 1e30f, 0, -1e30f});
    const Tensor y = cs::softmax_forward(x, {.dim = 1});
    CHECK(y.values() == std::vector<float>{0.5f, 0.5f, 0.0f, 1.0f, 0.0f, 0.0f});
    const Tensor l = cs::log_softmax_forward(Tensor({1, 3}, {1000, 0, -1000}), {.dim = -1});
    CHECK(l.values() == std::vector<float>{0.0f, -1000.0f, -2000.0f});
}

TEST_CASE("softmax: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("pointwise.json", "softmax");
    cs::test::check_forward_fixtures("pointwise.json", "log_softmax");
}

TEST_CASE("softmax: dim is required and checked against the rank") {
    CHECK_THROWS_WITH(cs::softmax_forward(Tensor({1, 2, 3, 3}), {.dim = 4}),
                      Contains("dim 4") && Contains("4-D") && Contains("-4 … 3"));
    cs::OpCall call;
    call.op = "softmax";
    call.input = Tensor({2, 3});
    CHECK_THROWS_WITH(cs::evaluate(call), Contains("dim is required"));
}

TEST_CASE("softmax: the result does not depend on the thread count") {
    std::mt19937 rng(73);
    const Tensor x = cs::test::random_tensor({4, 10, 30, 30}, rng, -20.0f, 20.0f);
    for (int64_t dim : {0, 1, -1}) {
        CHECK(cs::test::bitwise_equal(
            cs::test::with_threads(1, [&] { return cs::softmax_forward(x, {.dim = dim}); }),
            cs::test::with_threads(2, [&] { return cs::softmax_forward(x, {.dim = dim}); })));
    }
}

TEST_CASE("softmax: trace's exponentials and their sum give the output") {
    std::mt19937 rng(79);
    cs::OpCall call;
    call.op = "softmax";
    call.input = cs::test::random_tensor({1, 4, 2, 3}, rng, -3.0f, 3.0f);
    call.params = {{"dim", 1}};
    const Tensor y = cs::evaluate(call).output;
    const cs::Step step = cs::trace_step(call, {0, 2, 1, 0});
    REQUIRE(step.taps.size() == 4);
    double sum = 0.0;
    for (size_t j = 0; j < 4; ++j) {
        CHECK(step.taps[j].input == cs::Index4{0, static_cast<int64_t>(j), 1, 0});
        sum += *step.taps[j].product;
    }
    CHECK(sum == Approx(step.sum));
    CHECK(*step.taps[2].product / step.sum == Approx(step.output));
    CHECK(step.output == y(0, 2, 1, 0));
}

TEST_CASE("softmax: backward matches torch autograd fixtures") {
    for (const char* op : {"softmax", "log_softmax"}) {
        for (const auto& c : cs::test::fixture_cases("pointwise_backward.json", op)) {
            INFO(c.at("name").get<std::string>());
            const cs::OpCall call = cs::test::op_call_from_case(c);
            const cs::SoftmaxParams p = cs::softmax_params(call);
            const Tensor g = cs::test::tensor_from_json(c.at("grad_output"));
            const Tensor y = cs::evaluate(call).output;
            const Tensor grad = std::string(op) == "softmax" ? cs::softmax_backward(y, g, p)
                                                             : cs::log_softmax_backward(y, g, p);
            CHECK(cs::test::worst_excess(
                      grad, cs::test::tensor_from_json(c.at("expected_grad_input"))) <= 0.0);
        }
    }
}

TEST_CASE("softmax: backward passes the central-difference gradient check") {
    std::mt19937 rng(83);
    const Tensor x = cs::test::random_tensor({3, 5}, rng, -2.0f, 2.0f);
    const Tensor g = cs::test::random_tensor({3, 5}, rng);
    const cs::SoftmaxParams p{.dim = 1};
    cs::test::gradient_check([&](const Tensor& in) { return cs::softmax_forward(in, p); }, x, g,
                             cs::softmax_backward(cs::softmax_forward(x, p), g, p), rng, 15);
    cs::test::gradient_check([&](const Tensor& in) { return cs::log_softmax_forward(in, p); }, x, g,
                             cs::log_softmax_backward(cs::log_softmax_forward(x, p), g, p), rng,
                             15);
}

TEST_CASE("cross_entropy: loss and gradient match torch, also for large logits") {
    for (const auto& c : cs::test::fixture_cases("pointwise_backward.json", "cross_entropy")) {
        INFO(c.at("name").get<std::string>());
        const Tensor logits = cs::test::tensor_from_json(c.at("logits"));
        const auto targets = c.at("targets").get<std::vector<int64_t>>();
        const cs::CrossEntropyResult r = cs::softmax_cross_entropy(logits, targets);
        const double want = c.at("expected_loss").get<double>();
        CHECK(std::isfinite(r.loss));
        CHECK(r.loss == Approx(want).epsilon(1e-5).margin(1e-5));
        CHECK(cs::test::worst_excess(
                  r.grad_logits, cs::test::tensor_from_json(c.at("expected_grad_logits"))) <= 0.0);
    }
}

TEST_CASE("cross_entropy: gradient passes the central-difference check") {
    std::mt19937 rng(89);
    const Tensor z = cs::test::random_tensor({4, 6}, rng, -3.0f, 3.0f);
    const std::vector<int64_t> t{0, 5, 2, 2};
    const cs::CrossEntropyResult r = cs::softmax_cross_entropy(z, t);
    // the loss as a 1-element "output" with upstream gradient 1
    cs::test::gradient_check(
        [&](const Tensor& in) {
            return Tensor({1}, {static_cast<float>(cs::softmax_cross_entropy(in, t).loss)});
        },
        z, Tensor({1}, 1.0f), r.grad_logits, rng, 24, 1e-2, 2e-3, 2e-2);
}

TEST_CASE("cross_entropy: targets must be class indices") {
    CHECK_THROWS_WITH(cs::softmax_cross_entropy(Tensor({2, 3}), {0, 3}),
                      Contains("target 3") && Contains("0 … 2"));
    CHECK_THROWS_WITH(cs::softmax_cross_entropy(Tensor({2, 3}), {0}), Contains("targets"));
}
