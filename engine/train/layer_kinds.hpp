#pragma once
// Internal to layers.cpp: the layer kinds whose passes live in files of their own.
// (engine/ops/conv2d.hpp and engine/ops/pool_common.hpp cannot be included in the same file:
// both declare a cs::GradRoute.)
#include "engine/train/layers.hpp"

namespace cs::layer_kinds {

// conv2d: forward with the conv2d op; backward with the im2col weight gradient and the
// conv_transpose2d op for the input gradient.
Tensor conv_forward(const LayerSpec& layer, const LayerParams& params, const Tensor& input);
Tensor conv_backward(const LayerSpec& layer, const LayerParams& params, const Tensor& input,
                     const Tensor& grad_output, const LayerGrads& grads, bool need_grad_input);

// max_pool2d and avg_pool2d with the pooling ops.
Tensor pool_forward(const LayerSpec& layer, const Tensor& input, LayerWork& work);
Tensor pool_backward(const LayerSpec& layer, const Shape& input_shape, const Tensor& grad_output,
                     const LayerWork& work);

}  // namespace cs::layer_kinds
