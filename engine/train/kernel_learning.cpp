#include "engine/train/kernel_learning.hpp"

#include <cmath>
#include <numeric>
#include <vector>

#include "engine/error.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/train/random.hpp"

namespace cs {
namespace {

Tensor as_image(const Tensor& t, const std::string& what) {
    t.require_rank(2, what);
    return t.reshaped({1, 1, t.size(0), t.size(1)});
}

Conv2dParams conv_params(Pair padding) {
    Conv2dParams p;
    p.padding = padding;
    return p;
}

}  // namespace

KernelLearner::KernelLearner(Tensor input, Tensor target, KernelLearningParams params)
    : input_(as_image(input, "the input image")),
      target_(as_image(target, "the target image")),
      params_(std::move(params)) {
    require(params_.kernel_size.h > 0 && params_.kernel_size.w > 0,
            "the kernel to learn must be at least 1×1");
    require(params_.lr > 0, "the learning rate must be positive");
    const Shape want =
        conv2d_output_shape(input_.shape(), {1, 1, params_.kernel_size.h, params_.kernel_size.w},
                            conv_params(params_.padding))
            .shape;
    require(target_.shape() == want,
            "the target must be the input filtered by a " + std::to_string(params_.kernel_size.h) +
                "×" + std::to_string(params_.kernel_size.w) + " kernel: shape [" +
                std::to_string(want[2]) + ", " + std::to_string(want[3]) + "], but it has shape " +
                shape_string(target.shape()));
    if (params_.initial_kernel) {
        require(
            params_.initial_kernel->shape() == Shape{params_.kernel_size.h, params_.kernel_size.w},
            "the initial kernel must have shape " +
                shape_string({params_.kernel_size.h, params_.kernel_size.w}));
        kernel_ = *params_.initial_kernel;
    } else {
        kernel_ = Tensor({params_.kernel_size.h, params_.kernel_size.w});
        const auto bound =
            static_cast<float>(1.0 / std::sqrt(static_cast<double>(kernel_.numel())));
        Pcg32 rng(params_.seed);
        for (float& v : kernel_.values()) {
            v = rng.uniform(-bound, bound);
        }
    }
}

Tensor KernelLearner::prediction() const {
    const Tensor w = kernel_.reshaped({1, 1, kernel_.size(0), kernel_.size(1)});
    const Tensor y = conv2d_forward(input_, w, Tensor(), conv_params(params_.padding));
    return y.reshaped({y.size(2), y.size(3)});
}

double KernelLearner::loss() const {
    const Tensor y = prediction();
    double sum = 0.0;
    for (int64_t i = 0; i < y.numel(); ++i) {
        const double e = static_cast<double>(y.data()[i]) - target_.data()[i];
        sum += e * e;
    }
    return params_.reduction == LossReduction::sum ? sum : sum / static_cast<double>(y.numel());
}

KernelEpoch KernelLearner::step() {
    const Tensor w = kernel_.reshaped({1, 1, kernel_.size(0), kernel_.size(1)});
    const Tensor y = conv2d_forward(input_, w, Tensor(), conv_params(params_.padding));
    // loss = Σ (ŷ − y)² (or its mean), so ∂loss/∂ŷ = 2·(ŷ − y) (divided by the cell count).
    const double scale =
        params_.reduction == LossReduction::sum ? 2.0 : 2.0 / static_cast<double>(y.numel());
    Tensor grad_y(y.shape());
    double loss = 0.0;
    for (int64_t i = 0; i < y.numel(); ++i) {
        const float e = y.data()[i] - target_.data()[i];
        loss += static_cast<double>(e) * e;
        grad_y.data()[i] = static_cast<float>(scale) * e;
    }
    // The conv2d op's backward gives ∂loss/∂K from ∂loss/∂ŷ.
    const ConvGrads grads = conv2d_backward(grad_y, input_, w, conv_params(params_.padding), false);
    const auto lr = static_cast<float>(params_.lr);
    for (int64_t i = 0; i < kernel_.numel(); ++i) {
        kernel_.data()[i] -= lr * grads.grad_weight.data()[i];
    }
    ++epochs_;
    KernelEpoch epoch;
    epoch.epoch = epochs_;
    epoch.loss =
        params_.reduction == LossReduction::sum ? loss : loss / static_cast<double>(y.numel());
    epoch.kernel = kernel_;
    return epoch;
}

KernelExample d2l_edge_example() {
    KernelExample ex;
    ex.input = Tensor({6, 8}, 1.0f);
    for (int64_t y = 0; y < 6; ++y) {
        for (int64_t x = 2; x < 6; ++x) {
            ex.input.at({y, x}) = 0.0f;
        }
    }
    ex.kernel = Tensor({1, 2}, {1.0f, -1.0f});
    return make_kernel_example(ex.input, ex.kernel);
}

KernelExample make_kernel_example(const Tensor& image, const Tensor& kernel, Pair padding) {
    kernel.require_rank(2, "the kernel");
    KernelExample ex;
    ex.input = image;
    ex.kernel = kernel;
    const Tensor y = conv2d_forward(as_image(image, "the image"),
                                    kernel.reshaped({1, 1, kernel.size(0), kernel.size(1)}),
                                    Tensor(), conv_params(padding));
    ex.target = y.reshaped({y.size(2), y.size(3)});
    return ex;
}

double suggested_learning_rate(const Tensor& input, Pair kernel_size, Pair padding,
                               LossReduction reduction) {
    const Tensor x = as_image(input, "the input image");
    const Conv2dParams p = conv_params(padding);
    const Shape out = conv2d_output_shape(x.shape(), {1, 1, kernel_size.h, kernel_size.w}, p).shape;
    const int64_t taps = kernel_size.h * kernel_size.w;
    // Gram matrix of the patches: G[a][b] = Σ over output cells of patch[a]·patch[b].
    std::vector<double> gram(static_cast<size_t>(taps * taps), 0.0);
    std::vector<double> patch(static_cast<size_t>(taps));
    for (int64_t oy = 0; oy < out[2]; ++oy) {
        for (int64_t ox = 0; ox < out[3]; ++ox) {
            for (int64_t ky = 0; ky < kernel_size.h; ++ky) {
                for (int64_t kx = 0; kx < kernel_size.w; ++kx) {
                    const int64_t iy = oy - padding.h + ky;
                    const int64_t ix = ox - padding.w + kx;
                    const bool inside = iy >= 0 && iy < x.size(2) && ix >= 0 && ix < x.size(3);
                    patch[static_cast<size_t>(ky * kernel_size.w + kx)] =
                        inside ? x(0, 0, iy, ix) : 0.0;
                }
            }
            for (int64_t a = 0; a < taps; ++a) {
                for (int64_t b = 0; b < taps; ++b) {
                    gram[static_cast<size_t>(a * taps + b)] +=
                        patch[static_cast<size_t>(a)] * patch[static_cast<size_t>(b)];
                }
            }
        }
    }
    // λmax of the symmetric positive semi-definite G by power iteration.
    std::vector<double> v(static_cast<size_t>(taps), 1.0);
    double lambda = 0.0;
    for (int iteration = 0; iteration < 200; ++iteration) {
        std::vector<double> next(static_cast<size_t>(taps), 0.0);
        double norm = 0.0;
        for (int64_t a = 0; a < taps; ++a) {
            for (int64_t b = 0; b < taps; ++b) {
                next[static_cast<size_t>(a)] +=
                    gram[static_cast<size_t>(a * taps + b)] * v[static_cast<size_t>(b)];
            }
            norm += next[static_cast<size_t>(a)] * next[static_cast<size_t>(a)];
        }
        norm = std::sqrt(norm);
        if (norm == 0.0) {
            break;
        }
        lambda =
            norm /
            std::sqrt(static_cast<double>(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)));
        for (int64_t a = 0; a < taps; ++a) {
            v[static_cast<size_t>(a)] = next[static_cast<size_t>(a)] / norm;
        }
    }
    require(lambda > 0.0, "the input image is all zero: no kernel can be learned from it");
    double hessian = 2.0 * lambda;
    if (reduction == LossReduction::mean) {
        hessian /= static_cast<double>(out[2] * out[3]);
    }
    return 1.0 / hessian;
}

}  // namespace cs
