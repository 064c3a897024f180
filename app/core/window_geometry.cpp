#include "app/core/window_geometry.hpp"

#include <algorithm>

#include "engine/error.hpp"
#include "engine/ops/conv_params_json.hpp"
#include "engine/ops/conv_transpose2d.hpp"

namespace cs::core {
namespace {

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
    std::optional<OpWindow> window;
    try {
        window = op_window(call);
    } catch (const Error&) {
        return g;  // the call is invalid; the engine's message is shown elsewhere
    }
    // The scatter view of a transposed convolution has no sliding window.
    if (!window || (window->transposed && trace_view == "scatter")) {
        return g;
    }
    g.sliding = true;
    g.kernel = {window->rows.taps, window->cols.taps};
    g.dilation = {window->rows.dilation, window->cols.dilation};
    g.padding_mode = window->padding_mode;
    if (window->transposed) {
        g.expanded = true;  // stride 1 over the grid with its inserted zeros and border
        return g;
    }
    g.stride = {window->rows.stride, window->cols.stride};
    g.pad_top = std::max<int64_t>(0, window->rows.before);
    g.pad_bottom = std::max<int64_t>(0, window->rows.after);
    g.pad_left = std::max<int64_t>(0, window->cols.before);
    g.pad_right = std::max<int64_t>(0, window->cols.after);
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
