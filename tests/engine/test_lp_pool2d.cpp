#include <catch2/catch.hpp>

#include <cmath>

#include "engine/ops/lp_pool2d.hpp"
#include "engine/ops/register_pool.hpp"
#include "pool_test_helpers.hpp"

using Catch::Contains;
using cs::LpPool2dParams;
using cs::Pair;
using cs::Tensor;

TEST_CASE("lp_pool2d: norm 2 is the Euclidean length of each window") {
    // clang-format off
    const Tensor x({1, 1, 2, 4}, {
        3, 4,   1, 1,
        0, 0,   1, 1,
    });
    // clang-format on
    const Tensor y = cs::lp_pool2d_forward(x, {.norm_type = 2, .kernel_size = {2, 2}});
    CHECK(y.values() == std::vector<float>{5.0f, 2.0f});
}

TEST_CASE("lp_pool2d: norm 1 is the signed sum, without abs") {
    // clang-format off
    const Tensor x({1, 1, 2, 2}, {
        1, -3,
        0, -2,
    });
    // clang-format on
    CHECK(cs::lp_pool2d_forward(x, {.norm_type = 1, .kernel_size = {2, 2}}).values()[0] == -4.0f);
}

TEST_CASE("lp_pool2d: a ceil_mode partial window is scaled by kh·kw / valid") {
    const Tensor x({1, 1, 1, 3}, {3, 4, 12});
    // windows of width 2, stride 2: [3, 4] and the partial [12] — torch computes
    // (avg_pool2d(x²) · 2)^(1/2) = (144 / 1 · 2)^(1/2) for it.
    const LpPool2dParams p{
        .norm_type = 2, .kernel_size = {1, 2}, .stride = Pair{1, 2}, .ceil_mode = true};
    const Tensor y = cs::lp_pool2d_forward(x, p);
    REQUIRE(y.numel() == 2);
    CHECK(y.values()[0] == 5.0f);
    CHECK(y.values()[1] == Approx(std::sqrt(288.0)));
}

TEST_CASE("lp_pool2d: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("pool.json", "lp_pool2d");
}

TEST_CASE("lp_pool2d: rejected parameters are named in the message") {
    const Tensor x({1, 1, 5, 5});
    CHECK_THROWS_WITH(cs::lp_pool2d_forward(x, {.norm_type = 2, .kernel_size = {6, 6}}),
                      Contains("kernel_size (6, 6)"));
    CHECK_THROWS_WITH(
        cs::lp_pool2d_forward(x, {.norm_type = 2, .kernel_size = {2, 2}, .stride = Pair{0, 1}}),
        Contains("stride"));
    cs::OpCall call;
    call.op = "lp_pool2d";
    call.input = x;
    call.params = {{"kernel_size", 2}};
    CHECK_THROWS_WITH(cs::evaluate(call), Contains("norm_type"));
}

TEST_CASE("lp_pool2d: fast kernel equals the serial reference on random shapes") {
    std::mt19937 rng(31);
    std::uniform_int_distribution<int64_t> size(1, 11), k(1, 4), s(1, 3), coin(0, 1);
    const double norms[] = {1.0, 2.0, 3.0, 1.5};
    int checked = 0;
    for (int trial = 0; trial < 200; ++trial) {
        LpPool2dParams p;
        p.norm_type = norms[trial % 4];
        p.kernel_size = {k(rng), k(rng)};
        p.stride = Pair{s(rng), s(rng)};
        p.ceil_mode = coin(rng) == 1;
        const cs::Shape shape{coin(rng) + 1, coin(rng) + 1, size(rng), size(rng)};
        try {
            cs::lp_pool2d_output_shape(shape, p);
        } catch (const cs::Error&) {
            continue;
        }
        const Tensor x = cs::test::random_tensor(shape, rng, 0.1f, 2.0f);
        const Tensor fast = cs::test::with_threads(2, [&] { return cs::lp_pool2d_forward(x, p); });
        INFO("trial " << trial << " input " << cs::shape_string(shape));
        CHECK(cs::test::bitwise_equal(fast, cs::lp_pool2d_forward_reference(x, p)));
        ++checked;
    }
    CHECK(checked > 60);
}

TEST_CASE("lp_pool2d: the result does not depend on the thread count") {
    std::mt19937 rng(37);
    const Tensor x = cs::test::random_tensor({1, 6, 64, 48}, rng);
    const LpPool2dParams p{.norm_type = 2, .kernel_size = {3, 3}, .stride = Pair{2, 2}};
    CHECK(cs::test::bitwise_equal(
        cs::test::with_threads(1, [&] { return cs::lp_pool2d_forward(x, p); }),
        cs::test::with_threads(2, [&] { return cs::lp_pool2d_forward(x, p); })));
}

TEST_CASE("lp_pool2d: trace's sum of powers reproduces the forward pass") {
    for (const auto& c : cs::test::fixture_cases("pool.json", "lp_pool2d")) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const double p = c.at("params").at("norm_type").get<double>();
        const Tensor y = cs::evaluate(call).output;
        const auto grid = cs::step_grid(y.shape());
        for (int64_t k = 0; k < y.numel(); k += std::max<int64_t>(1, y.numel() / 25)) {
            const cs::Step step = cs::trace_step(call, cs::step_position(k, grid));
            CHECK(step.output == y.data()[k]);
            double powers = 0.0;
            for (const cs::Tap& t : step.taps) {
                powers += std::pow(static_cast<double>(t.value), p);
            }
            CHECK(step.sum == Approx(powers));
            REQUIRE(step.divisor.has_value());
            const double base = step.sum / *step.divisor;
            if (base >= 0.0 || p == 1.0) {
                CHECK(std::copysign(std::pow(std::abs(base), 1.0 / p), base) ==
                      Approx(y.data()[k]).margin(1e-5));
            }
        }
    }
}

TEST_CASE("lp_pool2d: backward matches torch autograd fixtures") {
    for (const auto& c : cs::test::fixture_cases("pool_backward.json", "lp_pool2d")) {
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const Tensor g = cs::test::tensor_from_json(c.at("grad_output"));
        const Tensor grad = cs::lp_pool2d_backward(call.input, g, cs::lp_pool2d_params(call));
        CHECK(cs::test::worst_excess(
                  grad, cs::test::tensor_from_json(c.at("expected_grad_input"))) <= 0.0);
    }
}

TEST_CASE("lp_pool2d: backward passes the central-difference gradient check") {
    std::mt19937 rng(41);
    for (const LpPool2dParams& p :
         {LpPool2dParams{.norm_type = 2, .kernel_size = {2, 2}},
          LpPool2dParams{.norm_type = 1, .kernel_size = {3, 2}, .stride = Pair{1, 1}},
          LpPool2dParams{
              .norm_type = 3, .kernel_size = {3, 3}, .stride = Pair{2, 2}, .ceil_mode = true},
          LpPool2dParams{.norm_type = 1.5, .kernel_size = {2, 3}, .stride = Pair{2, 1}}}) {
        const Tensor x = cs::test::random_tensor({1, 2, 7, 6}, rng, 0.3f, 2.0f);
        const Tensor g = cs::test::random_tensor(cs::lp_pool2d_forward(x, p).shape(), rng);
        cs::test::gradient_check([&](const Tensor& in) { return cs::lp_pool2d_forward(in, p); }, x,
                                 g, cs::lp_pool2d_backward(x, g, p), rng, 30, 1e-2);
    }
}

TEST_CASE("lp_pool2d: backward routing equals the backward pass at every element") {
    std::mt19937 rng(43);
    const Tensor x = cs::test::random_tensor({1, 1, 7, 7}, rng, 0.3f, 2.0f);
    const LpPool2dParams p{
        .norm_type = 2, .kernel_size = {3, 3}, .stride = Pair{2, 2}, .ceil_mode = true};
    const Tensor g = cs::test::random_tensor(cs::lp_pool2d_forward(x, p).shape(), rng);
    const Tensor grad = cs::lp_pool2d_backward(x, g, p);
    for (int64_t i = 0; i < x.numel(); ++i) {
        const cs::GradTrace t = cs::lp_pool2d_backward_trace(x, p, g, {0, 0, i / 7, i % 7});
        CHECK(t.grad_input == Approx(grad.data()[i]).margin(1e-5));
    }
}
