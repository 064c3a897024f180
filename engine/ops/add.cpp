#include "engine/ops/add.hpp"

#include <algorithm>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr int64_t kGrain = 16384;

// Row-major strides of `operand` seen from an output of rank `rank`: 0 along the dimensions
// it broadcasts (extent 1, or missing on the left).
std::vector<int64_t> broadcast_strides(const Shape& operand, const Shape& out) {
    std::vector<int64_t> strides(out.size(), 0);
    int64_t stride = 1;
    for (size_t k = 0; k < operand.size(); ++k) {
        const size_t d_op = operand.size() - 1 - k;
        const size_t d_out = out.size() - 1 - k;
        strides[d_out] = operand[d_op] == 1 && out[d_out] != 1 ? 0 : stride;
        stride *= operand[d_op];
    }
    return strides;
}

// Offsets into each operand for every output element, in row-major output order, walked with
// a carried multi-index (no division per element).
template <typename F>
void for_each_broadcast(const Shape& out, const std::vector<int64_t>& sa,
                        const std::vector<int64_t>& sb, int64_t begin, int64_t end, F&& f) {
    const size_t rank = out.size();
    std::vector<int64_t> index(rank, 0);
    int64_t rest = begin;
    int64_t a = 0, b = 0;
    for (size_t d = rank; d-- > 0;) {
        index[d] = rest % out[d];
        rest /= out[d];
        a += index[d] * sa[d];
        b += index[d] * sb[d];
    }
    for (int64_t i = begin; i < end; ++i) {
        f(i, a, b);
        for (size_t d = rank; d-- > 0;) {
            if (++index[d] < out[d]) {
                a += sa[d];
                b += sb[d];
                break;
            }
            a -= (out[d] - 1) * sa[d];
            b -= (out[d] - 1) * sb[d];
            index[d] = 0;
        }
    }
}

AddParams add_params(const OpCall& call) {
    return {.alpha = param_number(call.params, call.op, "alpha", 1.0)};
}

const Tensor& other_of(const OpCall& call) {
    const Tensor& other = call.tensor("other");
    require(other.dim() > 0, "add: \"other\", the tensor added to the input, is required");
    return other;
}

// The operand's own index of output element `at` (padded to 4 entries).
Index4 operand_index(const Shape& operand, const Shape& out, const Index4& at) {
    Index4 index{0, 0, 0, 0};
    const size_t shift = out.size() - operand.size();
    for (size_t d = 0; d < operand.size(); ++d) {
        index[d] = operand[d] == 1 ? 0 : at[d + shift];
    }
    return index;
}

// Sums `grad` (shape out) down to `operand`'s shape, scaled by `scale`.
Tensor reduce_to(const Shape& operand, const Shape& out, const Tensor& grad, float scale) {
    if (operand == out && scale == 1.0f) {
        return grad;  // g · 1 is g: a copy, free when grad is shared (as Graph::backward does)
    }
    if (operand == out) {
        Tensor result = Tensor::uninitialized(operand);
        const float* g = grad.data();
        float* r = result.data();
        parallel_for(
            0, grad.numel(),
            [&](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i) {
                    r[i] = g[i] * scale;
                }
            },
            kGrain);
        return result;
    }
    Tensor result(operand, 0.0f);
    const std::vector<int64_t> so = broadcast_strides(operand, out);
    const std::vector<int64_t> none(out.size(), 0);
    const float* g = grad.data();
    float* r = result.data();
    for_each_broadcast(out, so, none, 0, grad.numel(),
                       [&](int64_t i, int64_t o, int64_t) { r[o] += g[i] * scale; });
    return result;
}

}  // namespace

ShapeInfo add_output_shape(const Shape& input, const Shape& other) {
    const size_t rank = std::max(input.size(), other.size());
    Shape out(rank, 1);
    for (size_t k = 0; k < rank; ++k) {
        const int64_t a = k < input.size() ? input[input.size() - 1 - k] : 1;
        const int64_t b = k < other.size() ? other[other.size() - 1 - k] : 1;
        const size_t d = rank - 1 - k;
        require(a == b || a == 1 || b == 1,
                "add: the size of input (" + std::to_string(a) +
                    ") must match the size of other (" + std::to_string(b) + ") at dimension " +
                    std::to_string(d) + ", or one of them must be 1; input " + shape_string(input) +
                    ", other " + shape_string(other));
        out[d] = a == 1 ? b : a;
    }
    std::string formula =
        shape_string(input) + " + " + shape_string(other) + " → " + shape_string(out);
    if (input != other) {
        formula += " (an extent of 1 repeats)";
    }
    return {out, {formula}};
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
        tap.input = operand_index(t.shape(), out, at);
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
