#include "app/core/pool_backward.hpp"

#include "engine/error.hpp"
#include "engine/ops/register_pool.hpp"

namespace cs::core {
namespace {

Tensor shifted_right(const Tensor& x) {
    Tensor out = x;
    const int64_t rows = x.size(2);
    const int64_t cols = x.size(3);
    for (int64_t c = 0; c < x.size(1); ++c) {
        for (int64_t r = 0; r < rows; ++r) {
            for (int64_t q = cols - 1; q >= 1; --q) {
                out(0, c, r, q) = x(0, c, r, q - 1);
            }
        }
    }
    return out;
}

}  // namespace

bool shows_pool_backward(const std::string& op) {
    const OpHandler& h = op_handler(op);
    return h.family == OpFamily::pooling && h.window &&
           (h.reduce == WindowReduce::max || h.reduce == WindowReduce::mean);
}

PoolBackwardResult pool_backward(const OpCall& call, Tensor grad_output) {
    require(shows_pool_backward(call.op),
            "the backward lesson shows max_pool2d or avg_pool2d, not " + call.op);
    require(call.input.dim() == 4, "the backward lesson needs a [N, C, H, W] input");
    PoolBackwardResult r;
    const OpResult forward = evaluate(call);
    r.output = forward.output;
    if (grad_output.empty()) {
        grad_output = Tensor(r.output.shape());
        for (int64_t i = 0; i < grad_output.numel(); ++i) {
            grad_output.data()[i] = static_cast<float>(i + 1);
        }
    }
    require(grad_output.shape() == r.output.shape(),
            "the upstream gradient must have the output's shape " + shape_string(r.output.shape()));
    r.grad_output = grad_output;
    r.grad_input = backward(call, forward, grad_output).operands.at(0);
    const bool max = op_handler(call.op).reduce == WindowReduce::max;
    for (int64_t y = 0; y < call.input.size(2); ++y) {
        for (int64_t x = 0; x < call.input.size(3); ++x) {
            r.routes.push_back(max ? max_pool2d_backward_trace(call.input, max_pool2d_params(call),
                                                               grad_output, {0, 0, y, x})
                                   : avg_pool2d_backward_trace(call.input.shape(),
                                                               avg_pool2d_params(call), grad_output,
                                                               {0, 0, y, x}));
        }
    }
    OpCall shifted = call;
    shifted.input = shifted_right(call.input);
    r.shifted_input = shifted.input;
    r.shifted_output = evaluate(shifted).output;
    const int64_t plane = r.output.size(2) * r.output.size(3);
    for (int64_t i = 0; i < plane; ++i) {
        r.unchanged.push_back(r.output.data()[i] == r.shifted_output.data()[i] ? 1 : 0);
    }
    return r;
}

std::vector<char> cells_fed_by(const PoolBackwardResult& result, int64_t output_index) {
    const int64_t cols = result.output.size(3);
    std::vector<char> fed(result.routes.size(), 0);
    for (size_t i = 0; i < result.routes.size(); ++i) {
        for (const GradRoute& route : result.routes[i].routes) {
            if (route.output[2] * cols + route.output[3] == output_index && route.factor != 0.0) {
                fed[i] = 1;
            }
        }
    }
    return fed;
}

}  // namespace cs::core
