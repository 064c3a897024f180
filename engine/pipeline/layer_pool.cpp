// The pool family for the pipeline (see layer_ops.hpp).
#include "engine/error.hpp"
#include "engine/ops/register_pool.hpp"
#include "engine/pipeline/layer_ops.hpp"

namespace cs::pipeline::detail {

bool is_pool_op(const std::string& op) {
    return op == "max_pool2d" || op == "avg_pool2d" || op == "lp_pool2d";
}

ShapeInfo pool_output_shape(const OpCall& call, const Shape& input) {
    if (call.op == "max_pool2d") {
        return max_pool2d_output_shape(input, max_pool2d_params(call));
    }
    if (call.op == "avg_pool2d") {
        return avg_pool2d_output_shape(input, avg_pool2d_params(call));
    }
    return lp_pool2d_output_shape(input, lp_pool2d_params(call));
}

LocalGeometry pool_geometry(const OpCall& call) {
    LocalGeometry g;
    if (call.op == "max_pool2d") {
        const MaxPool2dParams p = max_pool2d_params(call);
        const Pair s = p.stride.value_or(p.kernel_size);
        g.h = {p.dilation.h * (p.kernel_size.h - 1) + 1, s.h, p.padding.h, p.padding.h};
        g.w = {p.dilation.w * (p.kernel_size.w - 1) + 1, s.w, p.padding.w, p.padding.w};
        g.bandable = p.padding.h == 0 && !p.ceil_mode;
    } else if (call.op == "avg_pool2d") {
        const AvgPool2dParams p = avg_pool2d_params(call);
        const Pair s = p.stride.value_or(p.kernel_size);
        g.h = {p.kernel_size.h, s.h, p.padding.h, p.padding.h};
        g.w = {p.kernel_size.w, s.w, p.padding.w, p.padding.w};
        g.bandable = p.padding.h == 0 && !p.ceil_mode;
    } else {
        const LpPool2dParams p = lp_pool2d_params(call);
        const Pair s = p.stride.value_or(p.kernel_size);
        g.h = {p.kernel_size.h, s.h, 0, 0};
        g.w = {p.kernel_size.w, s.w, 0, 0};
        g.bandable = !p.ceil_mode;
    }
    return g;
}

Tensor pool_forward(const OpCall& call, const Tensor& input) {
    if (call.op == "max_pool2d") {
        return max_pool2d_values(input, max_pool2d_params(call));  // no indices needed
    }
    if (call.op == "avg_pool2d") {
        return avg_pool2d_forward(input, avg_pool2d_params(call));
    }
    return lp_pool2d_forward(input, lp_pool2d_params(call));
}

}  // namespace cs::pipeline::detail
