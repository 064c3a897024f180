#include <catch2/catch.hpp>

#include <limits>

#include "engine/case_file.hpp"
#include "engine/ops/max_pool2d.hpp"
#include "engine/ops/register_pool.hpp"
#include "pool_test_helpers.hpp"

using Catch::Contains;
using cs::MaxPool2dParams;
using cs::Pair;
using cs::Tensor;

namespace {

MaxPool2dParams k2s2() {
    return {.kernel_size = {2, 2}, .stride = Pair{2, 2}};
}

}  // namespace

TEST_CASE("max_pool2d: 2x2 stride 2 picks the window maximum") {
    // clang-format off
    const Tensor x({1, 1, 4, 4}, {
        1, 3,   2, 0,
        4, 2,   1, 1,

        0, 0,   5, 6,
        7, 1,   6, 2,
    });
    // clang-format on
    const cs::MaxPool2dResult r = cs::max_pool2d_forward(x, k2s2());
    CHECK(r.output.shape() == cs::Shape{1, 1, 2, 2});
    CHECK(r.output.values() == std::vector<float>{4, 2, 7, 6});
    // flat h·W + w in the plane: 4 at (1, 0), 2 at (0, 2), 7 at (3, 0), 6 at (2, 3)
    CHECK(r.indices == std::vector<int64_t>{4, 2, 12, 11});
}

TEST_CASE("max_pool2d: ties go to the first maximum in row-major order") {
    // clang-format off
    const Tensor x({1, 1, 2, 4}, {
        5, 5,   1, 9,
        5, 5,   9, 9,
    });
    // clang-format on
    const cs::MaxPool2dResult r = cs::max_pool2d_forward(x, k2s2());
    CHECK(r.output.values() == std::vector<float>{5, 9});
    CHECK(r.indices == std::vector<int64_t>{0, 3});
}

TEST_CASE("max_pool2d: padding cells never win, even over negative values") {
    // clang-format off
    const Tensor x({1, 1, 3, 3}, {
        -1, -2, -3,
        -4, -5, -6,
        -7, -8, -9,
    });
    // clang-format on
    const MaxPool2dParams p{.kernel_size = {3, 3}, .stride = Pair{1, 1}, .padding = {1, 1}};
    const cs::MaxPool2dResult r = cs::max_pool2d_forward(x, p);
    // clang-format off
    CHECK(r.output.values() == std::vector<float>{
        -1, -1, -2,
        -1, -1, -2,
        -4, -4, -5,
    });
    // clang-format on
    CHECK(r.indices == std::vector<int64_t>{0, 0, 1, 0, 0, 1, 3, 3, 4});
}

TEST_CASE("max_pool2d: stride defaults to the kernel size") {
    cs::OpCall call;
    call.op = "max_pool2d";
    call.input = Tensor({1, 1, 6, 6});
    call.params = {{"kernel_size", 3}, {"stride", nullptr}};
    CHECK(cs::infer_shape(call).shape == cs::Shape{1, 1, 2, 2});
    call.params.erase("stride");
    CHECK(cs::infer_shape(call).shape == cs::Shape{1, 1, 2, 2});
}

TEST_CASE("max_pool2d: shape formula of the worked example 24x24 to 12x12") {
    const cs::ShapeInfo info = cs::max_pool2d_output_shape({1, 1, 24, 24}, k2s2());
    CHECK(info.shape == cs::Shape{1, 1, 12, 12});
    REQUIRE(info.formulas.size() == 2);
    CHECK(info.formulas[0] == "⌊(24 + 2·0 − 1·(2 − 1) − 1) / 2⌋ + 1 = 12");
}

TEST_CASE("max_pool2d: ceil_mode drops a last window that would start in the padding") {
    const MaxPool2dParams p{
        .kernel_size = {2, 2}, .stride = Pair{2, 2}, .padding = {1, 1}, .ceil_mode = true};
    const cs::ShapeInfo info = cs::max_pool2d_output_shape({1, 1, 9, 8}, p);
    CHECK(info.shape == cs::Shape{1, 1, 5, 5});
    CHECK(info.formulas[0] ==
          "⌈(9 + 2·1 − 1·(2 − 1) − 1) / 2⌉ + 1 = 6; the last window would start at 5·2 = 10 ≥ "
          "9 + 1 (past the input), so it is dropped: 5");
    CHECK(info.formulas[1] == "⌈(8 + 2·1 − 1·(2 − 1) − 1) / 2⌉ + 1 = 5");
}

TEST_CASE("max_pool2d: matches PyTorch on every fixture, indices included") {
    cs::test::check_forward_fixtures("pool.json", "max_pool2d");
}

TEST_CASE("max_pool2d: rejected parameters are named in the message") {
    const Tensor x({1, 1, 5, 5});
    CHECK_THROWS_WITH(cs::max_pool2d_forward(x, {.kernel_size = {2, 2}, .stride = Pair{0, 0}}),
                      Contains("stride"));
    CHECK_THROWS_WITH(cs::max_pool2d_forward(x, {.kernel_size = {0, 2}}), Contains("kernel_size"));
    CHECK_THROWS_WITH(cs::max_pool2d_forward(x, {.kernel_size = {2, 2}, .dilation = {0, 1}}),
                      Contains("dilation"));
    CHECK_THROWS_WITH(cs::max_pool2d_forward(x, {.kernel_size = {2, 2}, .padding = {2, 2}}),
                      Contains("padding (2, 2)") && Contains("half of kernel_size (2, 2)"));
    CHECK_THROWS_WITH(
        cs::max_pool2d_forward(x, {.kernel_size = {6, 6}}),
        Contains("kernel_size (6, 6)") && Contains("[1, 1, 5, 5]") && Contains("= 0"));
    CHECK_THROWS_WITH(cs::max_pool2d_forward(Tensor({5, 5}), k2s2()), Contains("4-D"));
    cs::OpCall call;
    call.op = "max_pool2d";
    call.input = x;
    CHECK_THROWS_WITH(cs::evaluate(call), Contains("kernel_size is required"));
}

TEST_CASE("max_pool2d: fast kernel equals the serial reference on random shapes") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int64_t> size(1, 13), k(1, 4), s(1, 3), d(1, 3), coin(0, 1);
    std::uniform_int_distribution<int64_t> width(1, 37);  // wide enough for the vector paths
    int checked = 0;
    for (int trial = 0; trial < 400; ++trial) {
        MaxPool2dParams p;
        p.kernel_size = {k(rng), k(rng)};
        p.stride = Pair{s(rng), s(rng)};
        p.dilation = {d(rng), d(rng)};
        p.padding = {std::uniform_int_distribution<int64_t>(0, p.kernel_size.h / 2)(rng),
                     std::uniform_int_distribution<int64_t>(0, p.kernel_size.w / 2)(rng)};
        p.ceil_mode = coin(rng) == 1;
        const cs::Shape shape{coin(rng) + 1, coin(rng) + 1, size(rng), width(rng)};
        Tensor x = cs::test::random_tensor(shape, rng);
        // a few ties, −inf and NaN: the kernels must treat them alike
        x.data()[0] = x.data()[x.numel() - 1];
        if (trial % 5 == 0) {
            x.data()[x.numel() / 2] = -std::numeric_limits<float>::infinity();
        }
        if (trial % 7 == 0) {
            x.data()[x.numel() / 3] = std::numeric_limits<float>::quiet_NaN();
        }
        try {
            cs::max_pool2d_output_shape(shape, p);
        } catch (const cs::Error&) {
            continue;  // this random combination does not fit
        }
        const auto ref = cs::max_pool2d_forward_reference(x, p);
        const auto fast = cs::test::with_threads(2, [&] { return cs::max_pool2d_forward(x, p); });
        INFO("trial " << trial << " input " << cs::shape_string(shape));
        CHECK(cs::test::bitwise_equal(fast.output, ref.output));
        CHECK(fast.indices == ref.indices);
        // return_indices=False: the same values without the indices
        const Tensor values =
            cs::test::with_threads(2, [&] { return cs::max_pool2d_values(x, p); });
        CHECK(cs::test::bitwise_equal(values, ref.output));
        ++checked;
    }
    CHECK(checked > 100);
}

TEST_CASE("max_pool2d: the result does not depend on the thread count") {
    std::mt19937 rng(11);
    const Tensor x = cs::test::random_tensor({2, 16, 60, 90}, rng);
    const MaxPool2dParams p{.kernel_size = {3, 3}, .stride = Pair{2, 2}, .padding = {1, 1}};
    const auto one = cs::test::with_threads(1, [&] { return cs::max_pool2d_forward(x, p); });
    for (int threads : {2, 0}) {
        const auto many =
            cs::test::with_threads(threads, [&] { return cs::max_pool2d_forward(x, p); });
        CHECK(cs::test::bitwise_equal(one.output, many.output));
        CHECK(one.indices == many.indices);
    }
}

TEST_CASE("max_pool2d: trace's maximum and selected tap reproduce the forward pass") {
    for (const auto& c : cs::test::fixture_cases("pool.json", "max_pool2d")) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const cs::OpResult r = cs::evaluate(call);
        const auto grid = cs::step_grid(r.output.shape());
        const int64_t total = r.output.numel();
        for (int64_t k = 0; k < total; k += std::max<int64_t>(1, total / 25)) {
            const cs::Step step = cs::trace_step(call, cs::step_position(k, grid));
            REQUIRE(step.selected.has_value());
            REQUIRE(*step.selected < static_cast<int64_t>(step.taps.size()));
            const cs::Tap& win = step.taps[static_cast<size_t>(*step.selected)];
            CHECK(step.output == r.output.data()[k]);
            CHECK(step.sum == static_cast<double>(r.output.data()[k]));
            CHECK(win.value == r.output.data()[k]);
            CHECK((*win.input)[2] * call.input.size(3) + (*win.input)[3] ==
                  static_cast<int64_t>(r.indices->data()[k]));
            for (const cs::Tap& t : step.taps) {
                CHECK(t.kind == cs::TapKind::input);
                CHECK(!(t.value > win.value));
            }
        }
    }
}

TEST_CASE("max_pool2d: trace JSON carries the winner and no weights") {
    // clang-format off
    const Tensor x({1, 1, 2, 2}, {
        1, 8,
        8, 3,
    });
    // clang-format on
    cs::OpCall call;
    call.op = "max_pool2d";
    call.input = x;
    call.params = {{"kernel_size", 2}};
    const nlohmann::json j = cs::step_to_json(cs::trace_step(call, {0, 0, 0, 0}));
    CHECK(j["selected"] == 1);
    CHECK(j["sum"] == 8.0);
    CHECK(j["taps"].size() == 4);
    CHECK(j["taps"][1]["input"] == nlohmann::json({0, 0, 0, 1}));
    CHECK(j["taps"][1]["weight"].is_null());
}

TEST_CASE("max_pool2d: backward matches torch autograd fixtures") {
    for (const auto& c : cs::test::fixture_cases("pool_backward.json", "max_pool2d")) {
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const MaxPool2dParams p = cs::max_pool2d_params(call);
        const auto r = cs::max_pool2d_forward(call.input, p);
        const Tensor g = cs::test::tensor_from_json(c.at("grad_output"));
        const Tensor grad = cs::max_pool2d_backward(g, r.indices, call.input.shape(), p);
        CHECK(cs::test::worst_excess(
                  grad, cs::test::tensor_from_json(c.at("expected_grad_input"))) <= 0.0);
    }
}

TEST_CASE("max_pool2d: backward passes the central-difference gradient check") {
    std::mt19937 rng(3);
    for (const MaxPool2dParams& p :
         {k2s2(), MaxPool2dParams{.kernel_size = {3, 3}, .stride = Pair{1, 1}, .padding = {1, 1}},
          MaxPool2dParams{.kernel_size = {2, 3},
          .stride = Pair{2, 1},
          .padding = {1, 1},
          .dilation = {2, 1},
          .ceil_mode = true}}) {
        const Tensor x = cs::test::distinct_tensor({1, 2, 7, 6}, rng);
        const auto r = cs::max_pool2d_forward(x, p);
        const Tensor g = cs::test::random_tensor(r.output.shape(), rng);
        const Tensor grad = cs::max_pool2d_backward(g, r.indices, x.shape(), p);
        cs::test::gradient_check(
            [&](const Tensor& in) { return cs::max_pool2d_forward(in, p).output; }, x, g, grad, rng,
            30, 1e-2);
    }
}

TEST_CASE("max_pool2d: backward routing reaches an element only from windows it won") {
    // clang-format off
    const Tensor x({1, 1, 3, 3}, {
        9, 1, 2,
        1, 1, 1,
        2, 1, 8,
    });
    // clang-format on
    // 2×2 windows, stride 1: the 9 wins window (0, 0) only; the 8 wins window (1, 1) only.
    const MaxPool2dParams p{.kernel_size = {2, 2}, .stride = Pair{1, 1}};
    const Tensor g({1, 1, 2, 2}, {1.0f, 10.0f, 100.0f, 1000.0f});
    const cs::GradTrace nine = cs::max_pool2d_backward_trace(x, p, g, {0, 0, 0, 0});
    REQUIRE(nine.routes.size() == 1);
    CHECK(nine.routes[0].output == cs::Index4{0, 0, 0, 0});
    CHECK(nine.routes[0].factor == 1.0);
    CHECK(nine.grad_input == 1.0);
    // the centre 1 is in all four windows and wins none
    CHECK(cs::max_pool2d_backward_trace(x, p, g, {0, 0, 1, 1}).routes.empty());
    // the 2 at (0, 2) wins window (0, 1): 2 > 1, 1, 1
    CHECK(cs::max_pool2d_backward_trace(x, p, g, {0, 0, 0, 2}).grad_input == 10.0);
}

TEST_CASE("max_pool2d: backward routing equals the backward pass at every element") {
    std::mt19937 rng(5);
    for (bool ties : {false, true}) {
        Tensor x = cs::test::distinct_tensor({1, 2, 6, 7}, rng);
        if (ties) {
            for (float& v : x.values()) {
                v = std::round(v * 3.0f);  // many equal values
            }
        }
        const MaxPool2dParams p{.kernel_size = {3, 3}, .stride = Pair{1, 2}, .padding = {1, 1}};
        const auto r = cs::max_pool2d_forward(x, p);
        const Tensor g = cs::test::random_tensor(r.output.shape(), rng);
        const Tensor grad = cs::max_pool2d_backward(g, r.indices, x.shape(), p);
        for (int64_t i = 0; i < x.numel(); ++i) {
            const cs::Index4 at{0, i / 42, i / 7 % 6, i % 7};
            const cs::GradTrace t = cs::max_pool2d_backward_trace(x, p, g, at);
            CHECK(t.grad_input == Approx(grad.data()[i]).margin(1e-5));
        }
    }
}

TEST_CASE("max_pool2d: a step of a 100000×100000 window is refused instead of hanging") {
    // The forward pass only visits the cells inside the input; a trace walks the whole window.
    cs::OpCall call;
    call.op = "max_pool2d";
    call.input = Tensor({1, 1, 2, 2}, {1, 2, 3, 4});
    call.params = {{"kernel_size", 100000}, {"stride", 100000}, {"padding", 50000}};
    CHECK(cs::evaluate(call).output.values() == std::vector<float>{4});
    CHECK_THROWS_WITH(cs::trace_step(call, {0, 0, 0, 0}),
                      Contains("100000×100000") && Contains("65536"));
}
