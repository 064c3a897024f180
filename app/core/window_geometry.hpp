#pragma once
// Where the window of a sliding op sits, for drawing: kernel size, stride, dilation and the
// padding on each side, read from the op's parameters. Only geometry — every value drawn
// comes from the engine.
#include <QPoint>

#include "engine/op_call.hpp"

namespace cs::core {

struct WindowGeometry {
    bool sliding = false;  // false for ops without a window (activations, linear, ...)
    Pair kernel{1, 1};
    Pair stride{1, 1};
    Pair dilation{1, 1};
    int64_t pad_top = 0;
    int64_t pad_left = 0;
    int64_t pad_bottom = 0;
    int64_t pad_right = 0;
    std::string padding_mode = "zeros";

    // Top-left cell (row, col) of the window of output element (y, x), in padded coordinates.
    Pair origin(int64_t y, int64_t x) const { return {y * stride.h, x * stride.w}; }
};

WindowGeometry window_geometry(const OpCall& call);

// The input with its border as the op sees it: [1, C, H + top + bottom, W + left + right],
// padding cells holding what the padding mode supplies, computed by the engine.
struct PaddedInput {
    Tensor values;
    int64_t top = 0;
    int64_t left = 0;
    bool is_padding(int64_t row, int64_t col, int64_t height, int64_t width) const {
        return row < top || col < left || row >= top + height || col >= left + width;
    }
};

PaddedInput padded_input(const OpCall& call, const WindowGeometry& geometry);

}  // namespace cs::core
