#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "engine/ops/clamp.hpp"
#include "engine/ops/dropout.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/ops/local_response_norm.hpp"
#include "engine/ops/lp_pool2d.hpp"
#include "modern_test_helpers.hpp"

using Catch::Contains;
using cs::Tensor;

namespace {

cs::ClampParams clamp_params_of(const nlohmann::json& c) {
    const std::string op = c.at("op");
    const nlohmann::json& p = c.at("params");
    if (op == "relu6") {
        return cs::relu6_params();
    }
    if (op == "hardtanh") {
        return cs::hardtanh_params(p.value("min_val", -1.0), p.value("max_val", 1.0));
    }
    cs::ClampParams params;
    if (p.contains("min") && !p.at("min").is_null()) {
        params.min = p.at("min").get<double>();
    }
    if (p.contains("max") && !p.at("max").is_null()) {
        params.max = p.at("max").get<double>();
    }
    return params;
}

}  // namespace

TEST_CASE("relu6, hardtanh and clamp: match PyTorch on every fixture") {
    for (const char* op : {"relu6", "hardtanh", "clamp"}) {
        INFO(op);
        cs::test::check_forward_fixtures("modern.json", op);
        cs::test::check_traces_match_forward(op);
    }
}

TEST_CASE("relu6, hardtanh and clamp: gradients at the bounds as PyTorch passes them") {
    for (const char* op : {"relu6", "hardtanh", "clamp"}) {
        for (const auto& c : cs::test::backward_cases(op)) {
            INFO(c.at("name").get<std::string>());
            const Tensor g =
                cs::clamp_backward(cs::test::fixture_tensor(c, "input"),
                                   cs::test::fixture_tensor(c, "grad_output"), clamp_params_of(c));
            CHECK(cs::test::worst_excess(g, cs::test::fixture_tensor(c, "expected_grad_input")) <=
                  0.0);
        }
    }
}

TEST_CASE("relu6, hardtanh and clamp: the whole tensor at once agrees with one value at a time") {
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    Tensor x({1, 1, 3, 5});
    const std::vector<float> values = {-inf, -7.0f, -0.0f, 0.0f, 0.5f, 5.99f, 6.0f,  6.5f,
                                       inf,  nan,   -1.0f, 2.0f, 3.0f, 1e30f, -1e30f};
    std::copy(values.begin(), values.end(), x.data());
    const std::vector<cs::ClampParams> params = {cs::relu6_params(),
                                                 cs::hardtanh_params(-1.0, 1.0),
                                                 {.min = 2.0, .max = std::nullopt},
                                                 {.min = std::nullopt, .max = -3.0},
                                                 {.min = 4.0, .max = 1.0}};  // min > max: max
    for (const cs::ClampParams& p : params) {
        const Tensor y = cs::clamp_forward(x, p);
        for (int64_t i = 0; i < x.numel(); ++i) {
            const float want = cs::clamp_value(x.data()[i], p);
            INFO("x " << x.data()[i]);
            if (std::isnan(want)) {
                CHECK(std::isnan(y.data()[i]));
            } else {
                CHECK(y.data()[i] == want);
            }
        }
    }
}

TEST_CASE("dropout: matches PyTorch where PyTorch is deterministic") {
    cs::test::check_forward_fixtures("modern.json", "dropout");
}

TEST_CASE("dropout: a seed gives one mask, on any thread count, with about p dropped") {
    const cs::Shape shape{4, 8, 32, 32};
    const cs::DropoutParams p{.p = 0.3, .training = true, .seed = 7};
    const Tensor one = cs::test::with_threads(1, [&] { return cs::dropout_scale(shape, p); });
    const Tensor all = cs::dropout_scale(shape, p);
    CHECK(cs::test::bitwise_equal(one, all));
    int64_t dropped = 0;
    for (float s : all.values()) {
        CHECK((s == 0.0f || s == Approx(1.0 / 0.7)));
        dropped += s == 0.0f ? 1 : 0;
    }
    CHECK(static_cast<double>(dropped) / static_cast<double>(all.numel()) ==
          Approx(0.3).margin(0.01));
    const Tensor other = cs::dropout_scale(shape, {.p = 0.3, .training = true, .seed = 8});
    CHECK_FALSE(cs::test::bitwise_equal(all, other));
    // The trace shows the same factor as the forward pass.
    const Tensor x(shape, 2.0f);
    const Tensor y = cs::dropout_forward(x, p);
    for (const int64_t offset : {0L, 4095L, 4096L, 12345L, 32767L}) {
        const cs::Step step = cs::dropout_trace(x, p, cs::element_at(shape, offset));
        CHECK(step.output == y.data()[offset]);
    }
}

TEST_CASE("dropout: the gradient goes through the kept elements, scaled") {
    for (const auto& c : cs::test::backward_cases("dropout")) {
        INFO(c.at("name").get<std::string>());
        const Tensor x = cs::test::fixture_tensor(c, "input");
        const nlohmann::json& p = c.at("params");
        const Tensor scale = cs::dropout_scale(
            x.shape(), {.p = p.value("p", 0.5), .training = p.value("training", true)});
        const Tensor g = cs::dropout_backward(cs::test::fixture_tensor(c, "grad_output"), scale);
        CHECK(cs::test::worst_excess(g, cs::test::fixture_tensor(c, "expected_grad_input")) <= 0.0);
    }
}

TEST_CASE("local_response_norm: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("modern.json", "local_response_norm");
    cs::test::check_traces_match_forward("local_response_norm");
}

TEST_CASE("local_response_norm: gradients match PyTorch and central differences") {
    for (const auto& c : cs::test::backward_cases("local_response_norm")) {
        INFO(c.at("name").get<std::string>());
        const nlohmann::json& p = c.at("params");
        const cs::LocalResponseNormParams params{.size = p.at("size").get<int64_t>(),
                                                 .alpha = p.value("alpha", 1e-4),
                                                 .beta = p.value("beta", 0.75),
                                                 .k = p.value("k", 1.0)};
        const Tensor g =
            cs::local_response_norm_backward(cs::test::fixture_tensor(c, "input"),
                                             cs::test::fixture_tensor(c, "grad_output"), params);
        CHECK(cs::test::worst_excess(g, cs::test::fixture_tensor(c, "expected_grad_input")) <= 0.0);
    }
    std::mt19937 rng(11);
    const Tensor x = cs::test::random_tensor({2, 5, 2, 3}, rng, -2.0f, 2.0f);
    const Tensor g = cs::test::random_tensor(x.shape(), rng);
    const cs::LocalResponseNormParams p{.size = 3, .alpha = 0.5, .beta = 0.75, .k = 1.0};
    cs::test::gradient_check(
        [&](const Tensor& at) { return cs::local_response_norm_forward(at, p); }, x, g,
        cs::local_response_norm_backward(x, g, p), rng);
}

TEST_CASE("local_response_norm: a step lists the neighbouring channels, zeros past the edge") {
    const Tensor x({1, 3, 1, 1}, {1, 2, 3});
    const cs::Step step = cs::local_response_norm_trace(
        x, {.size = 3, .alpha = 3.0, .beta = 1.0, .k = 1.0}, {0, 0, 0, 0});
    REQUIRE(step.taps.size() == 3);
    CHECK(step.taps[0].kind == cs::TapKind::padding);
    CHECK(step.sum == Approx(1 + 4));
    CHECK(step.output == Approx(1.0 / (1.0 + 3.0 / 3.0 * 5.0)));
}

TEST_CASE("lp_pool2d: norm_type 0 is refused, as PyTorch divides by it") {
    CHECK_THROWS_WITH(
        cs::lp_pool2d_forward(Tensor({1, 1, 4, 4}), {.norm_type = 0, .kernel_size = {2, 2}}),
        Contains("norm_type must not be 0"));
}
