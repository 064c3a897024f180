#include "engine/train/adam.hpp"

#include <cmath>

namespace cs {

// For each element, at step t = 1, 2, … (torch.optim.Adam, amsgrad off):
//   g ← g + weight_decay·p
//   m ← β1·m + (1 − β1)·g            running mean of gradients ("exp_avg")
//   v ← β2·v + (1 − β2)·g²           running mean of squared gradients ("exp_avg_sq")
//   p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
// m and v start at zero, so early means are too small; dividing by 1 − β^t undoes that bias.
// The bias corrections are computed in double, the element updates in float, as PyTorch.
void Adam::step(std::vector<Parameter>& params) {
    prepare(params);
    ++steps_;
    const auto t = static_cast<double>(steps_);
    const double step_size = config_.lr / (1.0 - std::pow(config_.beta1, t));
    const double correction2_sqrt = std::sqrt(1.0 - std::pow(config_.beta2, t));
    const auto beta1 = static_cast<float>(config_.beta1);
    const auto beta2 = static_cast<float>(config_.beta2);
    const auto one_minus_beta1 = static_cast<float>(1.0 - config_.beta1);
    const auto one_minus_beta2 = static_cast<float>(1.0 - config_.beta2);
    const auto weight_decay = static_cast<float>(config_.weight_decay);
    const auto eps = static_cast<float>(config_.eps);
    const auto neg_step = static_cast<float>(-step_size);
    const auto sqrt_correction2 = static_cast<float>(correction2_sqrt);
    for (size_t k = 0; k < params.size(); ++k) {
        float* p = params[k].value.data();
        const float* grad = params[k].grad.data();
        float* m = buffers_[k][0].data();
        float* v = buffers_[k][1].data();
        const int64_t n = params[k].value.numel();
        for (int64_t i = 0; i < n; ++i) {
            float g = grad[i];
            if (config_.weight_decay != 0.0) {
                g = g + weight_decay * p[i];
            }
            m[i] = m[i] * beta1 + one_minus_beta1 * g;
            v[i] = v[i] * beta2 + one_minus_beta2 * (g * g);
            const float denom = std::sqrt(v[i]) / sqrt_correction2 + eps;
            p[i] = p[i] + neg_step * (m[i] / denom);
        }
    }
}

}  // namespace cs
