#pragma once
// batch_norm2d as torch.nn.functional.batch_norm on an (N, C, H, W) input, per channel c:
//   y = (x − mean_c) / √(var_c + eps) · weight_c + bias_c.
// In training the mean and (biased) variance are the batch's, over N, H and W, and the running
// statistics move toward them: running = (1 − momentum)·running + momentum·batch, with the
// unbiased variance (n/(n − 1)). In evaluation the running statistics are used as they are.
// Without weight and bias (affine off) the scale is 1 and the shift 0.
#include <optional>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct BatchNorm2dParams {
    bool training = false;  // torch's functional default
    double momentum = 0.1;
    double eps = 1e-5;
};

// The tensors of one call besides the input: running statistics are [C]; weight and bias are
// [C] or empty (affine off).
struct BatchNormTensors {
    const Tensor& running_mean;
    const Tensor& running_var;
    const Tensor& weight;
    const Tensor& bias;
};

struct BatchNorm2dResult {
    Tensor output;
    Tensor mean;          // [C] the statistics used: the batch's in training, else running
    Tensor invstd;        // [C] 1 / √(var + eps)
    Tensor running_mean;  // [C] after the update (unchanged in evaluation)
    Tensor running_var;   // [C]
};

// Throws cs::Error for an input that is not 4-D, statistics or affine tensors of another size
// than C, eps < 0, or training with one value per channel (no variance to measure).
ShapeInfo batch_norm2d_output_shape(const Shape& input, const BatchNormTensors& t,
                                    const BatchNorm2dParams& p);
BatchNorm2dResult batch_norm2d_forward(const Tensor& input, const BatchNormTensors& t,
                                       const BatchNorm2dParams& p);
// One tap, the input value; quantities in order: mean, var, eps, normalised, weight, bias.
Step batch_norm2d_trace(const Tensor& input, const BatchNormTensors& t, const BatchNorm2dParams& p,
                        const Index4& at);

struct BatchNorm2dGrads {
    Tensor input;
    Tensor weight;  // [C], empty when affine is off
    Tensor bias;
};
// From the forward pass's mean and invstd. In training the batch statistics depend on every
// input, so each gradient also carries the mean and variance terms; in evaluation they are
// constants.
BatchNorm2dGrads batch_norm2d_backward(const Tensor& input, const Tensor& grad_output,
                                       const BatchNorm2dResult& forward, const Tensor& weight,
                                       const BatchNorm2dParams& p);

}  // namespace cs
