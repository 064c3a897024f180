#include "engine/ops/mul.hpp"

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/broadcast.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr int64_t kGrain = 16384;

const Tensor& other_of(const OpCall& call) {
    const Tensor& other = call.tensor("other");
    require(other.dim() > 0, "mul: \"other\", the tensor the input is multiplied by, is required");
    return other;
}

// out[i] = a[ia] · b[ib] over the broadcast output, in parallel.
Tensor broadcast_product(const Tensor& a, const Tensor& b, const Shape& out_shape) {
    Tensor out = Tensor::uninitialized(out_shape);
    const float* x = a.data();
    const float* y = b.data();
    float* z = out.data();
    const std::vector<int64_t> sa = broadcast_strides(a.shape(), out_shape);
    const std::vector<int64_t> sb = broadcast_strides(b.shape(), out_shape);
    parallel_for(
        0, out.numel(),
        [&](int64_t begin, int64_t end) {
            for_each_broadcast(out_shape, sa, sb, begin, end,
                               [&](int64_t i, int64_t ia, int64_t ib) { z[i] = x[ia] * y[ib]; });
        },
        kGrain);
    return out;
}

}  // namespace

ShapeInfo mul_output_shape(const Shape& input, const Shape& other) {
    return broadcast_shape_info(input, other, "mul", "·");
}

Tensor mul_forward(const Tensor& input, const Tensor& other) {
    const Shape out_shape = mul_output_shape(input.shape(), other.shape()).shape;
    require_tensor_size(out_shape, "the product");
    return broadcast_product(input, other, out_shape);
}

Step mul_trace(const Tensor& input, const Tensor& other, const Index4& at) {
    const Shape out = mul_output_shape(input.shape(), other.shape()).shape;
    element_offset(out, at, "mul");  // checks that `at` is inside the output
    Step step;
    for (int64_t operand = 0; operand < 2; ++operand) {
        const Tensor& t = operand == 0 ? input : other;
        Tap tap;
        tap.operand = operand;
        tap.input = broadcast_operand_index(t.shape(), out, at);
        tap.value = t.data()[element_offset(t.shape(), *tap.input, "mul")];
        tap.kernel = {operand, 0, 0};
        step.taps.push_back(tap);
    }
    step.output = step.taps[0].value * step.taps[1].value;
    step.sum = step.output;
    return step;
}

MulGrads mul_backward(const Tensor& input, const Tensor& other, const Tensor& grad_output) {
    const Shape out = mul_output_shape(input.shape(), other.shape()).shape;
    require(grad_output.shape() == out, "mul backward: grad_output " +
                                            shape_string(grad_output.shape()) +
                                            " must have the output's shape " + shape_string(out));
    return {sum_to_shape(input.shape(), out, broadcast_product(grad_output, other, out)),
            sum_to_shape(other.shape(), out, broadcast_product(grad_output, input, out))};
}

void register_mul(OpTable& table) {
    OpHandler handler{[](const OpCall& call) {
                          return mul_output_shape(call.input.shape(), other_of(call).shape());
                      },
                      [](const OpCall& call) {
                          return OpResult{mul_forward(call.input, other_of(call)), std::nullopt};
                      },
                      [](const OpCall& call, const Index4& at, const std::string& view) {
                          require(view.empty() || view == "direct", "mul has only the direct view");
                          return mul_trace(call.input, other_of(call), at);
                      }};
    handler.tensor_args = {"other"};
    handler.operand_args = {"other"};
    handler.backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        MulGrads g = mul_backward(call.input, other_of(call), grad);
        return OpGrads{{std::move(g.input), std::move(g.other)}, {}};
    };
    handler.family = OpFamily::join;
    handler.torch_function = "torch.mul";
    table["mul"] = std::move(handler);
}

}  // namespace cs
