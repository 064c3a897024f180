// The conv family for the pipeline (see layer_ops.hpp).
#include "engine/error.hpp"
#include "engine/ops/conv_params_json.hpp"
#include "engine/pipeline/layer_ops.hpp"

namespace cs::pipeline::detail {

bool is_conv_op(const std::string& op) {
    return op == "conv2d" || op == "conv_transpose2d";
}

ShapeInfo conv_output_shape(const OpCall& call, const Shape& input) {
    const Shape bias = call.bias.empty() ? Shape{} : call.bias.shape();
    if (call.op == "conv2d") {
        return conv2d_output_shape(input, call.weight.shape(), conv2d_params_from_json(call.params),
                                   bias);
    }
    return conv_transpose2d_output_shape(input, call.weight.shape(),
                                         conv_transpose2d_params_from_json(call.params), bias);
}

LocalGeometry conv_geometry(const OpCall& call) {
    LocalGeometry g;
    if (call.op == "conv2d") {
        const Conv2dParams p = conv2d_params_from_json(call.params);
        const Padding2d pad = conv2d_padding(p, call.weight.shape());
        g.h = {p.dilation.h * (call.weight.size(2) - 1) + 1, p.stride.h, pad.top, pad.bottom};
        g.w = {p.dilation.w * (call.weight.size(3) - 1) + 1, p.stride.w, pad.left, pad.right};
        g.bandable = p.padding_mode == PaddingMode::zeros;
        return g;
    }
    const ConvTranspose2dParams p = conv_transpose2d_params_from_json(call.params);
    g.h = {p.dilation.h * (call.weight.size(2) - 1) + 1, p.stride.h, p.padding.h, p.padding.h};
    g.w = {p.dilation.w * (call.weight.size(3) - 1) + 1, p.stride.w, p.padding.w, p.padding.w};
    return g;
}

Tensor conv_without_padding(const OpCall& call, const Tensor& padded) {
    Conv2dParams p = conv2d_params_from_json(call.params);
    p.padding = {0, 0};
    p.same_padding = false;
    return conv2d_forward(padded, call.weight, call.bias, p);
}

Tensor conv_with_column_padding(const OpCall& call, const Tensor& rows, int64_t columns) {
    Conv2dParams p = conv2d_params_from_json(call.params);
    p.padding = {0, columns};
    p.same_padding = false;
    return conv2d_forward(rows, call.weight, call.bias, p);
}

}  // namespace cs::pipeline::detail
