#include "engine/train/sgd.hpp"

namespace cs {

std::vector<std::string> Sgd::buffer_names() const {
    if (config_.momentum != 0.0) {
        return {"momentum_buffer"};
    }
    return {};
}

// For each element, with g the gradient and p the parameter (torch.optim.SGD):
//   g ← g + weight_decay·p
//   b ← g on the first step, else momentum·b + (1 − dampening)·g   (only with momentum)
//   g ← g + momentum·b with Nesterov, else g ← b                    (only with momentum)
//   p ← p − lr·g
// Scalars are rounded to float before use, as PyTorch does for a float tensor.
void Sgd::step(std::vector<Parameter>& params) {
    prepare(params);
    const auto weight_decay = static_cast<float>(config_.weight_decay);
    const auto momentum = static_cast<float>(config_.momentum);
    const auto keep = static_cast<float>(1.0 - config_.dampening);
    const auto neg_lr = static_cast<float>(-config_.lr);
    const bool first = steps_ == 0;
    for (size_t k = 0; k < params.size(); ++k) {
        float* p = params[k].value.data();
        const float* grad = params[k].grad.data();
        float* buffer = config_.momentum != 0.0 ? buffers_[k][0].data() : nullptr;
        const int64_t n = params[k].value.numel();
        for (int64_t i = 0; i < n; ++i) {
            float g = grad[i];
            if (config_.weight_decay != 0.0) {
                g = g + weight_decay * p[i];
            }
            if (buffer != nullptr) {
                buffer[i] = first ? g : buffer[i] * momentum + keep * g;
                g = config_.nesterov ? g + momentum * buffer[i] : buffer[i];
            }
            p[i] = p[i] + neg_lr * g;
        }
    }
    ++steps_;
}

}  // namespace cs
