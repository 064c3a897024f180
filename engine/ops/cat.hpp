#pragma once
// cat as torch.cat(tensors, dim): the tensors laid one after another along `dim` (negative
// counts from the end). Along channels (dim 1) it is the join of an Inception block: the four
// paths' channel counts add up.
#include <vector>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct CatParams {
    int64_t dim = 0;  // torch's default
};

// Throws cs::Error for an empty list, ranks that differ, a dim outside the rank, or an extent
// other than along dim that differs (naming the input and the dimension).
ShapeInfo cat_output_shape(const std::vector<Shape>& inputs, const CatParams& p);
Tensor cat_forward(const std::vector<Tensor>& inputs, const CatParams& p);
// One tap: the input the output element comes from (Tap::operand) and its element there.
Step cat_trace(const std::vector<Tensor>& inputs, const CatParams& p, const Index4& at);
// grad_output cut back into one gradient per input, in order.
std::vector<Tensor> cat_backward(const std::vector<Shape>& inputs, const Tensor& grad_output,
                                 const CatParams& p);

}  // namespace cs
