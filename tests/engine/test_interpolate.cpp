#include <catch2/catch.hpp>

#include "engine/ops/interpolate.hpp"
#include "engine/ops/register_pointwise.hpp"
#include "pool_test_helpers.hpp"

using Catch::Contains;
using cs::InterpolateMode;
using cs::InterpolateParams;
using cs::Pair;
using cs::Tensor;

namespace {

InterpolateParams scale(double h, double w, InterpolateMode mode = InterpolateMode::nearest) {
    InterpolateParams p;
    p.mode = mode;
    p.scale_factor = std::array<double, 2>{h, w};
    return p;
}

}  // namespace

TEST_CASE("interpolate: nearest with scale 2 repeats each cell as a 2x2 block") {
    const Tensor x({1, 1, 2, 2}, {1, 2, 3, 4});
    // clang-format off
    CHECK(cs::interpolate_forward(x, scale(2, 2)).values() == std::vector<float>{
        1, 1, 2, 2,
        1, 1, 2, 2,
        3, 3, 4, 4,
        3, 3, 4, 4,
    });
    // clang-format on
}

TEST_CASE("interpolate: bilinear with align_corners keeps the corners and blends between") {
    const Tensor x({1, 1, 2, 2}, {0, 2, 4, 6});
    InterpolateParams p;
    p.mode = InterpolateMode::bilinear;
    p.size = Pair{3, 3};
    p.align_corners = true;
    // clang-format off
    CHECK(cs::interpolate_forward(x, p).values() == std::vector<float>{
        0, 1, 2,
        2, 3, 4,
        4, 5, 6,
    });
    // clang-format on
}

TEST_CASE("interpolate: a given scale_factor is used as is, not recomputed from the sizes") {
    // 4 · 0.7 = 2.8 → 2 outputs; output 1 reads ⌊1 / 0.7⌋ = 1 (in/out would give 2).
    const Tensor x({1, 1, 1, 4}, {10, 11, 12, 13});
    const cs::ShapeInfo info = cs::interpolate_output_shape(x.shape(), scale(1, 0.7));
    CHECK(info.shape == cs::Shape{1, 1, 1, 2});
    CHECK(info.formulas.at(1) == "⌊4 · 0.7⌋ = 2");
    CHECK(cs::interpolate_forward(x, scale(1, 0.7)).values() == std::vector<float>{10, 11});
}

TEST_CASE("interpolate: matches PyTorch on every fixture") {
    cs::test::check_forward_fixtures("pointwise.json", "interpolate");
}

TEST_CASE("interpolate: rejected parameters are named in the message") {
    const Tensor x({1, 1, 3, 3});
    InterpolateParams p = scale(2, 2);
    p.align_corners = false;
    CHECK_THROWS_WITH(cs::interpolate_forward(x, p),
                      Contains("align_corners") && Contains("nearest"));
    p = scale(2, 2);
    p.size = Pair{6, 6};
    CHECK_THROWS_WITH(cs::interpolate_forward(x, p), Contains("size") && Contains("scale_factor"));
    CHECK_THROWS_WITH(cs::interpolate_forward(x, InterpolateParams{}),
                      Contains("size") && Contains("scale_factor"));
    CHECK_THROWS_WITH(cs::interpolate_forward(x, scale(0.2, 1)), Contains("0×3"));
    CHECK_THROWS_WITH(cs::interpolate_mode("bicubic"), Contains("bicubic"));
    cs::OpCall call;
    call.op = "interpolate";
    call.input = x;
    call.params = {{"scale_factor", {2, "x"}}};
    CHECK_THROWS_WITH(cs::evaluate(call), Contains("scale_factor"));
}

TEST_CASE("interpolate: scale_factor may be a whole number, a fraction or a pair") {
    cs::OpCall call;
    call.op = "interpolate";
    call.input = Tensor({1, 1, 4, 6});
    for (const nlohmann::json& s : {nlohmann::json(2), nlohmann::json(2.0)}) {
        call.params = {{"scale_factor", s}};
        CHECK(cs::infer_shape(call).shape == cs::Shape{1, 1, 8, 12});
    }
    call.params = {{"scale_factor", {0.5, 1.5}}, {"mode", "bilinear"}};
    CHECK(cs::infer_shape(call).shape == cs::Shape{1, 1, 2, 9});
}

TEST_CASE("interpolate: the result does not depend on the thread count") {
    std::mt19937 rng(97);
    const Tensor x = cs::test::random_tensor({2, 4, 30, 40}, rng);
    for (InterpolateMode m : {InterpolateMode::nearest, InterpolateMode::bilinear}) {
        const InterpolateParams p = scale(1.7, 2.3, m);
        CHECK(cs::test::bitwise_equal(
            cs::test::with_threads(1, [&] { return cs::interpolate_forward(x, p); }),
            cs::test::with_threads(2, [&] { return cs::interpolate_forward(x, p); })));
    }
}

TEST_CASE("interpolate: trace taps and weights reproduce the forward pass") {
    for (const auto& c : cs::test::fixture_cases("pointwise.json", "interpolate")) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const bool bilinear = c.at("params").value("mode", "nearest") == "bilinear";
        const Tensor y = cs::evaluate(call).output;
        const auto grid = cs::step_grid(y.shape());
        for (int64_t k = 0; k < y.numel(); k += std::max<int64_t>(1, y.numel() / 20)) {
            const cs::Step step = cs::trace_step(call, cs::step_position(k, grid));
            CHECK(step.output == y.data()[k]);
            CHECK(step.taps.size() >= 1);
            CHECK(step.taps.size() <= (bilinear ? 4u : 1u));
            double weights = 0.0;
            for (const cs::Tap& t : step.taps) {
                weights += *t.weight;
                CHECK(*t.product == Approx(t.value * *t.weight));
            }
            CHECK(weights == Approx(1.0));
            CHECK(step.sum == Approx(y.data()[k]).margin(1e-5));
        }
    }
}

TEST_CASE("interpolate: backward matches torch autograd fixtures") {
    for (const auto& c : cs::test::fixture_cases("pointwise_backward.json", "interpolate")) {
        INFO(c.at("name").get<std::string>());
        const cs::OpCall call = cs::test::op_call_from_case(c);
        const Tensor g = cs::test::tensor_from_json(c.at("grad_output"));
        const Tensor grad =
            cs::interpolate_backward(g, call.input.shape(), cs::interpolate_params(call));
        CHECK(cs::test::worst_excess(
                  grad, cs::test::tensor_from_json(c.at("expected_grad_input"))) <= 0.0);
    }
}

TEST_CASE("interpolate: backward passes the central-difference gradient check") {
    std::mt19937 rng(101);
    InterpolateParams ac;
    ac.mode = InterpolateMode::bilinear;
    ac.size = Pair{7, 5};
    ac.align_corners = true;
    for (const InterpolateParams& p :
         {scale(2, 3), scale(0.6, 1.5, InterpolateMode::bilinear), ac}) {
        const Tensor x = cs::test::random_tensor({1, 2, 4, 4}, rng);
        const Tensor g = cs::test::random_tensor(cs::interpolate_forward(x, p).shape(), rng);
        cs::test::gradient_check([&](const Tensor& in) { return cs::interpolate_forward(in, p); },
                                 x, g, cs::interpolate_backward(g, x.shape(), p), rng);
    }
}

TEST_CASE("interpolate: a scale factor of a million is refused before anything is allocated") {
    cs::OpCall call;
    call.op = "interpolate";
    call.input = Tensor({1, 1, 1, 1}, 1.0f);
    call.params = {{"mode", "nearest"}, {"scale_factor", 1e6}};
    CHECK_THROWS_WITH(cs::evaluate(call),
                      Contains("interpolate") && Contains("1000000, 1000000") && Contains("limit"));
}
