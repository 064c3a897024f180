#include <catch2/catch.hpp>

#include "engine/ops/batch_norm2d.hpp"
#include "modern_test_helpers.hpp"

using Catch::Contains;
using cs::BatchNorm2dParams;
using cs::Tensor;

namespace {

// The affine tensors of a case, empty when null.
Tensor optional_tensor(const nlohmann::json& c, const char* field) {
    return c.contains(field) && !c.at(field).is_null() ? cs::test::fixture_tensor(c, field)
                                                       : Tensor();
}

BatchNorm2dParams params_of(const nlohmann::json& c) {
    const nlohmann::json& p = c.at("params");
    return {.training = p.value("training", false),
            .momentum = p.value("momentum", 0.1),
            .eps = p.value("eps", 1e-5)};
}

}  // namespace

TEST_CASE("batch_norm2d: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("modern.json", "batch_norm2d");
}

TEST_CASE("batch_norm2d: training moves the running statistics as PyTorch does") {
    int checked = 0;
    for (const auto& c : cs::test::fixture_cases("modern.json", "batch_norm2d")) {
        if (!c.contains("expected_running_mean")) {
            continue;
        }
        INFO(c.at("name").get<std::string>());
        const Tensor x = cs::test::fixture_tensor(c, "input");
        const Tensor mean = cs::test::fixture_tensor(c, "running_mean");
        const Tensor var = cs::test::fixture_tensor(c, "running_var");
        const Tensor weight = optional_tensor(c, "weight"), bias = optional_tensor(c, "bias");
        const auto r = cs::batch_norm2d_forward(x, {mean, var, weight, bias}, params_of(c));
        CHECK(cs::test::worst_excess(r.running_mean,
                                     cs::test::fixture_tensor(c, "expected_running_mean")) <= 0.0);
        CHECK(cs::test::worst_excess(r.running_var,
                                     cs::test::fixture_tensor(c, "expected_running_var")) <= 0.0);
        ++checked;
    }
    CHECK(checked >= 5);
}

TEST_CASE("batch_norm2d: gradients match PyTorch in training and evaluation") {
    for (const auto& c : cs::test::backward_cases("batch_norm2d")) {
        INFO(c.at("name").get<std::string>());
        const Tensor x = cs::test::fixture_tensor(c, "input");
        const Tensor mean = cs::test::fixture_tensor(c, "running_mean");
        const Tensor var = cs::test::fixture_tensor(c, "running_var");
        const Tensor weight = optional_tensor(c, "weight"), bias = optional_tensor(c, "bias");
        const BatchNorm2dParams p = params_of(c);
        const auto forward = cs::batch_norm2d_forward(x, {mean, var, weight, bias}, p);
        const auto grads = cs::batch_norm2d_backward(x, cs::test::fixture_tensor(c, "grad_output"),
                                                     forward, weight, p);
        CHECK(cs::test::worst_excess(grads.input,
                                     cs::test::fixture_tensor(c, "expected_grad_input")) <= 0.0);
        if (c.contains("expected_grad_weight")) {
            CHECK(cs::test::worst_excess(
                      grads.weight, cs::test::fixture_tensor(c, "expected_grad_weight")) <= 0.0);
            CHECK(cs::test::worst_excess(grads.bias,
                                         cs::test::fixture_tensor(c, "expected_grad_bias")) <= 0.0);
        }
    }
}

TEST_CASE("batch_norm2d: the training gradient agrees with central differences") {
    std::mt19937 rng(5);
    const Tensor x = cs::test::random_tensor({3, 2, 3, 4}, rng, -2.0f, 2.0f);
    const Tensor mean({2}, {0.5f, -0.5f}), var({2}, {1.0f, 2.0f});
    const Tensor weight({2}, {1.5f, -0.75f}), bias({2}, {0.25f, 0.5f});
    const Tensor g = cs::test::random_tensor(x.shape(), rng);
    const BatchNorm2dParams p{.training = true};
    auto forward = [&](const Tensor& at) {
        return cs::batch_norm2d_forward(at, {mean, var, weight, bias}, p).output;
    };
    const auto r = cs::batch_norm2d_forward(x, {mean, var, weight, bias}, p);
    const auto grads = cs::batch_norm2d_backward(x, g, r, weight, p);
    cs::test::gradient_check(forward, x, g, grads.input, rng, 24, 1e-2, 3e-3, 2e-2);
}

TEST_CASE("batch_norm2d: a step shows the channel's mean, variance and the normalised value") {
    // channel 0 holds 1, 2, 3, 4: mean 2.5, biased variance 1.25
    const Tensor x({1, 1, 2, 2}, {1, 2, 3, 4});
    const Tensor mean({1}, {0.0f}), var({1}, {1.0f}), weight({1}, {2.0f}), bias({1}, {0.5f});
    const cs::Step step = cs::batch_norm2d_trace(x, {mean, var, weight, bias},
                                                 {.training = true, .eps = 0.0}, {0, 0, 1, 1});
    REQUIRE(step.quantities.size() == 6);
    CHECK(step.quantities[0].name == "mean");
    CHECK(step.quantities[0].value == Approx(2.5));
    CHECK(step.quantities[1].value == Approx(1.25));
    CHECK(step.quantities[3].value == Approx(1.5 / std::sqrt(1.25)));
    CHECK(step.output == Approx(2.0 * 1.5 / std::sqrt(1.25) + 0.5));
    cs::test::check_traces_match_forward("batch_norm2d");
}

TEST_CASE("batch_norm2d: rejected calls say why") {
    const Tensor mean({3}), var({3}, 1.0f), none;
    CHECK_THROWS_WITH(
        cs::batch_norm2d_forward(Tensor({1, 3, 1, 1}), {mean, var, none, none}, {.training = true}),
        Contains("more than one value"));
    CHECK_THROWS_WITH(cs::batch_norm2d_forward(Tensor({1, 2, 2, 2}), {mean, var, none, none}, {}),
                      Contains("running_mean must hold one value per channel (2)"));
}
