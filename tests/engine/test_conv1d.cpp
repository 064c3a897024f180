#include <catch2/catch.hpp>

#include <string>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/conv1d.hpp"
#include "engine/ops/conv_params_json.hpp"
#include "golden.hpp"
#include "test_conv_helpers.hpp"

using namespace cs;
using cs::test::golden_cases;
using cs::test::op_call_from_case;
using cs::test::worst_excess;

TEST_CASE("conv1d: every golden case matches PyTorch, errors included") {
    for (const auto& c : golden_cases("conv1d.json")) {
        INFO(c["name"].get<std::string>());
        const OpCall call = op_call_from_case(c);
        if (c.value("expected_error", false)) {
            CHECK_THROWS_AS(evaluate(call), Error);
            continue;
        }
        const Tensor want = cs::test::tensor_from_json(c["expected"]);
        CHECK(worst_excess(evaluate(call).output, want) <= 0.0);
        CHECK(worst_excess(conv1d_reference(call.input, call.weight, call.bias,
                                            conv1d_params_from_json(call.params)),
                           want) <= 0.0);
    }
}

TEST_CASE("conv1d: grouped channels each see only their own filter") {
    // groups=3: channel c of arange(24).reshape(2, 3, 4) meets kernel arange(6).reshape(3, 1,
    // 2)[c].
    const Tensor x(Shape{2, 3, 4}, [] {
        std::vector<float> v(24);
        for (size_t i = 0; i < v.size(); ++i) {
            v[i] = static_cast<float>(i);
        }
        return v;
    }());
    const Tensor k(Shape{3, 1, 2}, std::vector<float>{0, 1, 2, 3, 4, 5});
    // clang-format off
    const std::vector<float> want = {  1,   2,   3,
                                      23,  28,  33,
                                      77,  86,  95,
                                      13,  14,  15,
                                      83,  88,  93,
                                     185, 194, 203};
    // clang-format on
    const Tensor out = conv1d_forward(x, k, Tensor(), {.groups = 3});
    CHECK(out.shape() == Shape{2, 3, 3});
    CHECK(out.values() == want);
}

TEST_CASE("conv1d: steps walk the signal as one row, at = (n, c, 0, x)") {
    for (const auto& c : golden_cases("conv1d.json")) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c["name"].get<std::string>());
        const OpCall call = op_call_from_case(c);
        const Tensor out = evaluate(call).output;
        const auto grid = trace_grid(call);
        CHECK(grid == std::array<int64_t, 4>{out.size(0), out.size(1), 1, out.size(2)});
        const Index4 last{out.size(0) - 1, out.size(1) - 1, 0, out.size(2) - 1};
        const Step step = trace_step(call, last);
        CHECK(step.op == "conv1d");
        CHECK(step.step == out.numel() - 1);
        CHECK(static_cast<int64_t>(step.taps.size()) == call.weight.size(1) * call.weight.size(2));
        for (const Tap& tap : step.taps) {
            CHECK(tap.kernel[1] == 0);
            if (tap.input) {
                CHECK((*tap.input)[2] == 0);
            }
        }
        const float want = out.data()[out.numel() - 1];
        CHECK(cs::test::close_relative(step.sum + step.bias.value_or(0.0f), want, 1e-4));
        CHECK(cs::test::close_relative(step.output, want));
    }
}

TEST_CASE("conv1d: output_shape gives one formula, for the length") {
    const ShapeInfo info = conv1d_output_shape({1, 2, 10}, {4, 2, 3}, {.stride = 2, .padding = 1});
    CHECK(info.shape == Shape{1, 4, 5});
    REQUIRE(info.formulas.size() == 1);
    CHECK(info.formulas[0] == "⌊(10 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 5");
}

TEST_CASE("conv1d: error messages speak of conv1d and name the parameter") {
    const auto message = [](const std::function<void()>& f) -> std::string {
        try {
            f();
        } catch (const Error& e) {
            return e.what();
        }
        return "(no error)";
    };
    const Tensor x(Shape{1, 2, 6}), w(Shape{2, 2, 3});
    CHECK_THAT(message([&] { conv1d_forward(x, w, Tensor(), {.stride = 0}); }),
               Catch::StartsWith("conv1d: stride must be at least 1"));
    CHECK_THAT(message([&] {
                   conv1d_forward(Tensor(Shape{1, 2, 2}), w, Tensor(), {});
               }),
               Catch::StartsWith("conv1d:") && Catch::Contains("larger than the padded input"));
    CHECK_THAT(message([&] {
                   conv1d_forward(x, Tensor(Shape{2, 2, 3, 3}), Tensor(), {});
               }),
               Catch::Contains("weight must have 3 dimensions"));
}
