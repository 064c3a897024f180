#include "engine/ops/avg_pool2d.hpp"
#include "engine/ops/max_pool2d.hpp"
#include "engine/train/layer_kinds.hpp"

namespace cs::layer_kinds {
namespace {

MaxPool2dParams max_params(const LayerSpec& layer) {
    MaxPool2dParams p;
    p.kernel_size = layer.kernel_size;
    p.stride = layer.stride;
    p.padding = layer.padding;
    return p;
}

// count_include_pad (torch's default): padding cells count in the divisor k·k.
AvgPool2dParams avg_params(const LayerSpec& layer) {
    AvgPool2dParams p;
    p.kernel_size = layer.kernel_size;
    p.stride = layer.stride;
    p.padding = layer.padding;
    return p;
}

}  // namespace

Tensor pool_forward(const LayerSpec& layer, const Tensor& input, LayerWork& work) {
    if (layer.kind == LayerKind::max_pool2d) {
        MaxPool2dResult r = max_pool2d_forward(input, max_params(layer));
        work.argmax = std::move(r.indices);
        return std::move(r.output);
    }
    return avg_pool2d_forward(input, avg_params(layer));
}

Tensor pool_backward(const LayerSpec& layer, const Shape& input_shape, const Tensor& grad_output,
                     const LayerWork& work) {
    if (layer.kind == LayerKind::max_pool2d) {
        return max_pool2d_backward(grad_output, work.argmax, input_shape, max_params(layer));
    }
    return avg_pool2d_backward(grad_output, input_shape, avg_params(layer));
}

}  // namespace cs::layer_kinds
