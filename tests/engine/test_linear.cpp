#include <catch2/catch.hpp>

#include "engine/ops/linear.hpp"
#include "pool_test_helpers.hpp"

using Catch::Contains;
using cs::Tensor;

TEST_CASE("linear: each output is a weighted sum of all inputs plus its bias") {
    const Tensor x({1, 2}, {1, 2});
    // clang-format off
    const Tensor w({3, 2}, {
        1, 0,
        0, 1,
        1, 1,
    });
    // clang-format on
    const Tensor b({3}, {0.5f, 0.0f, -1.0f});
    CHECK(cs::linear_forward(x, w, b).values() == std::vector<float>{1.5f, 2.0f, 2.0f});
    CHECK(cs::linear_forward(x, w).values() == std::vector<float>{1.0f, 2.0f, 3.0f});
}

TEST_CASE("linear: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("pointwise.json", "linear");
}

TEST_CASE("linear: mismatched features are named in the message") {
    CHECK_THROWS_WITH(cs::linear_forward(Tensor({2, 3}), Tensor({4, 5})),
                      Contains("in_features") && Contains("[2, 3]") && Contains("[4, 5]"));
    CHECK_THROWS_WITH(cs::linear_forward(Tensor({2, 5}), Tensor({4, 5}), Tensor({3})),
                      Contains("bias") && Contains("out_features = 4"));
    CHECK_THROWS_WITH(cs::linear_forward(Tensor({2, 5}), Tensor({20})), Contains("2-D"));
}

TEST_CASE("linear: shape formula names in and out features") {
    const cs::ShapeInfo info = cs::linear_output_shape({8, 784}, {10, 784}, {10});
    CHECK(info.shape == cs::Shape{8, 10});
    CHECK_THAT(info.formulas.at(0), Contains("784") && Contains("10"));
}

TEST_CASE("linear: fast kernel equals the reference and ignores the thread count") {
    std::mt19937 rng(67);
    const Tensor x = cs::test::random_tensor({17, 300}, rng);
    const Tensor w = cs::test::random_tensor({41, 300}, rng);
    const Tensor b = cs::test::random_tensor({41}, rng);
    const Tensor one = cs::test::with_threads(1, [&] { return cs::linear_forward(x, w, b); });
    CHECK(cs::test::bitwise_equal(one, cs::linear_forward_reference(x, w, b)));
    CHECK(cs::test::bitwise_equal(
        one, cs::test::with_threads(2, [&] { return cs::linear_forward(x, w, b); })));
}

TEST_CASE("linear: a network's batch runs as matrix products close to the exact sums") {
    // LeNet's first dense layer on a training chunk: 32 × 400 → 120.
    std::mt19937 rng(68);
    const Tensor x = cs::test::random_tensor({32, 400}, rng);
    const Tensor w = cs::test::random_tensor({120, 400}, rng);
    const Tensor b = cs::test::random_tensor({120}, rng);
    const Tensor fast = cs::test::with_threads(1, [&] { return cs::linear_forward(x, w, b); });
    const Tensor exact = cs::linear_forward_reference(x, w, b);
    CHECK_FALSE(cs::test::bitwise_equal(fast, exact));  // float sums: the gemm ran
    CHECK(cs::test::worst_excess(fast, exact, 1e-5, 1e-5) <= 0.0);
    CHECK(cs::test::bitwise_equal(
        fast, cs::test::with_threads(2, [&] { return cs::linear_forward(x, w, b); })));
    const Tensor g = cs::test::random_tensor({32, 120}, rng);
    const cs::LinearGrads grads = cs::linear_backward(x, w, g, true);
    // The exact gradients, from one example at a time (too few rows for the gemm).
    Tensor want_weight(w.shape()), want_bias(b.shape());
    for (int64_t r = 0; r < 32; ++r) {
        Tensor row({1, 400}), grow({1, 120});
        std::copy(x.data() + r * 400, x.data() + (r + 1) * 400, row.data());
        std::copy(g.data() + r * 120, g.data() + (r + 1) * 120, grow.data());
        const cs::LinearGrads one = cs::linear_backward(row, w, grow, true);
        for (int64_t i = 0; i < w.numel(); ++i) {
            want_weight.data()[i] += one.weight.data()[i];
        }
        for (int64_t o = 0; o < 120; ++o) {
            want_bias.data()[o] += one.bias.data()[o];
        }
        for (int64_t i = 0; i < 400; ++i) {
            CHECK(grads.input.data()[r * 400 + i] == Approx(one.input.data()[i]).margin(1e-5));
        }
    }
    CHECK(cs::test::worst_excess(grads.weight, want_weight, 1e-5, 1e-4) <= 0.0);
    CHECK(cs::test::worst_excess(grads.bias, want_bias, 1e-5, 1e-4) <= 0.0);
}

TEST_CASE("linear: trace lists every input feature with its weight and product") {
    for (const auto& c : cs::test::fixture_cases("pointwise.json", "linear")) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const Tensor y = cs::evaluate(call).output;
        const auto grid = cs::step_grid(y.shape());
        for (int64_t k = 0; k < y.numel(); ++k) {
            const cs::Step step = cs::trace_step(call, cs::step_position(k, grid));
            CHECK(static_cast<int64_t>(step.taps.size()) == call.input.size(-1));
            double sum = 0.0;
            for (const cs::Tap& t : step.taps) {
                sum += *t.product;
            }
            CHECK(sum == Approx(step.sum).margin(1e-5));
            CHECK(step.sum + step.bias.value_or(0.0f) == Approx(y.data()[k]).margin(1e-5));
            CHECK(step.output == y.data()[k]);
        }
    }
}

TEST_CASE("linear: backward matches torch autograd fixtures") {
    for (const auto& c : cs::test::fixture_cases("pointwise_backward.json", "linear")) {
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const Tensor g = cs::test::tensor_from_json(c.at("grad_output"));
        const cs::LinearGrads grads =
            cs::linear_backward(call.input, call.weight, g, !call.bias.empty());
        using cs::test::tensor_from_json;
        using cs::test::worst_excess;
        CHECK(worst_excess(grads.input, tensor_from_json(c.at("expected_grad_input"))) <= 0.0);
        CHECK(worst_excess(grads.weight, tensor_from_json(c.at("expected_grad_weight"))) <= 0.0);
        if (c.contains("expected_grad_bias")) {
            CHECK(worst_excess(grads.bias, tensor_from_json(c.at("expected_grad_bias"))) <= 0.0);
        } else {
            CHECK(grads.bias.empty());
        }
    }
}

TEST_CASE("linear: backward passes the central-difference gradient check") {
    std::mt19937 rng(71);
    const Tensor x = cs::test::random_tensor({3, 6}, rng);
    const Tensor w = cs::test::random_tensor({4, 6}, rng);
    const Tensor b = cs::test::random_tensor({4}, rng);
    const Tensor g = cs::test::random_tensor({3, 4}, rng);
    const cs::LinearGrads grads = cs::linear_backward(x, w, g, true);
    cs::test::gradient_check([&](const Tensor& in) { return cs::linear_forward(in, w, b); }, x, g,
                             grads.input, rng);
    cs::test::gradient_check([&](const Tensor& in) { return cs::linear_forward(x, in, b); }, w, g,
                             grads.weight, rng);
    cs::test::gradient_check([&](const Tensor& in) { return cs::linear_forward(x, w, in); }, b, g,
                             grads.bias, rng);
}
