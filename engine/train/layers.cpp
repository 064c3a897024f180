#include "engine/train/layers.hpp"

#include <cmath>

#include "engine/error.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/train/layer_kinds.hpp"
#include "engine/train/linear_gemm.hpp"

namespace cs {
namespace {

// ---- Element-wise activations ----
// The formulas of engine/ops/activation.hpp as plain loops without a switch per element: they
// run on every feature map of every training step, where the op's general code is several
// times slower.
template <typename F>
Tensor map(const Tensor& x, F f) {
    Tensor out(x.shape());
    const float* in = x.data();
    float* y = out.data();
    const int64_t n = x.numel();
    for (int64_t i = 0; i < n; ++i) {
        y[i] = f(in[i]);
    }
    return out;
}

// ∂L/∂x = ∂L/∂y · f'(x), with f' written in terms of the output y = f(x).
template <typename D>
Tensor map_backward(const Tensor& grad_out, const Tensor& y, D derivative) {
    Tensor out(y.shape());
    const float* g = grad_out.data();
    const float* v = y.data();
    float* gi = out.data();
    const int64_t n = y.numel();
    for (int64_t i = 0; i < n; ++i) {
        gi[i] = g[i] * derivative(v[i]);
    }
    return out;
}

// A select rather than a product, so that an infinite or NaN gradient stays where ReLU blocks.
Tensor relu_backward(const Tensor& grad_out, const Tensor& y) {
    Tensor out(y.shape());
    const float* g = grad_out.data();
    const float* v = y.data();
    float* gi = out.data();
    const int64_t n = y.numel();
    for (int64_t i = 0; i < n; ++i) {
        const float passed = g[i];  // read unconditionally, so that the loop vectorises
        gi[i] = v[i] > 0.0f ? passed : 0.0f;
    }
    return out;
}

}  // namespace

Tensor layer_forward(const LayerSpec& layer, const LayerParams& params, const Tensor& input,
                     LayerWork& work) {
    switch (layer.kind) {
        case LayerKind::conv2d:
            return layer_kinds::conv_forward(layer, params, input);
        case LayerKind::linear:
            return linear_gemm_forward(input, *params.weight,
                                       params.bias ? *params.bias : Tensor());
        case LayerKind::max_pool2d:
        case LayerKind::avg_pool2d:
            return layer_kinds::pool_forward(layer, input, work);
        case LayerKind::flatten:
            return flatten_forward(input, {});
        case LayerKind::relu:
            // NaN stays NaN, as in torch.
            return map(input, [](float v) { return v > 0.0f || v != v ? v : 0.0f; });
        case LayerKind::sigmoid:
            // For v → −∞, e^−v overflows to ∞ and the result is exactly 0, never NaN.
            return map(input, [](float v) { return 1.0f / (1.0f + std::exp(-v)); });
        case LayerKind::tanh:
            return map(input, [](float v) { return std::tanh(v); });
    }
    throw Error("unknown layer kind");
}

Tensor layer_backward(const LayerSpec& layer, const LayerParams& params, const Tensor& input,
                      const Tensor& output, const Tensor& grad_output, const LayerWork& work,
                      const LayerGrads& grads, bool need_grad_input) {
    if (layer.kind == LayerKind::conv2d) {
        return layer_kinds::conv_backward(layer, params, input, grad_output, grads,
                                          need_grad_input);
    }
    if (layer.kind == LayerKind::linear) {
        Tensor no_bias;
        return linear_gemm_backward(grad_output, input, *params.weight, *grads.weight,
                                    grads.bias ? *grads.bias : no_bias, need_grad_input);
    }
    if (!need_grad_input) {
        return {};
    }
    switch (layer.kind) {
        case LayerKind::max_pool2d:
        case LayerKind::avg_pool2d:
            return layer_kinds::pool_backward(layer, input.shape(), grad_output, work);
        case LayerKind::flatten:
            return flatten_backward(grad_output, input.shape());
        case LayerKind::relu:
            // The gradient passes where the output is positive (at 0 it stops, as in torch).
            return relu_backward(grad_output, output);
        case LayerKind::sigmoid:
            // σ'(x) = σ(x)·(1 − σ(x))
            return map_backward(grad_output, output, [](float y) { return y * (1.0f - y); });
        case LayerKind::tanh:
            // tanh'(x) = 1 − tanh²(x)
            return map_backward(grad_output, output, [](float y) { return 1.0f - y * y; });
        default:
            break;
    }
    throw Error("unknown layer kind");
}

}  // namespace cs
