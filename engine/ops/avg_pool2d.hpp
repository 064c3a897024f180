#pragma once
// avg_pool2d as torch.nn.functional.avg_pool2d: each output cell is the sum of its window
// divided by a divisor — the window size, the number of real input cells, or a fixed number.
#include <cstdint>
#include <optional>

#include "engine/ops/common.hpp"
#include "engine/ops/pool_common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct AvgPool2dParams {
    Pair kernel_size{};
    std::optional<Pair> stride{};  // absent: stride = kernel_size
    Pair padding{0, 0};            // zero border
    bool ceil_mode = false;
    // true: padding cells count in the divisor (but a ceil_mode window hanging past the padded
    // input counts only its part inside it); false: only real input cells count.
    bool count_include_pad = true;
    std::optional<int64_t> divisor_override{};  // divide every window by this instead; not 0
};

ShapeInfo avg_pool2d_output_shape(const Shape& input, const AvgPool2dParams& p);

// What output cell (oy, ox) is divided by, following the rules above.
int64_t avg_pool2d_divisor(const PoolGeometry& g, const AvgPool2dParams& p, int64_t oy, int64_t ox);

// Parallel over (n, c, output row); bit-identical for any thread count (each cell sums its
// window in row-major order in float, as torch does).
Tensor avg_pool2d_forward(const Tensor& input, const AvgPool2dParams& p);
Tensor avg_pool2d_forward_reference(const Tensor& input, const AvgPool2dParams& p);

// Output element `at` = (n, c, oy, ox): one tap per window cell (padding cells with value 0),
// `sum` = Σ values, `divisor`, `output` = sum / divisor.
Step avg_pool2d_trace(const Tensor& input, const AvgPool2dParams& p, const Index4& at);

// Each output gradient is spread evenly over its window's real cells: grad / divisor each.
Tensor avg_pool2d_backward(const Tensor& grad_output, const Shape& input_shape,
                           const AvgPool2dParams& p);

// The output-gradient cells that reach input element `at`, each with factor 1/divisor.
GradTrace avg_pool2d_backward_trace(const Shape& input_shape, const AvgPool2dParams& p,
                                    const Tensor& grad_output, const Index4& at);

// Validates the parameters (also divisor_override ≠ 0) and returns the geometry.
PoolGeometry avg_pool2d_geometry(const Shape& input, const AvgPool2dParams& p,
                                 std::vector<std::string>* formulas = nullptr);

}  // namespace cs
