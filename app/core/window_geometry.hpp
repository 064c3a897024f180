#pragma once
// Where the window of a sliding op sits, for drawing: kernel size, stride, dilation and the
// padding on each side, read with the engine's own parameter readers. Only geometry — every
// value drawn comes from the engine.
#include <string>
#include <vector>

#include "engine/op_call.hpp"
#include "engine/ops/padding.hpp"

namespace cs::core {

struct WindowGeometry {
    bool sliding = false;  // false for ops without a window (activations, linear, scatter view)
    bool expanded =
        false;  // conv_transpose2d insert view: the window slides over the expanded grid
    Pair kernel{1, 1};
    Pair stride{1, 1};
    Pair dilation{1, 1};
    int64_t pad_top = 0;
    int64_t pad_left = 0;
    int64_t pad_bottom = 0;
    int64_t pad_right = 0;
    PaddingMode padding_mode = PaddingMode::zeros;

    // Top-left cell (row, col) of the window of output element (y, x), in padded coordinates.
    Pair origin(int64_t y, int64_t x) const { return {y * stride.h, x * stride.w}; }
};

// `trace_view`: conv_transpose2d's "insert" (default) or "scatter".
WindowGeometry window_geometry(const OpCall& call, const std::string& trace_view = "");

// One batch element of the input as the op sees it: [1, C, rows, cols] with the border
// (padding cells hold what the padding mode supplies) — or, for a transposed convolution, the
// expanded grid with its inserted zeros. Computed by the engine.
struct PaddedInput {
    Tensor values;
    int64_t top = 0;
    int64_t left = 0;
    std::vector<TapKind> kinds;  // per cell (rows·cols); empty: input inside, padding outside

    TapKind kind(int64_t row, int64_t col, int64_t height, int64_t width) const;
};

PaddedInput padded_input(const OpCall& call, const WindowGeometry& geometry, int64_t batch = 0);

// The input as (N, C, H, W): conv1d's (N, C, L) becomes (N, C, 1, L); 2-D inputs (N, F)
// become (N, 1, 1, F).
Tensor as_planes(const Tensor& input);

}  // namespace cs::core
