#pragma once
// interpolate as torch.nn.functional.interpolate for 4-D inputs, modes "nearest" and
// "bilinear": resize each (n, c) plane by reading, for every output cell, the input cell(s) its
// centre maps back to.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

enum class InterpolateMode { nearest, bilinear };

struct InterpolateParams {
    InterpolateMode mode = InterpolateMode::nearest;
    // Exactly one of size and scale_factor. A given scale_factor is used as is: the output size
    // is ⌊in·scale⌋ and the source of output cell i is found with 1/scale, not in/out.
    std::optional<Pair> size{};
    std::optional<std::array<double, 2>> scale_factor{};  // (h, w)
    // bilinear only (nearest rejects it, even false). true: the corner cells of input and output
    // line up; false (default): the corners of the cells do, and cell centres sit at i + 0.5.
    std::optional<bool> align_corners{};
};

const char* interpolate_mode_name(InterpolateMode mode);
InterpolateMode interpolate_mode(const std::string& name);  // throws for other modes

ShapeInfo interpolate_output_shape(const Shape& input, const InterpolateParams& p);
// Parallel over (n, c, output row); bit-identical for any thread count.
Tensor interpolate_forward(const Tensor& input, const InterpolateParams& p);

// Output element `at`: nearest — one tap (weight 1); bilinear — the (up to) four input cells with
// their interpolation weights (kernel [c, dy, dx]); product = value·weight, sum = Σ products.
Step interpolate_trace(const Tensor& input, const InterpolateParams& p, const Index4& at);

// Each output gradient goes back to the cells it was read from, times their weights.
Tensor interpolate_backward(const Tensor& grad_output, const Shape& input_shape,
                            const InterpolateParams& p);

}  // namespace cs
