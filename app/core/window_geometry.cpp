#include "app/core/window_geometry.hpp"

#include <algorithm>

#include "engine/ops/conv_params_json.hpp"
#include "engine/ops/conv_transpose2d.hpp"

namespace cs::core {
namespace {

bool is_pooling(const std::string& op) {
    return op == "max_pool2d" || op == "avg_pool2d" || op == "lp_pool2d";
}

Tensor batch_element(const Tensor& planes, int64_t n) {
    const int64_t per = planes.size(1) * planes.size(2) * planes.size(3);
    return Tensor({1, planes.size(1), planes.size(2), planes.size(3)},
                  std::vector<float>(planes.data() + n * per, planes.data() + (n + 1) * per));
}

}  // namespace

Tensor as_planes(const Tensor& input) {
    if (input.dim() == 3) {
        return input.reshaped({input.size(0), input.size(1), 1, input.size(2)});
    }
    if (input.dim() == 2) {
        return input.reshaped({input.size(0), 1, 1, input.size(1)});
    }
    return input;
}

TapKind PaddedInput::kind(int64_t row, int64_t col, int64_t height, int64_t width) const {
    if (!kinds.empty()) {
        return kinds[static_cast<size_t>(row * values.size(3) + col)];
    }
    const bool inside = row >= top && col >= left && row < top + height && col < left + width;
    return inside ? TapKind::input : TapKind::padding;
}

WindowGeometry window_geometry(const OpCall& call, const std::string& trace_view) {
    WindowGeometry g;
    const auto& p = call.params;
    if (call.op == "conv2d" && call.weight.dim() == 4) {
        const Conv2dParams params = conv2d_params_from_json(p);
        const Padding2d pad = conv2d_padding(params, call.weight.shape());
        g.sliding = true;
        g.kernel = {call.weight.size(2), call.weight.size(3)};
        g.stride = params.stride;
        g.dilation = params.dilation;
        g.pad_top = std::max<int64_t>(0, pad.top);
        g.pad_bottom = std::max<int64_t>(0, pad.bottom);
        g.pad_left = std::max<int64_t>(0, pad.left);
        g.pad_right = std::max<int64_t>(0, pad.right);
        g.padding_mode = params.padding_mode;
    } else if (call.op == "conv1d" && call.weight.dim() == 3) {
        const Conv1dParams params = conv1d_params_from_json(p);
        g.sliding = true;
        g.kernel = {1, call.weight.size(2)};
        g.stride = {1, params.stride};
        g.dilation = {1, params.dilation};
        const int64_t total =
            params.same_padding ? params.dilation * (call.weight.size(2) - 1) : 2 * params.padding;
        g.pad_left = params.same_padding ? total / 2 : params.padding;
        g.pad_right = total - g.pad_left;
        g.padding_mode = params.padding_mode;
    } else if (call.op == "conv_transpose2d" && call.weight.dim() == 4 && trace_view != "scatter") {
        const ConvTranspose2dParams params = conv_transpose2d_params_from_json(p);
        g.sliding = true;
        g.expanded = true;
        g.kernel = {call.weight.size(2), call.weight.size(3)};
        g.dilation = params.dilation;
    } else if (is_pooling(call.op)) {
        g.sliding = true;
        g.kernel = param_pair(p, call.op, "kernel_size", {2, 2});
        g.stride = param_pair(p, call.op, "stride", g.kernel);
        if (call.op != "lp_pool2d") {
            const Pair pad = param_pair(p, call.op, "padding", {0, 0});
            g.pad_top = g.pad_bottom = std::max<int64_t>(0, pad.h);
            g.pad_left = g.pad_right = std::max<int64_t>(0, pad.w);
        }
        if (call.op == "max_pool2d") {
            g.dilation = param_pair(p, call.op, "dilation", {1, 1});
        }
    }
    return g;
}

PaddedInput padded_input(const OpCall& call, const WindowGeometry& g, int64_t batch) {
    PaddedInput out;
    const Tensor planes = as_planes(call.input);
    const Tensor x = batch_element(planes, std::clamp<int64_t>(batch, 0, planes.size(0) - 1));
    if (g.expanded) {
        // The grid a transposed convolution convolves: inserted zeros, border, output_padding.
        const ExpandedGrid grid = conv_transpose2d_expanded_grid(
            x, call.weight.shape(), conv_transpose2d_params_from_json(call.params));
        out.values = grid.values;
        out.kinds = grid.kinds;
        return out;
    }
    out.top = g.pad_top;
    out.left = g.pad_left;
    if (g.pad_top + g.pad_bottom + g.pad_left + g.pad_right == 0) {
        out.values = x;
        return out;
    }
    // The engine's own padding: the values reflect/replicate/circular supply, as in the op.
    out.values =
        pad2d(x, Padding2d{g.pad_top, g.pad_bottom, g.pad_left, g.pad_right}, g.padding_mode);
    return out;
}

}  // namespace cs::core
