#include "engine/ops/add.hpp"

#include <algorithm>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/broadcast.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr int64_t kGrain = 16384;

AddParams add_params(const OpCall& call) {
    return {.alpha = param_number(call.params, call.op, "alpha", 1.0)};
}

const Tensor& other_of(const OpCall& call) {
    const Tensor& other = call.tensor("other");
    require(other.dim() > 0, "add: \"other\", the tensor added to the input, is required");
    return other;
}

// Sums `grad` (shape out) down to `operand`'s shape, scaled by `scale`.
Tensor reduce_to(const Shape& operand, const Shape& out, const Tensor& grad, float scale) {
    if (scale == 1.0f) {
        return sum_to_shape(operand, out, grad);  // free when shared (as Graph::backward does)
    }
    Tensor result = sum_to_shape(operand, out, grad);  // written: its own values
    float* r = result.data();
    parallel_for(
        0, result.numel(),
        [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                r[i] *= scale;
            }
        },
        kGrain);
    return result;
}

}  // namespace

ShapeInfo add_output_shape(const Shape& input, const Shape& other) {
    return broadcast_shape_info(input, other, "add", "+");
}

Tensor add_forward(const Tensor& input, const Tensor& other, const AddParams& p) {
    const Shape out_shape = add_output_shape(input.shape(), other.shape()).shape;
    require_tensor_size(out_shape, "the sum");
    Tensor out = Tensor::uninitialized(out_shape);
    const float alpha = static_cast<float>(p.alpha);
    const float* a = input.data();
    const float* b = other.data();
    float* y = out.data();
    if (input.shape() == other.shape()) {
        parallel_for(
            0, out.numel(),
            [&](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i) {
                    y[i] = a[i] + alpha * b[i];
                }
            },
            kGrain);
        return out;
    }
    const std::vector<int64_t> sa = broadcast_strides(input.shape(), out_shape);
    const std::vector<int64_t> sb = broadcast_strides(other.shape(), out_shape);
    parallel_for(
        0, out.numel(),
        [&](int64_t begin, int64_t end) {
            for_each_broadcast(
                out_shape, sa, sb, begin, end,
                [&](int64_t i, int64_t ia, int64_t ib) { y[i] = a[ia] + alpha * b[ib]; });
        },
        kGrain);
    return out;
}

Step add_trace(const Tensor& input, const Tensor& other, const AddParams& p, const Index4& at) {
    const Shape out = add_output_shape(input.shape(), other.shape()).shape;
    element_offset(out, at, "add");  // checks that `at` is inside the output
    Step step;
    double sum = 0.0;
    for (int64_t operand = 0; operand < 2; ++operand) {
        const Tensor& t = operand == 0 ? input : other;
        Tap tap;
        tap.operand = operand;
        tap.input = broadcast_operand_index(t.shape(), out, at);
        tap.value = t.data()[element_offset(t.shape(), *tap.input, "add")];
        tap.weight = operand == 0 ? 1.0f : static_cast<float>(p.alpha);
        tap.product = tap.value * *tap.weight;
        tap.kernel = {operand, 0, 0};
        sum += *tap.product;
        step.taps.push_back(tap);
    }
    step.sum = sum;
    step.output = step.taps[0].value + static_cast<float>(p.alpha) * step.taps[1].value;
    return step;
}

AddGrads add_backward(const Shape& input, const Shape& other, const Tensor& grad_output,
                      const AddParams& p) {
    const Shape out = add_output_shape(input, other).shape;
    require(grad_output.shape() == out, "add backward: grad_output " +
                                            shape_string(grad_output.shape()) +
                                            " must have the output's shape " + shape_string(out));
    return {reduce_to(input, out, grad_output, 1.0f),
            reduce_to(other, out, grad_output, static_cast<float>(p.alpha))};
}

void register_add(OpTable& table) {
    OpHandler handler{[](const OpCall& call) {
                          return add_output_shape(call.input.shape(), other_of(call).shape());
                      },
                      [](const OpCall& call) {
                          return OpResult{add_forward(call.input, other_of(call), add_params(call)),
                                          std::nullopt};
                      },
                      [](const OpCall& call, const Index4& at, const std::string& view) {
                          require(view.empty() || view == "direct", "add has only the direct view");
                          return add_trace(call.input, other_of(call), add_params(call), at);
                      }};
    handler.tensor_args = {"other"};
    handler.operand_args = {"other"};
    handler.backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        AddGrads g =
            add_backward(call.input.shape(), other_of(call).shape(), grad, add_params(call));
        return OpGrads{{std::move(g.input), std::move(g.other)}, {}};
    };
    handler.family = OpFamily::join;
    handler.torch_function = "torch.add";
    handler.params = {{.name = "alpha",
                       .kind = ParamKind::number,
                       .fallback = 1,
                       .low = -10,
                       .high = 10,
                       .meaning = "What the second input is multiplied by."}};
    table["add"] = std::move(handler);
}

}  // namespace cs
