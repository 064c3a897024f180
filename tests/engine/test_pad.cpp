// pad as F.pad on the height and width: the four modes, the fill value, and its gradient.
#include <catch2/catch.hpp>

#include "engine/op_call.hpp"
#include "engine/ops/padding.hpp"
#include "modern_test_helpers.hpp"

using Catch::Contains;
using cs::Tensor;

namespace {

cs::OpCall pad_call(const Tensor& x, nlohmann::json params) {
    cs::OpCall call;
    call.op = "pad";
    call.input = x;
    call.params = std::move(params);
    return call;
}

}  // namespace

TEST_CASE("pad: matches PyTorch on every fixture, and refuses what it refuses") {
    cs::test::check_forward_fixtures("modern.json", "pad");
}

TEST_CASE("pad: gradients go back to the cells each border cell copied") {
    for (const auto& c : cs::test::backward_cases("pad")) {
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = pad_call(cs::test::fixture_tensor(c, "input"), c.at("params"));
        const cs::OpResult forward = cs::evaluate(call);
        const cs::OpGrads grads =
            cs::backward(call, forward, cs::test::fixture_tensor(c, "grad_output"));
        CHECK(cs::test::worst_excess(grads.operands.at(0),
                                     cs::test::fixture_tensor(c, "expected_grad_input")) <= 0.0);
    }
}

TEST_CASE("pad: a step names the copied cell, or the fill value of a border cell") {
    const Tensor x({1, 1, 2, 2}, {1, 2, 3, 4});
    const cs::OpCall reflect = pad_call(x, {{"pad", {1, 1, 1, 1}}, {"mode", "reflect"}});
    const cs::Step corner = cs::trace_step(reflect, {0, 0, 0, 0});
    REQUIRE(corner.taps.size() == 1);
    CHECK(corner.taps[0].kind == cs::TapKind::padding);
    CHECK(corner.taps[0].input == cs::Index4{0, 0, 1, 1});
    CHECK(corner.output == 4.0f);
    const cs::OpCall constant = pad_call(x, {{"pad", {0, 2}}, {"value", -1.5}});
    const cs::Step border = cs::trace_step(constant, {0, 0, 1, 3});
    CHECK_FALSE(border.taps[0].input.has_value());
    CHECK(border.output == -1.5f);
    cs::test::check_traces_match_forward("pad");
}

TEST_CASE("pad: negative padding and padding larger than any image are refused") {
    const Tensor x({1, 1, 3, 3}, 1.0f);
    CHECK_THROWS_WITH(cs::evaluate(pad_call(x, {{"pad", {-1, 0}}})), Contains("negative padding"));
    CHECK_THROWS_WITH(cs::evaluate(pad_call(x, {{"pad", {0, 0, 5000000, 0}}})),
                      Contains("far larger than any image"));
    CHECK_THROWS_WITH(cs::evaluate(pad_call(x, {{"pad", {1, 1}}, {"mode", "mirror"}})),
                      Contains("padding_mode must be one of"));
}
