#pragma once
// softmax and log_softmax along one dimension, as torch.nn.functional, and the loss a classifier
// trains with: cross-entropy computed from the logits.
//
// softmax(x)_j = e^(x_j − m) / Σ_k e^(x_k − m), with m = max_k x_k. Subtracting the maximum does
// not change the result (it cancels) but keeps e^(…) ≤ 1, so large logits cannot overflow.
#include <cstdint>
#include <vector>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct SoftmaxParams {
    int64_t dim = 1;  // required in the JSON form; negative counts from the end
};

ShapeInfo softmax_output_shape(const Shape& input, const SoftmaxParams& p);
// Parallel over the slices along `dim`; each slice is computed in one fixed order.
Tensor softmax_forward(const Tensor& input, const SoftmaxParams& p);
// x_j − m − log Σ_k e^(x_k − m): exact even where softmax underflows to 0.
Tensor log_softmax_forward(const Tensor& input, const SoftmaxParams& p);

// Output element `at`: one tap per element of its slice along `dim` (kernel [j, 0, 0]),
// `product` = e^(x_j − m), `sum` = Σ e^(x_k − m); output = softmax (or log_softmax) at `at`.
Step softmax_trace(const Tensor& input, const SoftmaxParams& p, const Index4& at, bool log = false);

// From the forward output y: softmax: g_in = y ⊙ (g − Σ_dim g ⊙ y);
// log_softmax: g_in = g − e^y · Σ_dim g.
Tensor softmax_backward(const Tensor& output, const Tensor& grad_output, const SoftmaxParams& p);
Tensor log_softmax_backward(const Tensor& output, const Tensor& grad_output,
                            const SoftmaxParams& p);

// Mean cross-entropy of logits (N, C) against class indices targets (N), as
// torch.nn.functional.cross_entropy(logits, targets): loss = mean_n (log Σ_c e^(z_nc) − z_n,t),
// computed with log_softmax so it is stable for any logits. grad_logits = (softmax − onehot) / N.
struct CrossEntropyResult {
    double loss = 0.0;
    Tensor probabilities;  // (N, C) softmax of the logits
    Tensor grad_logits;    // (N, C) ∂loss/∂logits
};
CrossEntropyResult softmax_cross_entropy(const Tensor& logits, const std::vector<int64_t>& targets);

}  // namespace cs
