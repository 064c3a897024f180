#pragma once
// The pooling backward lesson: an upstream gradient flows back through max or average pooling
// (max routes it to the argmax only, average spreads it evenly), and the translation demo:
// shift the input by one pixel and see which pooled outputs stay the same. All values come
// from the engine's pooling forward, backward and backward-routing functions.
#include <vector>

#include "engine/op_call.hpp"
#include "engine/ops/pool_common.hpp"

namespace cs::core {

struct PoolBackwardResult {
    Tensor output;                  // pooled input
    Tensor grad_output;             // the upstream gradient (output-shaped)
    Tensor grad_input;              // where it arrives (input-shaped)
    std::vector<GradTrace> routes;  // per input cell (row-major, plane n = 0, c = 0)
    Tensor shifted_input;           // the input moved one pixel right (left column repeated)
    Tensor shifted_output;          // its pooling
    std::vector<char> unchanged;    // per output cell: the same value after the shift
};

// max_pool2d and avg_pool2d (pooling with one window per output, by max or by mean).
bool shows_pool_backward(const std::string& op);

// `call`: a max_pool2d or avg_pool2d lesson on a [1, C, H, W] matrix. `grad_output` empty:
// 1, 2, 3, … over the output cells, so each cell's path can be told apart.
PoolBackwardResult pool_backward(const OpCall& call, Tensor grad_output = Tensor());

// Input cells (row-major) that receive gradient from output cell `output_index`.
std::vector<char> cells_fed_by(const PoolBackwardResult& result, int64_t output_index);

}  // namespace cs::core
