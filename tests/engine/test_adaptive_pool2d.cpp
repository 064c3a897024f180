#include <catch2/catch.hpp>

#include "engine/ops/adaptive_max_pool2d.hpp"
#include "modern_test_helpers.hpp"

using cs::AdaptivePoolParams;
using cs::Tensor;

namespace {

AdaptivePoolParams params_of(const nlohmann::json& c) {
    return cs::adaptive_pool_params(cs::test::op_call_from_case(c));
}

}  // namespace

TEST_CASE("adaptive_avg_pool2d: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("modern.json", "adaptive_avg_pool2d");
}

TEST_CASE("adaptive_max_pool2d: matches PyTorch on every fixture, indices included") {
    cs::test::check_forward_fixtures("modern.json", "adaptive_max_pool2d");
}

TEST_CASE("adaptive pooling: windows of 7 cells into 3 overlap and differ in size") {
    // ⌊i·7/3⌋ … ⌈(i+1)·7/3⌉: [0, 3), [2, 5), [4, 7)
    CHECK(cs::adaptive_begin(1, 7, 3) == 2);
    CHECK(cs::adaptive_end(1, 7, 3) == 5);
    const cs::ShapeInfo info =
        cs::adaptive_output_shape("adaptive_avg_pool2d", {1, 1, 7, 5}, {.out_h = 3, .out_w = 3});
    CHECK(info.shape == cs::Shape{1, 1, 3, 3});
    // columns [0, 2), [1, 4), [3, 5)
    CHECK(info.formulas.at(1) == "5 → 3 (windows ⌊i·5/3⌋ … ⌈(i+1)·5/3⌉, 2 or 3 cells)");
}

TEST_CASE("adaptive pooling: gradients match PyTorch") {
    for (const auto& c : cs::test::backward_cases("adaptive_avg_pool2d")) {
        INFO(c.at("name").get<std::string>());
        const Tensor x = cs::test::fixture_tensor(c, "input");
        const Tensor g = cs::adaptive_avg_pool2d_backward(
            x.shape(), cs::test::fixture_tensor(c, "grad_output"), params_of(c));
        CHECK(cs::test::worst_excess(g, cs::test::fixture_tensor(c, "expected_grad_input")) <= 0.0);
    }
    for (const auto& c : cs::test::backward_cases("adaptive_max_pool2d")) {
        INFO(c.at("name").get<std::string>());
        const Tensor x = cs::test::fixture_tensor(c, "input");
        const auto forward = cs::adaptive_max_pool2d_forward(x, params_of(c));
        const Tensor g = cs::adaptive_max_pool2d_backward(
            x.shape(), cs::test::fixture_tensor(c, "grad_output"), forward.indices, params_of(c));
        CHECK(cs::test::worst_excess(g, cs::test::fixture_tensor(c, "expected_grad_input")) <= 0.0);
    }
}

TEST_CASE("adaptive pooling: a step shows its own window and divisor") {
    std::mt19937 rng(3);
    const Tensor x = cs::test::random_tensor({1, 1, 7, 7}, rng);
    const cs::Step avg = cs::adaptive_avg_pool2d_trace(x, {.out_h = 3, .out_w = 3}, {0, 0, 1, 2});
    CHECK(avg.taps.size() == 9);  // rows [2, 5), columns [4, 7)
    CHECK(avg.taps.front().input == cs::Index4{0, 0, 2, 4});
    CHECK(avg.divisor == 9.0);
    const cs::Step max = cs::adaptive_max_pool2d_trace(x, {.out_h = 2, .out_w = 2}, {0, 0, 0, 0});
    CHECK(max.taps.size() == 16);  // rows [0, 4), columns [0, 4)
    REQUIRE(max.selected.has_value());
    CHECK(max.taps[static_cast<size_t>(*max.selected)].value == max.output);
    cs::test::check_traces_match_forward("adaptive_avg_pool2d");
    cs::test::check_traces_match_forward("adaptive_max_pool2d");
}
