#include <catch2/catch.hpp>

#include <string>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/conv1d.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/ops/conv_params_json.hpp"
#include "engine/ops/conv_transpose2d.hpp"
#include "golden.hpp"
#include "test_conv_helpers.hpp"

using namespace cs;
using cs::test::golden_cases;
using cs::test::op_call_from_case;
using cs::test::worst_excess;

namespace {

ConvGrads backward_of(const OpCall& call, const Tensor& grad_output) {
    const bool has_bias = !call.bias.empty();
    if (call.op == "conv2d") {
        return conv2d_backward(grad_output, call.input, call.weight,
                               conv2d_params_from_json(call.params), has_bias);
    }
    if (call.op == "conv1d") {
        return conv1d_backward(grad_output, call.input, call.weight,
                               conv1d_params_from_json(call.params), has_bias);
    }
    return conv_transpose2d_backward(grad_output, call.input, call.weight,
                                     conv_transpose2d_params_from_json(call.params), has_bias);
}

// Σ out · G in double: the loss whose gradient the backward pass computes.
double loss(const Tensor& out, const Tensor& g) {
    double sum = 0.0;
    for (int64_t i = 0; i < out.numel(); ++i) {
        sum += static_cast<double>(out.data()[i]) * g.data()[i];
    }
    return sum;
}

}  // namespace

TEST_CASE("conv backward: gradients match PyTorch autograd") {
    for (const auto& c : golden_cases("conv_backward.json")) {
        INFO(c["name"].get<std::string>());
        const OpCall call = op_call_from_case(c);
        const Tensor grad_output = cs::test::tensor_from_json(c["grad_output"]);
        CHECK(worst_excess(evaluate(call).output, cs::test::tensor_from_json(c["expected"])) <=
              0.0);
        const ConvGrads g = backward_of(call, grad_output);
        CHECK(worst_excess(g.grad_input, cs::test::tensor_from_json(c["expected_grad_input"])) <=
              0.0);
        CHECK(worst_excess(g.grad_weight, cs::test::tensor_from_json(c["expected_grad_weight"])) <=
              0.0);
        if (c["expected_grad_bias"].is_null()) {
            CHECK(g.grad_bias.empty());
        } else {
            CHECK(worst_excess(g.grad_bias, cs::test::tensor_from_json(c["expected_grad_bias"])) <=
                  0.0);
        }
    }
}

// conv is linear in the input and in the weight, so a central difference with a step of 1/2
// on quantized data is exact up to float rounding of the forward sums.
TEST_CASE("conv2d backward: agrees with central differences at random positions") {
    std::mt19937 rng(2024);
    using cs::test::uniform;
    int checked = 0;
    for (int iteration = 0; iteration < 60; ++iteration) {
        Conv2dParams p;
        p.groups = uniform(rng, 1, 2);
        p.stride = {uniform(rng, 1, 2), uniform(rng, 1, 3)};
        p.dilation = {uniform(rng, 1, 2), uniform(rng, 1, 2)};
        p.padding = {uniform(rng, 0, 2), uniform(rng, 0, 2)};
        p.padding_mode = static_cast<PaddingMode>(uniform(rng, 0, 3));
        p.flip = uniform(rng, 0, 1) == 1;
        const Shape in{2, p.groups * uniform(rng, 1, 2), uniform(rng, 4, 7), uniform(rng, 4, 8)};
        const Shape ws{p.groups * uniform(rng, 1, 3), in[1] / p.groups, uniform(rng, 1, 3),
                       uniform(rng, 1, 3)};
        Shape out;
        try {
            out = conv2d_output_shape(in, ws, p).shape;
        } catch (const Error&) {
            continue;
        }
        const Tensor x = cs::test::quantized_tensor(in, rng);
        const Tensor w = cs::test::quantized_tensor(ws, rng);
        const Tensor b = cs::test::quantized_tensor({ws[0]}, rng);
        const Tensor go = cs::test::quantized_tensor(out, rng);
        const ConvGrads g = conv2d_backward(go, x, w, p, true);
        const float h = 0.5f;
        for (int probe = 0; probe < 4; ++probe) {
            Tensor xp = x, xm = x;
            const int64_t i = uniform(rng, 0, x.numel() - 1);
            xp.data()[i] += h;
            xm.data()[i] -= h;
            const double numeric = (loss(conv2d_reference(xp, w, b, p), go) -
                                    loss(conv2d_reference(xm, w, b, p), go)) /
                                   (2.0 * h);
            CHECK(g.grad_input.data()[i] == Approx(numeric).margin(1e-3));
            Tensor wp = w, wm = w;
            const int64_t j = uniform(rng, 0, w.numel() - 1);
            wp.data()[j] += h;
            wm.data()[j] -= h;
            const double numeric_w = (loss(conv2d_reference(x, wp, b, p), go) -
                                      loss(conv2d_reference(x, wm, b, p), go)) /
                                     (2.0 * h);
            CHECK(g.grad_weight.data()[j] == Approx(numeric_w).margin(1e-3));
        }
        Tensor bp = b;
        bp.data()[0] += h;
        CHECK(g.grad_bias.data()[0] == Approx((loss(conv2d_reference(x, w, bp, p), go) -
                                               loss(conv2d_reference(x, w, b, p), go)) /
                                              h)
                                           .margin(1e-3));
        ++checked;
    }
    CHECK(checked > 20);
}

TEST_CASE("conv_transpose2d backward: agrees with central differences at random positions") {
    std::mt19937 rng(77);
    using cs::test::uniform;
    for (int iteration = 0; iteration < 30; ++iteration) {
        ConvTranspose2dParams p;
        p.groups = uniform(rng, 1, 2);
        p.stride = {uniform(rng, 1, 3), uniform(rng, 1, 3)};
        p.dilation = {uniform(rng, 1, 2), uniform(rng, 1, 2)};
        p.padding = {uniform(rng, 0, 1), uniform(rng, 0, 1)};
        const Shape in{1, p.groups * uniform(rng, 1, 2), uniform(rng, 2, 5), uniform(rng, 2, 5)};
        const Shape ws{in[1], uniform(rng, 1, 3), uniform(rng, 1, 3), uniform(rng, 1, 3)};
        Shape out;
        try {
            out = conv_transpose2d_output_shape(in, ws, p).shape;
        } catch (const Error&) {
            continue;
        }
        const Tensor x = cs::test::quantized_tensor(in, rng);
        const Tensor w = cs::test::quantized_tensor(ws, rng);
        const Tensor go = cs::test::quantized_tensor(out, rng);
        const ConvGrads g = conv_transpose2d_backward(go, x, w, p, false);
        const float h = 0.5f;
        for (int probe = 0; probe < 4; ++probe) {
            Tensor xp = x, xm = x;
            const int64_t i = uniform(rng, 0, x.numel() - 1);
            xp.data()[i] += h;
            xm.data()[i] -= h;
            CHECK(g.grad_input.data()[i] ==
                  Approx((loss(conv_transpose2d_reference(xp, w, Tensor(), p), go) -
                          loss(conv_transpose2d_reference(xm, w, Tensor(), p), go)) /
                         (2.0 * h))
                      .margin(1e-3));
            Tensor wp = w, wm = w;
            const int64_t j = uniform(rng, 0, w.numel() - 1);
            wp.data()[j] += h;
            wm.data()[j] -= h;
            CHECK(g.grad_weight.data()[j] ==
                  Approx((loss(conv_transpose2d_reference(x, wp, Tensor(), p), go) -
                          loss(conv_transpose2d_reference(x, wm, Tensor(), p), go)) /
                         (2.0 * h))
                      .margin(1e-3));
        }
    }
}

TEST_CASE("conv2d backward: the routes into an input element sum to its gradient") {
    std::mt19937 rng(31);
    for (PaddingMode mode : {PaddingMode::zeros, PaddingMode::reflect, PaddingMode::replicate,
                             PaddingMode::circular}) {
        const Conv2dParams p{.stride = {2, 1},
                             .padding = {2, 1},
                             .dilation = {1, 2},
                             .groups = 2,
                             .padding_mode = mode,
                             .flip = true};
        const Shape in{1, 4, 6, 7};
        const Tensor x = cs::test::quantized_tensor(in, rng);
        const Tensor w = cs::test::quantized_tensor({4, 2, 3, 2}, rng);
        const Tensor go =
            cs::test::quantized_tensor(conv2d_output_shape(in, w.shape(), p).shape, rng);
        const ConvGrads g = conv2d_backward(go, x, w, p, false);
        for (int64_t ci = 0; ci < 4; ++ci) {
            for (int64_t y = 0; y < 6; ++y) {
                for (int64_t c = 0; c < 7; ++c) {
                    const InputGradTrace t = conv2d_input_grad_trace(go, in, w, p, {0, ci, y, c});
                    double sum = 0.0;
                    for (const ConvGradRoute& r : t.routes) {
                        sum += r.product;
                        CHECK(go(r.output[0], r.output[1], r.output[2], r.output[3]) ==
                              r.grad_output);
                    }
                    CHECK(sum == Approx(t.sum).margin(1e-6));
                    CHECK(t.grad_input == g.grad_input(0, ci, y, c));
                }
            }
        }
    }
}

TEST_CASE(
    "conv2d backward: with reflect padding an edge element also collects its mirror "
    "copies' gradient") {
    // A 1x3 signal [a b c] reflect-padded by 1 is [b a b c b]: b appears three times.
    const Tensor x(Shape{1, 1, 1, 3}, std::vector<float>{1, 2, 3});
    const Tensor w(Shape{1, 1, 1, 1}, 1.0f);
    const Conv2dParams p{.padding = {0, 1}, .padding_mode = PaddingMode::reflect};
    const Tensor go(Shape{1, 1, 1, 5}, 1.0f);
    const ConvGrads g = conv2d_backward(go, x, w, p, false);
    CHECK(g.grad_input.values() == std::vector<float>{1, 3, 1});
    const InputGradTrace t = conv2d_input_grad_trace(go, x.shape(), w, p, {0, 0, 0, 1});
    CHECK(t.routes.size() == 3);
    CHECK(t.routes[0].cell == std::array<int64_t, 2>{0, -1});
}
