#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "engine/ops/activation.hpp"
#include "engine/ops/register_pointwise.hpp"
#include "pool_test_helpers.hpp"

using Catch::Contains;
using cs::ActivationKind;
using cs::ActivationParams;
using cs::Tensor;

namespace {

const ActivationKind kAll[] = {ActivationKind::relu, ActivationKind::leaky_relu,
                               ActivationKind::sigmoid, ActivationKind::tanh};

}  // namespace

TEST_CASE("relu: negative values become 0, positive values pass unchanged") {
    // clang-format off
    const Tensor x({1, 1, 2, 3}, {
        -2, 0, 3,
         1, -0.5f, 7,
    });
    // clang-format on
    CHECK(cs::relu(x).values() == std::vector<float>{0, 0, 3, 1, 0, 7});
}

TEST_CASE("leaky_relu: negative values are scaled by negative_slope") {
    const Tensor x({1, 4}, {-100, -1, 0, 2});
    CHECK(cs::leaky_relu(x).values() == std::vector<float>{-1.0f, -0.01f, 0.0f, 2.0f});
    CHECK(cs::leaky_relu(x, 0.2).values() == std::vector<float>{-20.0f, -0.2f, 0.0f, 2.0f});
}

TEST_CASE("sigmoid and tanh: saturate for large |x| without overflow or NaN") {
    const float inf = std::numeric_limits<float>::infinity();
    const Tensor x({1, 6}, {-inf, -1e4f, -100, 100, 1e4f, inf});
    // e^−100 / (1 + e^−100) is a tiny denormal in float, as in torch; the others are exact
    const std::vector<float> s = cs::sigmoid(x).to_vector();
    const std::vector<float> want_s{0, 0, 0, 1, 1, 1};
    for (size_t i = 0; i < s.size(); ++i) {
        CHECK(s[i] == Approx(want_s[i]).margin(1e-40));
    }
    CHECK(cs::tanh(x).values() == std::vector<float>{-1, -1, -1, 1, 1, 1});
    for (ActivationKind k : {ActivationKind::sigmoid, ActivationKind::tanh}) {
        for (float v : x.values()) {
            const float slope = cs::activation_slope(v, {.kind = k});
            CHECK(slope == Approx(0.0).margin(1e-40));
        }
    }
    CHECK(cs::sigmoid(Tensor({1}, {0.0f})).values()[0] == 0.5f);
}

TEST_CASE("activations: match PyTorch on every fixture") {
    for (const char* op : {"relu", "leaky_relu", "sigmoid", "tanh"}) {
        cs::test::check_forward_fixtures("pointwise.json", op);
    }
}

TEST_CASE("activations: keep the shape and name it in the formula") {
    const cs::ShapeInfo info =
        cs::activation_output_shape({2, 3, 4, 5}, {.kind = ActivationKind::tanh});
    CHECK(info.shape == cs::Shape{2, 3, 4, 5});
    CHECK_THAT(info.formulas.at(0), Contains("tanh") && Contains("[2, 3, 4, 5]"));
    CHECK_THROWS_WITH(cs::activation_kind("gelu"), Contains("gelu") && Contains("relu"));
}

TEST_CASE("activations: trace shows the one input element and the slope applied") {
    const Tensor x({1, 2, 1, 2}, {-4, 3, 0.5f, -2});
    cs::OpCall call;
    call.op = "leaky_relu";
    call.input = x;
    call.params = {{"negative_slope", 0.25}};
    const cs::Step step = cs::trace_step(call, {0, 1, 0, 1});
    REQUIRE(step.taps.size() == 1);
    CHECK(step.taps[0].input == cs::Index4{0, 1, 0, 1});
    CHECK(step.taps[0].value == -2.0f);
    CHECK(step.taps[0].weight == 0.25f);
    CHECK(step.taps[0].product == -0.5f);
    CHECK(step.output == -0.5f);
    CHECK(step.step == 3);
    call.op = "sigmoid";
    const cs::Step s = cs::trace_step(call, {0, 0, 0, 0});
    CHECK(s.output == cs::sigmoid(x).values()[0]);
    CHECK(!s.taps[0].weight.has_value());
}

TEST_CASE("activations: the result does not depend on the thread count") {
    std::mt19937 rng(47);
    const Tensor x = cs::test::random_tensor({2, 8, 64, 64}, rng, -5.0f, 5.0f);
    for (ActivationKind k : kAll) {
        const ActivationParams p{.kind = k, .negative_slope = 0.1};
        CHECK(cs::test::bitwise_equal(
            cs::test::with_threads(1, [&] { return cs::activation_forward(x, p); }),
            cs::test::with_threads(2, [&] { return cs::activation_forward(x, p); })));
    }
}

TEST_CASE("activations: backward matches torch autograd fixtures") {
    for (const char* op : {"relu", "leaky_relu", "sigmoid", "tanh"}) {
        for (const auto& c : cs::test::fixture_cases("pointwise_backward.json", op)) {
            INFO(c.at("name").get<std::string>());
            const cs::OpCall call = cs::test::op_call_from_case(c);
            const Tensor g = cs::test::tensor_from_json(c.at("grad_output"));
            const Tensor grad = cs::activation_backward(call.input, g, cs::activation_params(call));
            CHECK(cs::test::worst_excess(
                      grad, cs::test::tensor_from_json(c.at("expected_grad_input"))) <= 0.0);
        }
    }
}

TEST_CASE("activations: backward passes the central-difference gradient check") {
    std::mt19937 rng(53);
    for (ActivationKind k : kAll) {
        INFO(cs::activation_name(k));
        const ActivationParams p{.kind = k, .negative_slope = 0.2};
        Tensor x = cs::test::random_tensor({1, 2, 5, 5}, rng, -3.0f, 3.0f);
        for (float& v : x.values()) {
            v = std::abs(v) < 0.05f ? 0.5f : v;  // keep away from relu's kink
        }
        const Tensor g = cs::test::random_tensor(x.shape(), rng);
        cs::test::gradient_check([&](const Tensor& in) { return cs::activation_forward(in, p); }, x,
                                 g, cs::activation_backward(x, g, p), rng, 30, 1e-2);
    }
}
