#pragma once
// The forward and backward pass of one layer of a network (network_spec.hpp) on a chunk of
// examples. Networks call these layer by layer; everything a backward pass needs from its
// forward pass stays in a LayerWork, one per layer and chunk, reused from batch to batch.
#include <cstdint>
#include <vector>

#include "engine/tensor.hpp"
#include "engine/train/conv2d_gemm.hpp"
#include "engine/train/network_spec.hpp"

namespace cs {

struct LayerWork {
    ConvGemmCache conv;           // conv2d: the im2col matrix of the input
    std::vector<int64_t> argmax;  // max_pool2d: winning input cell of each output cell
};

// Parameters of one layer; pointers are null when the layer has none.
struct LayerParams {
    const Tensor* weight = nullptr;
    const Tensor* bias = nullptr;
};

// Where a layer's backward pass adds its parameter gradients.
struct LayerGrads {
    Tensor* weight = nullptr;
    Tensor* bias = nullptr;
};

// input: the layer's input for a chunk of N examples, (N, C, H, W) or (N, F).
Tensor layer_forward(const LayerSpec& layer, const LayerParams& params, const Tensor& input,
                     LayerWork& work);

// ∂L/∂input from ∂L/∂output; adds the parameter gradients to `grads`. `input` and `output`
// are the tensors of the forward pass. Returns an empty tensor unless need_grad_input.
Tensor layer_backward(const LayerSpec& layer, const LayerParams& params, const Tensor& input,
                      const Tensor& output, const Tensor& grad_output, const LayerWork& work,
                      const LayerGrads& grads, bool need_grad_input);

}  // namespace cs
