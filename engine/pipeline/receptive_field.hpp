#pragma once
// Receptive fields: which input pixels can change one output pixel of a layer.
//
// For a chain of convolutions and poolings, each with kernel k, dilation d, stride s and
// padding p (k_eff = d·(k − 1) + 1), the standard recurrences give, per layer and per axis,
// in input pixels:
//   size   r_out = r_in + (k_eff − 1)·j_in          r = 1 for the input itself
//   jump   j_out = j_in · s                          j = 1 (distance between neighbours)
//   start  c_out = c_in + ((k_eff − 1)/2 − p)·j_in   c = 0.5 (centre of the first pixel)
// Transposed convolutions and upsampling divide the jump (j_out = j_in / s) and add what
// their taps read; flatten, linear and softmax see the whole input.
//
// The window of one clicked pixel is found by mapping its row (and column) interval back
// through every layer; the result on the input always spans r pixels for convolutions and
// poolings (tested), and `clipped` keeps only the pixels that exist.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/pipeline/pipeline.hpp"

namespace cs::pipeline {

struct AxisField {
    double size = 1;     // r
    double jump = 1;     // j
    double start = 0.5;  // c
};

struct LayerField {
    AxisField h;
    AxisField w;
    bool whole = false;   // the layer sees the whole input (flatten, linear, softmax and after)
    std::string formula;  // "r = 3 + (2 − 1)·2 = 4" (height; width when it differs)
};

// One entry per planned layer.
std::vector<LayerField> receptive_fields(const Plan& plan);
// The field after one more op on the path: `call` reads `input_shape` and gives
// `output_shape` (with the batch dimension); `network_input` sizes "the whole input".
LayerField advance_field(const LayerField& before, const OpCall& call, const Shape& input_shape,
                         const Shape& output_shape, const Shape& network_input);

// Rows [y0, y1] and columns [x0, x1] of one map, inclusive.
struct Window {
    int64_t y0 = 0, y1 = -1, x0 = 0, x1 = -1;
    bool whole = false;  // every pixel of the map
    int64_t height() const { return y1 - y0 + 1; }
    int64_t width() const { return x1 - x0 + 1; }
    bool empty() const { return y1 < y0 || x1 < x0; }
};

struct PixelField {
    // windows[0] is on the input image, windows[m] on the output of layer m − 1, up to the
    // clicked layer's own output (the pixel itself). Unclipped: may reach into the padding.
    std::vector<Window> windows;
    std::vector<Window> clipped;  // the same, cut to each map's pixels
};

// The receptive field of output pixel (y, x) of layer `layer` (any channel: it is the same for
// every channel). Throws cs::Error for a layer or pixel outside the plan.
PixelField pixel_field(const Plan& plan, size_t layer, int64_t y, int64_t x);

}  // namespace cs::pipeline
