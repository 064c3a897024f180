#pragma once
// The forward and backward pass of one layer of a network (network_spec.hpp) on a chunk of
// examples. Networks call these layer by layer; what a backward pass needs from its forward
// pass besides the layer's input and output stays in a LayerWork, one per layer and chunk.
//
// The passes use the engine's ops (engine/ops/) — conv2d, conv_transpose2d, the pooling ops,
// flatten — except where training needs more speed than a teaching op offers: the weight
// gradient of conv2d and both passes of linear are matrix products (gemm.hpp), and the
// activations are plain loops over the output. Each is tested against the op.
#include <cstdint>
#include <vector>

#include "engine/tensor.hpp"
#include "engine/train/network_spec.hpp"

namespace cs {

struct LayerWork {
    IndexBuffer argmax;  // max_pool2d: winning input cell of each output cell
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
