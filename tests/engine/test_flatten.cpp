#include <catch2/catch.hpp>

#include "engine/ops/flatten.hpp"
#include "engine/ops/register_pointwise.hpp"
#include "pool_test_helpers.hpp"

using Catch::Contains;
using cs::Tensor;

TEST_CASE("flatten: merges channel, row and column into one feature dimension") {
    const cs::ShapeInfo info = cs::flatten_output_shape({2, 3, 4, 4}, {});
    CHECK(info.shape == cs::Shape{2, 48});
    CHECK(info.formulas.at(0) == "[2, 3, 4, 4] → [2, 3·4·4] = [2, 48]");
    CHECK(cs::flatten_output_shape({2, 3, 4, 4}, {.start_dim = 0}).shape == cs::Shape{96});
    CHECK(cs::flatten_output_shape({2, 3, 4, 4}, {.start_dim = -2}).shape == cs::Shape{2, 3, 16});
}

TEST_CASE("flatten: values keep their row-major order") {
    // clang-format off
    const Tensor x({1, 2, 2, 2}, {
        1, 2,
        3, 4,

        5, 6,
        7, 8,
    });
    // clang-format on
    const Tensor y = cs::flatten_forward(x, {});
    CHECK(y.shape() == cs::Shape{1, 8});
    CHECK(y.values() == x.values());
}

TEST_CASE("flatten: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("pointwise.json", "flatten");
}

TEST_CASE("flatten: rejected dims are named in the message") {
    CHECK_THROWS_WITH(cs::flatten_forward(Tensor({2, 3, 2, 2}), {.start_dim = 2, .end_dim = 1}),
                      Contains("start_dim") && Contains("end_dim"));
    CHECK_THROWS_WITH(cs::flatten_forward(Tensor({2, 3}), {.start_dim = 2}),
                      Contains("start_dim 2") && Contains("-2 … 1"));
}

TEST_CASE("flatten: trace names the input element that lands at each position") {
    std::mt19937 rng(59);
    const Tensor x = cs::test::random_tensor({2, 3, 2, 2}, rng);
    cs::OpCall call;
    call.op = "flatten";
    call.input = x;
    const cs::Step step = cs::trace_step(call, {1, 7, 0, 0});  // feature 7 = (c 1, y 1, x 1)
    REQUIRE(step.taps.size() == 1);
    CHECK(step.taps[0].input == cs::Index4{1, 1, 1, 1});
    CHECK(step.output == x(1, 1, 1, 1));
}

TEST_CASE("flatten: backward reshapes the gradient to the input's shape") {
    for (const auto& c : cs::test::fixture_cases("pointwise_backward.json", "flatten")) {
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const Tensor g = cs::test::tensor_from_json(c.at("grad_output"));
        const Tensor grad = cs::flatten_backward(g, call.input.shape());
        CHECK(cs::test::worst_excess(
                  grad, cs::test::tensor_from_json(c.at("expected_grad_input"))) <= 0.0);
    }
    std::mt19937 rng(61);
    const Tensor x = cs::test::random_tensor({2, 2, 3, 1}, rng);
    const Tensor g = cs::test::random_tensor({2, 6}, rng);
    cs::test::gradient_check([](const Tensor& in) { return cs::flatten_forward(in, {}); }, x, g,
                             cs::flatten_backward(g, x.shape()), rng, 12);
}
