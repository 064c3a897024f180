#pragma once
// lp_pool2d as torch.nn.functional.lp_pool2d: the p-norm of each window,
//   out = (Σ x^p · (kh·kw) / valid)^(1/p),
// because torch computes it as avg_pool2d(x^p) · (kh·kw), then the 1/p power. `valid` is the
// number of cells of the window inside the input: kh·kw except for a ceil_mode window hanging
// off the end. There is no abs(): with p = 1 the result is the signed sum; an odd p with a
// negative sum gives NaN, as in torch.
#include <cstdint>
#include <optional>

#include "engine/ops/common.hpp"
#include "engine/ops/pool_common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct LpPool2dParams {
    double norm_type = 2.0;  // p
    Pair kernel_size{};
    std::optional<Pair> stride{};  // absent: stride = kernel_size
    bool ceil_mode = false;        // no padding in lp_pool2d
};

ShapeInfo lp_pool2d_output_shape(const Shape& input, const LpPool2dParams& p);

// Parallel over (n, c, output row); bit-identical for any thread count.
Tensor lp_pool2d_forward(const Tensor& input, const LpPool2dParams& p);
Tensor lp_pool2d_forward_reference(const Tensor& input, const LpPool2dParams& p);

// Output element `at`: one tap per window cell inside the input, `sum` = Σ value^p,
// `divisor` = valid / (kh·kw) (what the sum is divided by before the root).
Step lp_pool2d_trace(const Tensor& input, const LpPool2dParams& p, const Index4& at);

// ∂out/∂x = x^(p−1) · (kh·kw / valid) · base^(1/p − 1), base = Σ x^p · kh·kw / valid. A window
// whose base is 0 passes no gradient (torch gives NaN there for p > 1).
Tensor lp_pool2d_backward(const Tensor& input, const Tensor& grad_output, const LpPool2dParams& p);

// The output-gradient cells that reach input element `at`, with factor ∂out/∂x each.
GradTrace lp_pool2d_backward_trace(const Tensor& input, const LpPool2dParams& p,
                                   const Tensor& grad_output, const Index4& at);

}  // namespace cs
