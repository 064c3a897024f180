// The op descriptions (engine/ops/op_schema.hpp): what every part of the app reads instead of
// naming ops must agree with what the ops compute.
#include <catch2/catch.hpp>

#include "engine/op_call.hpp"

using namespace cs;

namespace {

Tensor ramp(Shape shape) {
    Tensor t(std::move(shape));
    for (int64_t i = 0; i < t.numel(); ++i) {
        t.data()[i] = static_cast<float>((i * 7) % 11) - 5.0f;
    }
    return t;
}

// A lesson's call of `op` on a 1×2×9×9 input with the op's starting parameters and weights.
OpCall starting_call(const std::string& op) {
    const OpHandler& h = op_handler(op);
    OpCall call{op, ramp({1, 2, 9, 9}), Tensor(), Tensor(), start_params(op)};
    if (h.weight_layout != WeightLayout::none) {
        const ParamSpec* kernel = find_param(op, "kernel_size");
        const int64_t k = kernel ? kernel->initial().get<int64_t>() : 3;
        call.weight = ramp(layer_weight_shape(h.weight_layout, 2, 4, {k, k}, 1, h.spatial_dims));
    }
    return call;
}

}  // namespace

TEST_CASE("every op a lesson offers runs with the parameters it starts from") {
    const std::vector<std::string> ops = lesson_ops();
    REQUIRE(ops.size() >= 9);
    CHECK(ops.front() == "conv2d");
    for (const std::string& op : ops) {
        INFO(op);
        const OpCall call = starting_call(op);
        const OpResult result = evaluate(call);
        CHECK(result.output.numel() > 0);
        CHECK_NOTHROW(trace_step(call, {0, 0, 0, 0}));
    }
}

TEST_CASE("parameter descriptions are complete and their ranges hold their defaults") {
    for (const std::string& op : op_names()) {
        const OpHandler& h = op_handler(op);
        INFO(op);
        CHECK(h.width_param.empty() == (h.weight_layout == WeightLayout::none ||
                                        h.weight_layout == WeightLayout::per_channel));
        if (!h.width_param.empty()) {
            const ParamSpec* width = find_param(op, h.width_param);
            REQUIRE(width != nullptr);
            CHECK(width->weight_shape);
        }
        for (const ParamSpec& spec : h.params) {
            INFO(spec.name);
            CHECK_FALSE(spec.meaning.empty());
            CHECK(spec.low <= spec.high);
            if (spec.kind == ParamKind::choice) {
                REQUIRE_FALSE(spec.choices.empty());
                CHECK(spec.fallback.is_string());
            }
            if (spec.initial().is_number() && spec.kind != ParamKind::choice) {
                const double v = spec.initial().get<double>();
                CHECK(v >= spec.low);
                CHECK(v <= spec.high);
            }
        }
    }
}

TEST_CASE("an op's window contains every input cell its trace reads") {
    struct Case {
        std::string op;
        nlohmann::json params;
        Shape weight;
    };
    const std::vector<Case> cases = {
        {"conv2d", {{"stride", {2, 1}}, {"padding", {1, 2}}, {"dilation", {2, 1}}}, {1, 1, 3, 2}},
        {"conv2d", {{"padding", "same"}, {"dilation", 2}}, {1, 1, 2, 3}},
        {"max_pool2d", {{"kernel_size", 3}, {"stride", 2}, {"padding", 1}, {"dilation", 2}}, {}},
        {"avg_pool2d", {{"kernel_size", {2, 3}}, {"ceil_mode", true}}, {}},
        {"lp_pool2d", {{"kernel_size", 2}, {"norm_type", 2}}, {}},
    };
    for (const Case& c : cases) {
        INFO(c.op << " " << c.params.dump());
        OpCall call{c.op, ramp({1, 1, 9, 8}), c.weight.empty() ? Tensor() : ramp(c.weight),
                    Tensor(), c.params};
        const std::optional<OpWindow> window = op_window(call);
        REQUIRE(window.has_value());
        const std::array<int64_t, 4> grid = trace_grid(call);
        for (int64_t y = 0; y < grid[2]; ++y) {
            for (int64_t x = 0; x < grid[3]; ++x) {
                const Step step = trace_step(call, {0, 0, y, x});
                const int64_t top = y * window->rows.stride - window->rows.before;
                const int64_t left = x * window->cols.stride - window->cols.before;
                for (const Tap& tap : step.taps) {
                    if (tap.kind != TapKind::input) {
                        continue;
                    }
                    REQUIRE(tap.input.has_value());
                    const int64_t dy = (*tap.input)[2] - top, dx = (*tap.input)[3] - left;
                    CHECK(dy >= 0);
                    CHECK(dy < window->rows.span());
                    CHECK(dx >= 0);
                    CHECK(dx < window->cols.span());
                    CHECK(dy % window->rows.dilation == 0);
                    CHECK(dx % window->cols.dilation == 0);
                }
            }
        }
    }
}

TEST_CASE("the PyTorch call is written from the parameter schema") {
    OpCall conv{"conv2d",
                ramp({1, 1, 5, 5}),
                ramp({1, 1, 3, 3}),
                Tensor(),
                {{"stride", 2}, {"padding", 0}, {"dilation", 1}}};
    CHECK(torch_call(conv) == "F.conv2d(x, w, bias=None, stride=2)");
    conv.params = {{"padding", 1}, {"padding_mode", "reflect"}, {"flip", true}};
    CHECK(torch_call(conv) ==
          "x_padded = F.pad(x, (1, 1, 1, 1), mode='reflect')\n"
          "F.conv2d(x_padded, w.flip(-2, -1), bias=None)");
    const OpCall pool{"max_pool2d",
                      ramp({1, 1, 4, 4}),
                      Tensor(),
                      Tensor(),
                      {{"kernel_size", 2}, {"ceil_mode", true}}};
    CHECK(torch_call(pool) == "F.max_pool2d(x, kernel_size=2, ceil_mode=True)");
    OpCall cat{"cat", Tensor(), Tensor(), Tensor(), {{"dim", 1}}};
    cat.inputs = {ramp({1, 1, 2, 2}), ramp({1, 2, 2, 2})};
    CHECK(torch_call(cat) == "torch.cat([x1, x2], dim=1)");
    OpCall add{"add", ramp({1, 1, 2, 2}), Tensor(), Tensor(), {{"alpha", 2}}};
    add.tensors["other"] = ramp({1, 1, 2, 2});
    CHECK(torch_call(add) == "torch.add(x, other, alpha=2)");
}

TEST_CASE("weight layouts give the shapes torch's modules make") {
    CHECK(layer_weight_shape(WeightLayout::conv, 6, 8, {3, 5}, 2) == Shape{8, 3, 3, 5});
    CHECK(layer_weight_shape(WeightLayout::conv_transposed, 6, 8, {3, 3}, 2) == Shape{6, 4, 3, 3});
    CHECK(layer_weight_shape(WeightLayout::conv, 4, 2, {1, 5}, 1, 1) == Shape{2, 4, 5});
    CHECK(layer_weight_shape(WeightLayout::linear, 120, 84, {}, 1) == Shape{84, 120});
    CHECK(layer_width(WeightLayout::conv_transposed, {6, 4, 3, 3}, 2) == 8);
    CHECK(layer_width(WeightLayout::conv, {8, 3, 3, 5}, 2) == 8);
}

TEST_CASE("shape inference reads shapes only: a 12-megapixel placeholder holds no values") {
    const Tensor placeholder = Tensor::shape_only({1, 3, 3000, 4000});
    CHECK(placeholder.numel() == 36'000'000);
    CHECK_FALSE(placeholder.empty());
    CHECK(placeholder.values().empty());
    for (const std::string& op : lesson_ops()) {
        INFO(op);
        OpCall call = starting_call(op);
        const Shape expected = infer_shape(call).shape;
        call.input = Tensor::shape_only(call.input.shape());
        CHECK(infer_shape(call).shape == expected);
    }
}
