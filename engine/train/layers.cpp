#include "engine/train/layers.hpp"

#include <cmath>
#include <limits>

#include "engine/error.hpp"
#include "engine/train/linear_gemm.hpp"

namespace cs {
namespace {

// ---- Pooling (one window per output cell, floor mode) ----
// input (N, C, H, W); out (N, C, OH, OW) with OH = ⌊(H + 2·pad − k) / stride⌋ + 1.
struct PoolSizes {
    int64_t planes, h, w, oh, ow;
};

PoolSizes pool_sizes(const LayerSpec& l, const Shape& in) {
    return {in[0] * in[1], in[2], in[3],
            floor_div(in[2] + 2 * l.padding.h - l.kernel_size.h, l.stride.h) + 1,
            floor_div(in[3] + 2 * l.padding.w - l.kernel_size.w, l.stride.w) + 1};
}

// The largest value of each window; ties go to the first in row-major order, as torch.
// Padding cells are −∞ and never win.
Tensor max_pool_forward(const LayerSpec& l, const Tensor& input, std::vector<int64_t>& argmax) {
    const PoolSizes s = pool_sizes(l, input.shape());
    Tensor out({input.size(0), input.size(1), s.oh, s.ow});
    argmax.resize(static_cast<size_t>(out.numel()));
    for (int64_t plane = 0; plane < s.planes; ++plane) {
        const float* in = input.data() + plane * s.h * s.w;
        for (int64_t oy = 0; oy < s.oh; ++oy) {
            for (int64_t ox = 0; ox < s.ow; ++ox) {
                float best = -std::numeric_limits<float>::infinity();
                int64_t best_index = -1;
                for (int64_t ky = 0; ky < l.kernel_size.h; ++ky) {
                    const int64_t iy = oy * l.stride.h - l.padding.h + ky;
                    for (int64_t kx = 0; kx < l.kernel_size.w; ++kx) {
                        const int64_t ix = ox * l.stride.w - l.padding.w + kx;
                        if (iy < 0 || iy >= s.h || ix < 0 || ix >= s.w) {
                            continue;
                        }
                        const float v = in[iy * s.w + ix];
                        if (v > best || best_index < 0 || std::isnan(v)) {
                            best = v;
                            best_index = iy * s.w + ix;
                        }
                    }
                }
                const int64_t o = (plane * s.oh + oy) * s.ow + ox;
                out.data()[o] = best;
                argmax[static_cast<size_t>(o)] = best_index;
            }
        }
    }
    return out;
}

// The window mean; padding cells count as zeros in the divisor kh·kw (count_include_pad).
Tensor avg_pool_forward(const LayerSpec& l, const Tensor& input) {
    const PoolSizes s = pool_sizes(l, input.shape());
    Tensor out({input.size(0), input.size(1), s.oh, s.ow});
    const auto divisor = static_cast<float>(l.kernel_size.h * l.kernel_size.w);
    for (int64_t plane = 0; plane < s.planes; ++plane) {
        const float* in = input.data() + plane * s.h * s.w;
        float* dst = out.data() + plane * s.oh * s.ow;
        for (int64_t oy = 0; oy < s.oh; ++oy) {
            for (int64_t ox = 0; ox < s.ow; ++ox) {
                float sum = 0.0f;
                for (int64_t ky = 0; ky < l.kernel_size.h; ++ky) {
                    const int64_t iy = oy * l.stride.h - l.padding.h + ky;
                    for (int64_t kx = 0; kx < l.kernel_size.w; ++kx) {
                        const int64_t ix = ox * l.stride.w - l.padding.w + kx;
                        if (iy >= 0 && iy < s.h && ix >= 0 && ix < s.w) {
                            sum += in[iy * s.w + ix];
                        }
                    }
                }
                dst[oy * s.ow + ox] = sum / divisor;
            }
        }
    }
    return out;
}

// Each output gradient is shared equally by the cells of its window.
Tensor avg_pool_backward(const LayerSpec& l, const Shape& input_shape, const Tensor& grad_out) {
    const PoolSizes s = pool_sizes(l, input_shape);
    Tensor grad_in(input_shape);
    const auto divisor = static_cast<float>(l.kernel_size.h * l.kernel_size.w);
    for (int64_t plane = 0; plane < s.planes; ++plane) {
        float* gi = grad_in.data() + plane * s.h * s.w;
        const float* go = grad_out.data() + plane * s.oh * s.ow;
        for (int64_t oy = 0; oy < s.oh; ++oy) {
            for (int64_t ox = 0; ox < s.ow; ++ox) {
                const float share = go[oy * s.ow + ox] / divisor;
                for (int64_t ky = 0; ky < l.kernel_size.h; ++ky) {
                    const int64_t iy = oy * l.stride.h - l.padding.h + ky;
                    for (int64_t kx = 0; kx < l.kernel_size.w; ++kx) {
                        const int64_t ix = ox * l.stride.w - l.padding.w + kx;
                        if (iy >= 0 && iy < s.h && ix >= 0 && ix < s.w) {
                            gi[iy * s.w + ix] += share;
                        }
                    }
                }
            }
        }
    }
    return grad_in;
}

// The gradient reaches only the winner of each window.
Tensor max_pool_backward(const Shape& input_shape, const Tensor& grad_out,
                         const std::vector<int64_t>& argmax) {
    Tensor grad_in(input_shape);
    const int64_t plane_in = input_shape[2] * input_shape[3];
    const int64_t plane_out = grad_out.size(2) * grad_out.size(3);
    for (int64_t o = 0; o < grad_out.numel(); ++o) {
        grad_in.data()[(o / plane_out) * plane_in + argmax[static_cast<size_t>(o)]] +=
            grad_out.data()[o];
    }
    return grad_in;
}

// ---- Element-wise activations ----
template <typename F>
Tensor map(const Tensor& x, F f) {
    Tensor out(x.shape());
    for (int64_t i = 0; i < x.numel(); ++i) {
        out.data()[i] = f(x.data()[i]);
    }
    return out;
}

// ∂L/∂x = ∂L/∂y · f'(x), with f' written in terms of the output y where that is cheaper.
template <typename D>
Tensor map_backward(const Tensor& grad_out, const Tensor& x, const Tensor& y, D derivative) {
    Tensor out(x.shape());
    for (int64_t i = 0; i < x.numel(); ++i) {
        out.data()[i] = grad_out.data()[i] * derivative(x.data()[i], y.data()[i]);
    }
    return out;
}

}  // namespace

Tensor layer_forward(const LayerSpec& layer, const LayerParams& params, const Tensor& input,
                     LayerWork& work) {
    static const Tensor no_bias;
    switch (layer.kind) {
        case LayerKind::conv2d:
            return conv2d_gemm_forward(input, *params.weight, params.bias ? *params.bias : no_bias,
                                       {.stride = layer.stride, .padding = layer.padding},
                                       work.conv);
        case LayerKind::linear:
            return linear_gemm_forward(input, *params.weight, params.bias ? *params.bias : no_bias);
        case LayerKind::max_pool2d:
            return max_pool_forward(layer, input, work.argmax);
        case LayerKind::avg_pool2d:
            return avg_pool_forward(layer, input);
        case LayerKind::flatten: {
            const int64_t n = input.size(0);
            return input.reshaped({n, input.numel() / std::max<int64_t>(n, 1)});
        }
        case LayerKind::relu:
            return map(input, [](float v) { return v > 0.0f ? v : 0.0f; });
        case LayerKind::sigmoid:
            return map(input, [](float v) { return 1.0f / (1.0f + std::exp(-v)); });
        case LayerKind::tanh:
            return map(input, [](float v) { return std::tanh(v); });
    }
    throw Error("unknown layer kind");
}

Tensor layer_backward(const LayerSpec& layer, const LayerParams& params, const Tensor& input,
                      const Tensor& output, const Tensor& grad_output, const LayerWork& work,
                      const LayerGrads& grads, bool need_grad_input) {
    static Tensor no_bias;
    switch (layer.kind) {
        case LayerKind::conv2d:
            return conv2d_gemm_backward(grad_output, *params.weight, work.conv, *grads.weight,
                                        grads.bias ? *grads.bias : no_bias, need_grad_input);
        case LayerKind::linear:
            return linear_gemm_backward(grad_output, input, *params.weight, *grads.weight,
                                        grads.bias ? *grads.bias : no_bias, need_grad_input);
        default:
            break;
    }
    if (!need_grad_input) {
        return {};
    }
    switch (layer.kind) {
        case LayerKind::max_pool2d:
            return max_pool_backward(input.shape(), grad_output, work.argmax);
        case LayerKind::avg_pool2d:
            return avg_pool_backward(layer, input.shape(), grad_output);
        case LayerKind::flatten:
            return grad_output.reshaped(input.shape());
        case LayerKind::relu:
            // As torch: the gradient passes where the output is positive.
            return map_backward(grad_output, input, output,
                                [](float, float y) { return y > 0.0f ? 1.0f : 0.0f; });
        case LayerKind::sigmoid:
            // σ'(x) = σ(x)·(1 − σ(x))
            return map_backward(grad_output, input, output,
                                [](float, float y) { return y * (1.0f - y); });
        case LayerKind::tanh:
            // tanh'(x) = 1 − tanh²(x)
            return map_backward(grad_output, input, output,
                                [](float, float y) { return 1.0f - y * y; });
        default:
            break;
    }
    throw Error("unknown layer kind");
}

}  // namespace cs
