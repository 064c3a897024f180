#include "engine/train/linear_gemm.hpp"

#include <algorithm>

#include "engine/error.hpp"
#include "engine/train/gemm.hpp"

namespace cs {

Tensor linear_gemm_forward(const Tensor& input, const Tensor& weight, const Tensor& bias) {
    // input (N, IN); weight (OUT, IN); out (N, OUT)
    input.require_rank(2, "linear input");
    weight.require_rank(2, "linear weight");
    const int64_t n = input.size(0);
    const int64_t in = input.size(1);
    const int64_t out_features = weight.size(0);
    require(weight.size(1) == in, "linear: the input has " + std::to_string(in) +
                                      " features but the weight expects " +
                                      std::to_string(weight.size(1)));
    Tensor out({n, out_features});
    // Start from the bias in every row, then add X·Wᵀ.
    for (int64_t i = 0; i < n && !bias.empty(); ++i) {
        std::copy(bias.data(), bias.data() + out_features, out.data() + i * out_features);
    }
    gemm({n, out_features, in}, 1.0f, {input.data(), in, false}, {weight.data(), in, true},
         bias.empty() ? 0.0f : 1.0f, out.data(), out_features);
    return out;
}

Tensor linear_gemm_backward(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                            Tensor& grad_weight, Tensor& grad_bias, bool need_grad_input) {
    const int64_t n = input.size(0);
    const int64_t in = input.size(1);
    const int64_t out_features = weight.size(0);
    if (!grad_bias.empty()) {
        for (int64_t i = 0; i < n; ++i) {
            const float* row = grad_output.data() + i * out_features;
            for (int64_t o = 0; o < out_features; ++o) {
                grad_bias.data()[o] += row[o];
            }
        }
    }
    // ∂L/∂W (OUT, IN) += ∂L/∂Yᵀ (OUT, N) · X (N, IN)
    gemm({out_features, in, n}, 1.0f, {grad_output.data(), out_features, true},
         {input.data(), in, false}, 1.0f, grad_weight.data(), in);
    if (!need_grad_input) {
        return {};
    }
    // ∂L/∂X (N, IN) = ∂L/∂Y (N, OUT) · W (OUT, IN)
    Tensor grad_input({n, in});
    gemm({n, in, out_features}, 1.0f, {grad_output.data(), out_features, false},
         {weight.data(), in, false}, 0.0f, grad_input.data(), in);
    return grad_input;
}

}  // namespace cs
