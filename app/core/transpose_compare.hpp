#pragma once
// The ambiguity output_padding resolves, and upsampling for comparison: a 5×5 and a 6×6 input
// both convolve to 3×3 with k = 3, p = 1, s = 2; the transposed convolution of the 3×3 gives
// 5×5, or 6×6 with output_padding = 1; nearest and bilinear upsampling of the same 3×3. Every
// result and formula comes from the engine.
#include <QString>
#include <vector>

#include "engine/tensor.hpp"

namespace cs::core {

struct ComparedOp {
    QString title;  // e.g. "conv_transpose2d, output_padding = 1"
    Tensor input;
    Tensor output;
    QString formula;  // the engine's output-size formula (height)
};

// `small`: the [1, 1, 3, 3] input of the transposed convolutions and upsamplings; `kernel`:
// [1, 1, 3, 3], used by every convolution. Rows of the lesson: convolutions, transposed
// convolutions, upsamplings (two entries each).
std::vector<ComparedOp> compare_transpose(const Tensor& small, const Tensor& kernel);

}  // namespace cs::core
