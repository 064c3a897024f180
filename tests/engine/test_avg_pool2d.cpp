#include <catch2/catch.hpp>

#include "engine/ops/avg_pool2d.hpp"
#include "engine/ops/register_pool.hpp"
#include "pool_test_helpers.hpp"

using Catch::Contains;
using cs::AvgPool2dParams;
using cs::Pair;
using cs::Tensor;

TEST_CASE("avg_pool2d: 2x2 stride 2 averages each window") {
    // clang-format off
    const Tensor x({1, 1, 4, 4}, {
         1,  2,    3,  4,
         5,  6,    7,  8,

         9, 10,   11, 12,
        13, 14,   15, 16,
    });
    // clang-format on
    const Tensor y = cs::avg_pool2d_forward(x, {.kernel_size = {2, 2}});
    CHECK(y.values() == std::vector<float>{3.5f, 5.5f, 11.5f, 13.5f});
}

TEST_CASE("avg_pool2d: count_include_pad decides whether zero padding counts") {
    const Tensor x({1, 1, 3, 3}, 1.0f);
    const AvgPool2dParams with{.kernel_size = {3, 3}, .stride = Pair{2, 2}, .padding = {1, 1}};
    AvgPool2dParams without = with;
    without.count_include_pad = false;
    // The corner window holds 4 real ones and 5 padding zeros.
    CHECK(cs::avg_pool2d_forward(x, with).values()[0] == Approx(4.0 / 9.0));
    CHECK(cs::avg_pool2d_forward(x, without).values()[0] == 1.0f);
}

TEST_CASE("avg_pool2d: a ceil_mode window hanging off the end divides by its part inside") {
    const Tensor x({1, 1, 1, 4}, {1, 2, 3, 4});
    // windows of width 3, stride 2, padding 1: [−1, 2), [1, 4), [3, 6) → the last one is cut at
    // the end of the padded input (5): 2 cells inside the padded input, 1 real cell.
    AvgPool2dParams p{.kernel_size = {1, 3},
                      .stride = Pair{1, 2},
                      .padding = {0, 1},
                      .ceil_mode = true,
                      .count_include_pad = true};
    const cs::PoolGeometry g = cs::avg_pool2d_geometry(x.shape(), p);
    CHECK(g.out_w == 3);
    CHECK(cs::avg_pool2d_divisor(g, p, 0, 2) == 2);
    CHECK(cs::avg_pool2d_forward(x, p).values() == std::vector<float>{1.0f, 3.0f, 2.0f});
    p.count_include_pad = false;
    CHECK(cs::avg_pool2d_divisor(g, p, 0, 2) == 1);
    CHECK(cs::avg_pool2d_forward(x, p).values() == std::vector<float>{1.5f, 3.0f, 4.0f});
    p.divisor_override = 4;
    CHECK(cs::avg_pool2d_forward(x, p).values() == std::vector<float>{0.75f, 2.25f, 1.0f});
}

TEST_CASE("avg_pool2d: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("pool.json", "avg_pool2d");
}

TEST_CASE("avg_pool2d: rejected parameters are named in the message") {
    const Tensor x({1, 1, 5, 5});
    CHECK_THROWS_WITH(cs::avg_pool2d_forward(x, {.kernel_size = {2, 2}, .divisor_override = 0}),
                      Contains("divisor_override"));
    CHECK_THROWS_WITH(cs::avg_pool2d_forward(x, {.kernel_size = {3, 2}, .padding = {1, 2}}),
                      Contains("padding (1, 2)") && Contains("kernel_size (3, 2)"));
    CHECK_THROWS_WITH(cs::avg_pool2d_forward(x, {.kernel_size = {2, 2}, .stride = Pair{1, 0}}),
                      Contains("stride"));
    CHECK_THROWS_WITH(cs::avg_pool2d_forward(x, {.kernel_size = {2, 2}, .padding = {-1, 0}}),
                      Contains("padding") && Contains("negative"));
}

TEST_CASE("avg_pool2d: fast kernel equals the serial reference on random shapes") {
    std::mt19937 rng(17);
    std::uniform_int_distribution<int64_t> size(1, 12), k(1, 4), s(1, 3), coin(0, 1);
    int checked = 0;
    for (int trial = 0; trial < 300; ++trial) {
        AvgPool2dParams p;
        p.kernel_size = {k(rng), k(rng)};
        p.stride = Pair{s(rng), s(rng)};
        p.padding = {std::uniform_int_distribution<int64_t>(0, p.kernel_size.h / 2)(rng),
                     std::uniform_int_distribution<int64_t>(0, p.kernel_size.w / 2)(rng)};
        p.ceil_mode = coin(rng) == 1;
        p.count_include_pad = coin(rng) == 1;
        if (trial % 4 == 0) {
            p.divisor_override = 3;
        }
        const cs::Shape shape{coin(rng) + 1, coin(rng) + 1, size(rng), size(rng)};
        try {
            cs::avg_pool2d_output_shape(shape, p);
        } catch (const cs::Error&) {
            continue;
        }
        const Tensor x = cs::test::random_tensor(shape, rng);
        const Tensor fast = cs::test::with_threads(2, [&] { return cs::avg_pool2d_forward(x, p); });
        INFO("trial " << trial << " input " << cs::shape_string(shape));
        CHECK(cs::test::bitwise_equal(fast, cs::avg_pool2d_forward_reference(x, p)));
        ++checked;
    }
    CHECK(checked > 100);
}

TEST_CASE("avg_pool2d: the result does not depend on the thread count") {
    std::mt19937 rng(19);
    const Tensor x = cs::test::random_tensor({2, 8, 70, 50}, rng);
    const AvgPool2dParams p{.kernel_size = {3, 3}, .stride = Pair{2, 2}, .padding = {1, 1}};
    const Tensor one = cs::test::with_threads(1, [&] { return cs::avg_pool2d_forward(x, p); });
    CHECK(cs::test::bitwise_equal(
        one, cs::test::with_threads(2, [&] { return cs::avg_pool2d_forward(x, p); })));
    const Tensor g = cs::test::random_tensor(one.shape(), rng);
    CHECK(cs::test::bitwise_equal(
        cs::test::with_threads(1, [&] { return cs::avg_pool2d_backward(g, x.shape(), p); }),
        cs::test::with_threads(2, [&] { return cs::avg_pool2d_backward(g, x.shape(), p); })));
}

TEST_CASE("avg_pool2d: trace's sum and divisor reproduce the forward pass") {
    for (const auto& c : cs::test::fixture_cases("pool.json", "avg_pool2d")) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const Tensor y = cs::evaluate(call).output;
        const auto grid = cs::step_grid(y.shape());
        for (int64_t k = 0; k < y.numel(); k += std::max<int64_t>(1, y.numel() / 25)) {
            const cs::Step step = cs::trace_step(call, cs::step_position(k, grid));
            REQUIRE(step.divisor.has_value());
            CHECK(step.output == y.data()[k]);
            CHECK(step.sum / *step.divisor == Approx(y.data()[k]).margin(1e-6));
            double real = 0.0;
            for (const cs::Tap& t : step.taps) {
                if (t.kind == cs::TapKind::padding) {
                    CHECK(t.value == 0.0f);
                    CHECK(!t.input.has_value());
                }
                real += t.value;
            }
            CHECK(real == Approx(step.sum));
        }
    }
}

TEST_CASE("avg_pool2d: backward matches torch autograd fixtures") {
    for (const auto& c : cs::test::fixture_cases("pool_backward.json", "avg_pool2d")) {
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const Tensor g = cs::test::tensor_from_json(c.at("grad_output"));
        const Tensor grad =
            cs::avg_pool2d_backward(g, call.input.shape(), cs::avg_pool2d_params(call));
        CHECK(cs::test::worst_excess(
                  grad, cs::test::tensor_from_json(c.at("expected_grad_input"))) <= 0.0);
    }
}

TEST_CASE("avg_pool2d: backward passes the central-difference gradient check") {
    std::mt19937 rng(23);
    for (const AvgPool2dParams& p :
         {AvgPool2dParams{.kernel_size = {2, 2}},
          AvgPool2dParams{.kernel_size = {3, 3},
          .stride = Pair{2, 2},
          .padding = {1, 1},
          .ceil_mode = true,
          .count_include_pad = false},
          AvgPool2dParams{
              .kernel_size = {3, 2}, .stride = Pair{2, 1}, .padding = {1, 0}, .ceil_mode = true},
          AvgPool2dParams{.kernel_size = {2, 3}, .divisor_override = 5}}) {
        const Tensor x = cs::test::random_tensor({2, 1, 7, 6}, rng);
        const Tensor g = cs::test::random_tensor(cs::avg_pool2d_forward(x, p).shape(), rng);
        cs::test::gradient_check([&](const Tensor& in) { return cs::avg_pool2d_forward(in, p); }, x,
                                 g, cs::avg_pool2d_backward(g, x.shape(), p), rng);
    }
}

TEST_CASE("avg_pool2d: backward routing spreads each gradient by 1/divisor") {
    const Tensor x({1, 1, 2, 2}, {1, 2, 3, 4});
    // 2×2 windows, stride 1, padding 1: a 3×3 output; every input cell is in 4 windows of 4.
    const AvgPool2dParams p{.kernel_size = {2, 2}, .stride = Pair{1, 1}, .padding = {1, 1}};
    const Tensor g({1, 1, 3, 3}, 1.0f);
    const cs::GradTrace t = cs::avg_pool2d_backward_trace(x.shape(), p, g, {0, 0, 0, 0});
    REQUIRE(t.routes.size() == 4);
    // in output row-major order: windows (0,0), (0,1), (1,0), (1,1)
    CHECK(t.routes[0].output == cs::Index4{0, 0, 0, 0});
    CHECK(t.routes[3].output == cs::Index4{0, 0, 1, 1});
    CHECK(t.routes[0].kernel == std::array<int64_t, 2>{1, 1});  // bottom-right of window (0,0)
    for (const cs::GradRoute& r : t.routes) {
        CHECK(r.factor == 0.25);
    }
    CHECK(t.grad_input == 1.0);
}

TEST_CASE("avg_pool2d: backward routing equals the backward pass at every element") {
    std::mt19937 rng(29);
    const Tensor x = cs::test::random_tensor({1, 1, 7, 8}, rng);
    const AvgPool2dParams p{.kernel_size = {3, 3},
                            .stride = Pair{2, 2},
                            .padding = {1, 1},
                            .ceil_mode = true,
                            .count_include_pad = false};
    const Tensor g = cs::test::random_tensor(cs::avg_pool2d_forward(x, p).shape(), rng);
    const Tensor grad = cs::avg_pool2d_backward(g, x.shape(), p);
    for (int64_t i = 0; i < x.numel(); ++i) {
        const cs::GradTrace t =
            cs::avg_pool2d_backward_trace(x.shape(), p, g, {0, 0, i / 8, i % 8});
        CHECK(t.grad_input == Approx(grad.data()[i]).margin(1e-5));
    }
}
