#include "engine/ops/conv2d.hpp"
#include "engine/ops/conv_transpose2d.hpp"
#include "engine/train/conv2d_gemm.hpp"
#include "engine/train/layer_kinds.hpp"

namespace cs::layer_kinds {

Tensor conv_forward(const LayerSpec& layer, const LayerParams& params, const Tensor& input) {
    Conv2dParams p;
    p.stride = layer.stride;
    p.padding = layer.padding;
    return conv2d_forward(input, *params.weight, params.bias ? *params.bias : Tensor(), p);
}

Tensor conv_backward(const LayerSpec& layer, const LayerParams& params, const Tensor& input,
                     const Tensor& grad_output, const LayerGrads& grads, bool need_grad_input) {
    Tensor no_bias;
    conv2d_weight_grad(grad_output, input, {.stride = layer.stride, .padding = layer.padding},
                       *grads.weight, grads.bias ? *grads.bias : no_bias);
    if (!need_grad_input) {
        return {};
    }
    // ∂L/∂input sends every output gradient back through the kernel to the input cells it was
    // computed from: that is exactly a transposed convolution of grad_output with the same
    // weight, stride and padding. output_padding restores the rows and columns a strided
    // forward pass skipped at the bottom/right: H − ((OH − 1)·stride − 2·padding + KH).
    const Tensor& w = *params.weight;
    ConvTranspose2dParams p;
    p.stride = layer.stride;
    p.padding = layer.padding;
    p.output_padding = {input.size(2) - ((grad_output.size(2) - 1) * layer.stride.h -
                                         2 * layer.padding.h + w.size(2)),
                        input.size(3) - ((grad_output.size(3) - 1) * layer.stride.w -
                                         2 * layer.padding.w + w.size(3))};
    return conv_transpose2d_forward(grad_output, w, Tensor(), p);
}

}  // namespace cs::layer_kinds
