#include <catch2/catch.hpp>

#include "engine/ops/add.hpp"
#include "engine/ops/cat.hpp"
#include "engine/ops/mul.hpp"
#include "modern_test_helpers.hpp"

using Catch::Contains;
using cs::Tensor;

TEST_CASE("add: matches PyTorch on every fixture, broadcasting included") {
    cs::test::check_forward_fixtures("modern.json", "add");
}

TEST_CASE("add: gradients are summed back to each operand's shape") {
    for (const auto& c : cs::test::backward_cases("add")) {
        INFO(c.at("name").get<std::string>());
        const Tensor x = cs::test::fixture_tensor(c, "input");
        const Tensor other = cs::test::fixture_tensor(c, "other");
        const double alpha = c.at("params").value("alpha", 1.0);
        const auto grads = cs::add_backward(
            x.shape(), other.shape(), cs::test::fixture_tensor(c, "grad_output"), {.alpha = alpha});
        CHECK(cs::test::worst_excess(grads.input,
                                     cs::test::fixture_tensor(c, "expected_grad_input")) <= 0.0);
        CHECK(cs::test::worst_excess(grads.other,
                                     cs::test::fixture_tensor(c, "expected_grad_other")) <= 0.0);
    }
}

TEST_CASE("add: a step names the element of each operand, broadcast ones included") {
    const Tensor x({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
    const Tensor bias({1, 2, 1, 1}, {10, 20});
    const cs::Step step = cs::add_trace(x, bias, {}, {0, 1, 1, 0});
    REQUIRE(step.taps.size() == 2);
    CHECK(step.taps[0].operand == 0);
    CHECK(step.taps[0].input == cs::Index4{0, 1, 1, 0});
    CHECK(step.taps[1].operand == 1);
    CHECK(step.taps[1].input == cs::Index4{0, 1, 0, 0});
    CHECK(step.output == 27.0f);
    cs::test::check_traces_match_forward("add");
}

TEST_CASE("add: shapes that cannot broadcast are named") {
    CHECK_THROWS_WITH(
        cs::add_output_shape({1, 3, 4, 4}, {1, 3, 4, 5}),
        Contains("the size of input (4) must match the size of other (5) at dimension 3"));
}

TEST_CASE("cat: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("modern.json", "cat");
}

TEST_CASE("cat: the gradient is cut back into one piece per input") {
    for (const auto& c : cs::test::backward_cases("cat")) {
        INFO(c.at("name").get<std::string>());
        std::vector<cs::Shape> shapes;
        for (const auto& t : c.at("inputs")) {
            shapes.push_back(cs::test::tensor_from_json(t).shape());
        }
        const auto grads = cs::cat_backward(shapes, cs::test::fixture_tensor(c, "grad_output"),
                                            {.dim = c.at("params").value("dim", 0)});
        const auto& want = c.at("expected_grad_inputs");
        REQUIRE(grads.size() == want.size());
        for (size_t i = 0; i < grads.size(); ++i) {
            CHECK(cs::test::worst_excess(grads[i], cs::test::tensor_from_json(want[i])) <= 0.0);
        }
    }
}

TEST_CASE("cat: channel counts add up along dim 1 and a step names its source") {
    const Tensor a({1, 1, 1, 2}, {1, 2}), b({1, 2, 1, 2}, {3, 4, 5, 6});
    const cs::ShapeInfo info = cs::cat_output_shape({a.shape(), b.shape()}, {.dim = 1});
    CHECK(info.shape == cs::Shape{1, 3, 1, 2});
    CHECK(info.formulas.at(0) == "along dim 1: 1 + 2 = 3");
    const cs::Step step = cs::cat_trace({a, b}, {.dim = 1}, {0, 2, 0, 1});
    REQUIRE(step.taps.size() == 1);
    CHECK(step.taps[0].operand == 1);
    CHECK(step.taps[0].input == cs::Index4{0, 1, 0, 1});
    CHECK(step.output == 6.0f);
    cs::test::check_traces_match_forward("cat");
}

TEST_CASE("cat: mismatched sizes name the tensor and the dimension") {
    CHECK_THROWS_WITH(
        cs::cat_output_shape({{1, 2, 4, 4}, {1, 3, 4, 5}}, {.dim = 1}),
        Contains("tensor 1 [1, 3, 4, 5] differs from tensor 0 [1, 2, 4, 4] at dimension 3"));
    CHECK_THROWS_WITH(cs::cat_output_shape({}, {}), Contains("at least one tensor"));
}

TEST_CASE("mul: matches PyTorch on every fixture, broadcasting included") {
    cs::test::check_forward_fixtures("modern.json", "mul");
}

TEST_CASE("mul: each operand's gradient is the other operand times the upstream one") {
    for (const auto& c : cs::test::backward_cases("mul")) {
        INFO(c.at("name").get<std::string>());
        const auto grads = cs::mul_backward(cs::test::fixture_tensor(c, "input"),
                                            cs::test::fixture_tensor(c, "other"),
                                            cs::test::fixture_tensor(c, "grad_output"));
        CHECK(cs::test::worst_excess(grads.input,
                                     cs::test::fixture_tensor(c, "expected_grad_input")) <= 0.0);
        CHECK(cs::test::worst_excess(grads.other,
                                     cs::test::fixture_tensor(c, "expected_grad_other")) <= 0.0);
    }
}

TEST_CASE("mul: a step shows the two factors of a gated cell") {
    const Tensor x({1, 2, 1, 2}, {1, 2, 3, 4});
    const Tensor gate({1, 2, 1, 1}, {0.5f, 2.0f});
    const cs::Step step = cs::mul_trace(x, gate, {0, 1, 0, 1});
    REQUIRE(step.taps.size() == 2);
    CHECK(step.taps[1].input == cs::Index4{0, 1, 0, 0});
    CHECK(step.output == 8.0f);
    cs::test::check_traces_match_forward("mul");
}
