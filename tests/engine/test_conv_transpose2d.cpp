#include <catch2/catch.hpp>

#include <string>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/conv_params_json.hpp"
#include "engine/ops/conv_transpose2d.hpp"
#include "engine/parallel.hpp"
#include "golden.hpp"
#include "test_conv_helpers.hpp"

using namespace cs;
using cs::test::golden_cases;
using cs::test::op_call_from_case;
using cs::test::worst_excess;

TEST_CASE("conv_transpose2d: every golden case matches PyTorch, errors included") {
    for (const auto& c : golden_cases("conv_transpose2d.json")) {
        INFO(c["name"].get<std::string>());
        const OpCall call = op_call_from_case(c);
        if (c.value("expected_error", false)) {
            CHECK_THROWS_AS(evaluate(call), Error);
            continue;
        }
        const Tensor want = cs::test::tensor_from_json(c["expected"]);
        CHECK(worst_excess(evaluate(call).output, want) <= 0.0);
        CHECK(
            worst_excess(conv_transpose2d_reference(call.input, call.weight, call.bias,
                                                    conv_transpose2d_params_from_json(call.params)),
                         want) <= 0.0);
    }
}

TEST_CASE(
    "conv_transpose2d: 3x3 input, 3x3 kernel, stride 2, padding 1 gives 5x5, 6x6 with "
    "output_padding 1") {
    const ConvTranspose2dParams p{.stride = {2, 2}, .padding = {1, 1}};
    ShapeInfo info = conv_transpose2d_output_shape({1, 1, 3, 3}, {1, 1, 3, 3}, p);
    CHECK(info.shape == Shape{1, 1, 5, 5});
    CHECK(info.formulas[0] == "(3 − 1)·2 − 2·1 + 1·(3 − 1) + 0 + 1 = 5");
    ConvTranspose2dParams op = p;
    op.output_padding = {1, 1};
    CHECK(conv_transpose2d_output_shape({1, 1, 3, 3}, {1, 1, 3, 3}, op).shape == Shape{1, 1, 6, 6});
    CHECK(conv_transpose2d_output_shape({1, 1, 32, 32}, {1, 1, 3, 3}, op).shape ==
          Shape{1, 1, 64, 64});
}

TEST_CASE("conv_transpose2d: the expanded grid spreads the input with zeros and a border") {
    const Tensor x(Shape{1, 1, 3, 3}, std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9});
    const ConvTranspose2dParams p{.stride = {2, 2}, .padding = {1, 1}, .output_padding = {1, 1}};
    const ExpandedGrid g = conv_transpose2d_expanded_grid(x, {1, 1, 3, 3}, p);
    // border = d·(k − 1) − p = 1; (3 − 1)·2 + 1 + 2·1 + 1 = 8 cells; the 3x3 kernel then fits
    // 6 times: the output size.
    CHECK(g.height == 8);
    CHECK(g.width == 8);
    CHECK(g.formulas[0] == "(3 − 1)·2 + 1 + 2·1 + 1 = 8");
    const char* P = "padding";
    const char* I = "input";
    const char* Z = "inserted";
    const char* O = "output_padding";
    // clang-format off
    const std::vector<std::vector<const char*>> kinds = {
        {P, P, P, P, P, P, P, P},
        {P, I, Z, I, Z, I, P, O},
        {P, Z, Z, Z, Z, Z, P, O},
        {P, I, Z, I, Z, I, P, O},
        {P, Z, Z, Z, Z, Z, P, O},
        {P, I, Z, I, Z, I, P, O},
        {P, P, P, P, P, P, P, P},
        {P, O, O, O, O, O, P, O}};
    const std::vector<float> values = {0, 0, 0, 0, 0, 0, 0, 0,
                                       0, 1, 0, 2, 0, 3, 0, 0,
                                       0, 0, 0, 0, 0, 0, 0, 0,
                                       0, 4, 0, 5, 0, 6, 0, 0,
                                       0, 0, 0, 0, 0, 0, 0, 0,
                                       0, 7, 0, 8, 0, 9, 0, 0,
                                       0, 0, 0, 0, 0, 0, 0, 0,
                                       0, 0, 0, 0, 0, 0, 0, 0};
    // clang-format on
    for (int64_t y = 0; y < 8; ++y) {
        for (int64_t c = 0; c < 8; ++c) {
            INFO("cell " << y << ", " << c);
            CHECK(std::string(tap_kind_name(g.kind(y, c))) == kinds[y][c]);
        }
    }
    CHECK(g.values.values() == values);
}

TEST_CASE("conv_transpose2d: padding beyond d(k-1) cuts into the spread-out input") {
    const Tensor x(Shape{1, 1, 5, 5}, 1.0f);
    const ConvTranspose2dParams p{.stride = {2, 2}, .padding = {2, 2}};
    const ExpandedGrid g = conv_transpose2d_expanded_grid(x, {1, 1, 2, 2}, p);
    CHECK(g.border_h == -1);
    // (5 − 1)·2 + 1 + 2·(−1) = 7 cells, starting at the first inserted zero.
    CHECK(g.height == 7);
    CHECK(g.kind(0, 0) == TapKind::inserted);
    CHECK(g.kind(1, 1) == TapKind::input);
    CHECK(g.source[static_cast<size_t>(1 * g.width + 1)] == std::array<int64_t, 2>{1, 1});
}

TEST_CASE("conv_transpose2d: both trace views sum to the forward output, on the expanded grid") {
    for (const auto& c : golden_cases("conv_transpose2d.json")) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c["name"].get<std::string>());
        const OpCall call = op_call_from_case(c);
        const ConvTranspose2dParams p = conv_transpose2d_params_from_json(call.params);
        const Tensor out = evaluate(call).output;
        const ExpandedGrid grid =
            conv_transpose2d_expanded_grid(call.input, call.weight.shape(), p);
        CHECK(grid.height == out.size(2) + p.dilation.h * (call.weight.size(2) - 1));
        CHECK(grid.width == out.size(3) + p.dilation.w * (call.weight.size(3) - 1));
        const int64_t total = out.numel();
        for (int64_t k : {int64_t{0}, total / 3, total / 2, total - 1}) {
            const Index4 at{k / (out.size(1) * out.size(2) * out.size(3)),
                            k / (out.size(2) * out.size(3)) % out.size(1),
                            k / out.size(3) % out.size(2), k % out.size(3)};
            const float want = out(at[0], at[1], at[2], at[3]);
            const Step insert = trace_step(call, at);
            const Step scatter = trace_step(call, at, "scatter");
            CHECK(insert.view == "insert");
            CHECK(scatter.view == "scatter");
            CHECK(static_cast<int64_t>(insert.taps.size()) ==
                  call.weight.size(0) / p.groups * call.weight.size(2) * call.weight.size(3));
            for (const Tap& tap : insert.taps) {
                REQUIRE(tap.expanded.has_value());
                const auto [ey, ex] = *tap.expanded;
                CHECK(grid.kind(ey, ex) == tap.kind);
                CHECK(grid.values(at[0], tap.input ? (*tap.input)[1] : 0, ey, ex) == tap.value);
            }
            for (const Step& step : {insert, scatter}) {
                CHECK(cs::test::close_relative(step.sum + step.bias.value_or(0.0f), want, 1e-4));
                CHECK(cs::test::close_relative(step.output, want));
            }
            // The scatter view lists exactly the input taps of the insert view.
            int64_t inputs = 0;
            for (const Tap& tap : insert.taps) {
                inputs += tap.kind == TapKind::input;
            }
            CHECK(static_cast<int64_t>(scatter.taps.size()) == inputs);
        }
    }
}

// clang-format off
TEST_CASE("conv_transpose2d: stamps in input order add value x kernel, as in d2l 14.10") {
    const Tensor x(Shape{1, 1, 2, 2}, std::vector<float>{0, 1,
                                                         2, 3});
    const Tensor k(Shape{1, 1, 2, 2}, std::vector<float>{0, 1,
                                                         2, 3});
    const ConvTranspose2dParams p;
    // Stamp 2 is x(1, 0) = 2: twice the kernel, with its top-left corner on output (1, 0).
    const ScatterStamp two = conv_transpose2d_stamp(x, k, p, 2);
    CHECK(two.from == Index4{0, 0, 1, 0});
    CHECK(two.value == 2.0f);
    REQUIRE(two.marks.size() == 4);
    CHECK(two.marks[3].landed);
    CHECK(two.marks[3].at == Index4{0, 0, 2, 1});
    CHECK(two.marks[3].kernel == std::array<int64_t, 2>{1, 1});
    CHECK(two.marks[3].product == 6.0f);
    // The running sums after each stamp.
    const std::vector<std::vector<float>> after = {
        {0, 0, 0,
         0, 0, 0,
         0, 0, 0},
        {0, 0, 1,
         0, 2, 3,
         0, 0, 0},
        {0, 0, 1,
         0, 4, 3,
         4, 6, 0},
        {0, 0, 1,
         0, 4, 6,
         4, 12, 9},
    };
    for (int64_t count = 1; count <= 4; ++count) {
        INFO("after stamp " << count - 1);
        CHECK(conv_transpose2d_stamped(x, k, Tensor(), p, count).values() ==
              after[static_cast<size_t>(count - 1)]);
    }
    CHECK(conv_transpose2d_stamped(x, k, Tensor(), p, 0).values() == std::vector<float>(9, 0.0f));
    CHECK_THROWS_WITH(conv_transpose2d_stamp(x, k, p, 4), Catch::Contains("outside the input"));
    // Padding 1 cuts the outer ring away: of x(0, 0)'s stamp only the kernel's (1, 1) lands,
    // on output (0, 0).
    const ScatterStamp cut = conv_transpose2d_stamp(x, k, {.padding = {1, 1}}, 0);
    REQUIRE(cut.marks.size() == 4);
    CHECK_FALSE(cut.marks[0].landed);
    CHECK(cut.marks[3].landed);
    CHECK(cut.marks[3].at == Index4{0, 0, 0, 0});
}
// clang-format on

TEST_CASE("conv_transpose2d: all stamps give the forward output and each cell's scatter trace") {
    for (const auto& c : golden_cases("conv_transpose2d.json")) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c["name"].get<std::string>());
        const OpCall call = op_call_from_case(c);
        const ConvTranspose2dParams p = conv_transpose2d_params_from_json(call.params);
        const Tensor want = cs::test::tensor_from_json(c["expected"]);
        const int64_t stamps = call.input.numel();
        CHECK(worst_excess(conv_transpose2d_stamped(call.input, call.weight, call.bias, p, stamps),
                           want) <= 0.0);
        // Each stamp adds exactly its marks: the running sums grow by them and nothing else.
        const int64_t k = stamps / 2;
        const Tensor before = conv_transpose2d_stamped(call.input, call.weight, call.bias, p, k);
        Tensor expect = before;
        for (const ScatterMark& m : conv_transpose2d_stamp(call.input, call.weight, p, k).marks) {
            if (!m.landed) {
                continue;
            }
            expect(m.at[0], m.at[1], m.at[2], m.at[3]) += m.product;
        }
        CHECK(worst_excess(conv_transpose2d_stamped(call.input, call.weight, call.bias, p, k + 1),
                           expect) <= 0.0);
        // Gathered per output cell, the marks are the scatter view's taps.
        std::vector<int64_t> marks_at(static_cast<size_t>(want.numel()), 0);
        for (int64_t i = 0; i < stamps; ++i) {
            for (const ScatterMark& m :
                 conv_transpose2d_stamp(call.input, call.weight, p, i).marks) {
                if (!m.landed) {
                    continue;
                }
                ++marks_at[static_cast<size_t>(
                    ((m.at[0] * want.size(1) + m.at[1]) * want.size(2) + m.at[2]) * want.size(3) +
                    m.at[3])];
            }
        }
        for (const int64_t cell : {int64_t{0}, want.numel() / 2, want.numel() - 1}) {
            const Index4 at =
                step_position(cell, {want.size(0), want.size(1), want.size(2), want.size(3)});
            CHECK(static_cast<int64_t>(trace_step(call, at, "scatter").taps.size()) ==
                  marks_at[static_cast<size_t>(cell)]);
        }
    }
}

TEST_CASE("conv_transpose2d: rejects an unknown trace view") {
    OpCall call;
    call.op = "conv_transpose2d";
    call.input = Tensor(Shape{1, 1, 2, 2}, 1.0f);
    call.weight = Tensor(Shape{1, 1, 2, 2}, 1.0f);
    CHECK_THROWS_WITH(trace_step(call, {0, 0, 0, 0}, "direct"),
                      Catch::Contains("\"insert\"") && Catch::Contains("\"scatter\""));
}

TEST_CASE("conv_transpose2d: error messages name the parameter and the rule") {
    const Tensor x(Shape{1, 2, 3, 3}), w(Shape{2, 1, 3, 3});
    CHECK_THROWS_WITH(conv_transpose2d_forward(x, w, Tensor(), {.padding = {-1, -1}}),
                      Catch::Contains("padding cannot be negative"));
    CHECK_THROWS_WITH(
        conv_transpose2d_forward(x, w, Tensor(), {.stride = {2, 2}, .output_padding = {2, 2}}),
        Catch::Contains("output_padding must be smaller than the stride or the dilation"));
    CHECK_THROWS_WITH(conv_transpose2d_forward(Tensor(Shape{1, 2, 1, 1}), Tensor(Shape{2, 1, 2, 2}),
                                               Tensor(), {.padding = {1, 1}}),
                      Catch::Contains("output size must be positive"));
    CHECK_THROWS_WITH(conv_transpose2d_forward(Tensor(Shape{1, 3, 3, 3}), w, Tensor(), {}),
                      Catch::Contains("the input has 3 channels"));
    CHECK_THROWS_WITH(conv_transpose2d_forward(x, w, Tensor(Shape{3}), {}),
                      Catch::Contains("bias must hold one value per output channel"));
}

TEST_CASE("conv_transpose2d: every kernel version equals the reference on random shapes") {
    cs::test::for_each_kernel_version([] {
        std::mt19937 rng(99);
        using cs::test::uniform;
        for (int iteration = 0; iteration < 300; ++iteration) {
            const int64_t groups = uniform(rng, 1, 3);
            const int64_t cig = uniform(rng, 1, 3), cog = uniform(rng, 1, 6);
            ConvTranspose2dParams p;
            p.groups = groups;
            p.stride = {uniform(rng, 1, 3), uniform(rng, 1, 3)};
            p.dilation = {uniform(rng, 1, 2), uniform(rng, 1, 2)};
            p.padding = {uniform(rng, 0, 3), uniform(rng, 0, 3)};
            p.output_padding = {uniform(rng, 0, std::max(p.stride.h, p.dilation.h) - 1),
                                uniform(rng, 0, std::max(p.stride.w, p.dilation.w) - 1)};
            const Shape in{uniform(rng, 1, 2), groups * cig, uniform(rng, 1, 8),
                           uniform(rng, 1, 30)};
            const Shape ws{groups * cig, cog, uniform(rng, 1, 4), uniform(rng, 1, 4)};
            try {
                conv_transpose2d_output_shape(in, ws, p);
            } catch (const Error&) {
                continue;
            }
            const bool exact = iteration % 3 != 0;
            const Tensor x =
                exact ? cs::test::quantized_tensor(in, rng) : cs::test::normal_tensor(in, rng);
            const Tensor k =
                exact ? cs::test::quantized_tensor(ws, rng) : cs::test::normal_tensor(ws, rng);
            const Tensor b =
                uniform(rng, 0, 1) ? cs::test::quantized_tensor({groups * cog}, rng) : Tensor();
            const Tensor fast = conv_transpose2d_forward(x, k, b, p);
            const Tensor ref = conv_transpose2d_reference(x, k, b, p);
            INFO("iteration " << iteration << " in " << shape_string(in) << " weight "
                              << shape_string(ws));
            if (exact) {
                CHECK(cs::test::bit_identical(fast, ref));
            } else {
                CHECK(worst_excess(fast, ref, 1e-5, 1e-5) <= 0.0);
            }
        }
    });
}

TEST_CASE("conv_transpose2d: the result does not depend on the thread count") {
    std::mt19937 rng(5);
    const Tensor x = cs::test::normal_tensor({2, 4, 45, 97}, rng);
    const Tensor k = cs::test::normal_tensor({4, 6, 3, 3}, rng);
    const ConvTranspose2dParams p{.stride = {2, 2}, .padding = {1, 1}, .output_padding = {1, 1}};
    set_thread_count(1);
    const Tensor one = conv_transpose2d_forward(x, k, Tensor(), p);
    set_thread_count(2);
    const Tensor two = conv_transpose2d_forward(x, k, Tensor(), p);
    set_thread_count(0);
    CHECK(cs::test::bit_identical(one, two));
}

TEST_CASE("conv_transpose2d: an absurd stride is refused before anything is allocated") {
    // A 2×2 input with stride 100 000 would need a 100 001 × 100 001 output (40 GB of floats).
    OpCall call;
    call.op = "conv_transpose2d";
    call.input = Tensor({1, 1, 2, 2}, 1.0f);
    call.weight = Tensor({1, 1, 1, 1}, 1.0f);
    call.params = {{"stride", {100000, 100000}}};
    CHECK(shape_numel(infer_shape(call).shape) > max_op_output_values);
    CHECK_THROWS_WITH(evaluate(call), Catch::Contains("conv_transpose2d") &&
                                          Catch::Contains("[1, 1, 100001, 100001]") &&
                                          Catch::Contains("limit"));
}
