#include "engine/ops/cat.hpp"

#include <cstring>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/flatten.hpp"

namespace cs {
namespace {

std::vector<Shape> shapes_of(const std::vector<Tensor>& tensors) {
    std::vector<Shape> shapes;
    shapes.reserve(tensors.size());
    for (const Tensor& t : tensors) {
        shapes.push_back(t.shape());
    }
    return shapes;
}

// The tensors seen as (outer, extent along dim, inner) blocks.
struct Layout {
    int64_t dim = 0;
    int64_t outer = 1;
    int64_t inner = 1;
};

Layout layout_of(const Shape& shape, int64_t dim) {
    Layout l;
    l.dim = dim;
    for (int64_t d = 0; d < dim; ++d) {
        l.outer *= shape[d];
    }
    for (size_t d = dim + 1; d < shape.size(); ++d) {
        l.inner *= shape[d];
    }
    return l;
}

CatParams cat_params(const OpCall& call) {
    return {.dim = param_int(call.params, call.op, "dim", 0)};
}

}  // namespace

ShapeInfo cat_output_shape(const std::vector<Shape>& inputs, const CatParams& p) {
    require(!inputs.empty(), "cat: needs at least one tensor to join");
    const Shape& first = inputs.front();
    require(!first.empty(), "cat: zero-dimensional tensors cannot be joined");
    const int64_t rank = static_cast<int64_t>(first.size());
    const int64_t dim = wrap_dim(p.dim, rank, "cat", "dim");
    Shape out = first;
    std::string sum = std::to_string(first[dim]);
    for (size_t i = 1; i < inputs.size(); ++i) {
        const Shape& s = inputs[i];
        require(static_cast<int64_t>(s.size()) == rank,
                "cat: every tensor must have the same number of dimensions; tensor 0 is " +
                    shape_string(first) + " but tensor " + std::to_string(i) + " is " +
                    shape_string(s));
        for (int64_t d = 0; d < rank; ++d) {
            require(d == dim || s[d] == first[d],
                    "cat: sizes must match except along dim " + std::to_string(dim) + ": tensor " +
                        std::to_string(i) + " " + shape_string(s) + " differs from tensor 0 " +
                        shape_string(first) + " at dimension " + std::to_string(d));
        }
        out[dim] += s[dim];
        sum += " + " + std::to_string(s[dim]);
    }
    return {out,
            {"along dim " + std::to_string(dim) + ": " + sum + " = " + std::to_string(out[dim])}};
}

Tensor cat_forward(const std::vector<Tensor>& inputs, const CatParams& p) {
    const Shape out_shape = cat_output_shape(shapes_of(inputs), p).shape;
    require_tensor_size(out_shape, "the joined tensor");
    Tensor out = Tensor::uninitialized(out_shape);
    const int64_t dim = wrap_dim(p.dim, static_cast<int64_t>(out_shape.size()), "cat", "dim");
    const Layout lo = layout_of(out_shape, dim);
    const int64_t out_row = out_shape[dim] * lo.inner;
    int64_t start = 0;  // where the current input begins along dim, times inner
    for (const Tensor& t : inputs) {
        const int64_t row = t.shape()[dim] * lo.inner;
        const float* src = t.data();
        float* dst = out.data() + start;
        for (int64_t o = 0; o < lo.outer; ++o) {
            std::memcpy(dst + o * out_row, src + o * row, sizeof(float) * static_cast<size_t>(row));
        }
        start += row;
    }
    return out;
}

Step cat_trace(const std::vector<Tensor>& inputs, const CatParams& p, const Index4& at) {
    const Shape out = cat_output_shape(shapes_of(inputs), p).shape;
    element_offset(out, at, "cat");
    const int64_t dim = wrap_dim(p.dim, static_cast<int64_t>(out.size()), "cat", "dim");
    require(dim < 4, "cat: steps are defined along the first 4 dimensions");
    int64_t along = at[dim];
    size_t which = 0;
    while (along >= inputs[which].shape()[dim]) {
        along -= inputs[which].shape()[dim];
        ++which;
    }
    Tap tap;
    tap.operand = static_cast<int64_t>(which);
    Index4 source = at;
    source[dim] = along;
    tap.input = source;
    tap.kernel = {static_cast<int64_t>(which), 0, 0};
    tap.value = inputs[which].data()[element_offset(inputs[which].shape(), source, "cat")];
    Step step;
    step.taps.push_back(tap);
    step.sum = tap.value;
    step.output = tap.value;
    return step;
}

std::vector<Tensor> cat_backward(const std::vector<Shape>& inputs, const Tensor& grad_output,
                                 const CatParams& p) {
    const Shape out = cat_output_shape(inputs, p).shape;
    require(grad_output.shape() == out, "cat backward: grad_output " +
                                            shape_string(grad_output.shape()) +
                                            " must have the output's shape " + shape_string(out));
    const int64_t dim = wrap_dim(p.dim, static_cast<int64_t>(out.size()), "cat", "dim");
    const Layout lo = layout_of(out, dim);
    const int64_t out_row = out[dim] * lo.inner;
    std::vector<Tensor> grads;
    int64_t start = 0;
    for (const Shape& s : inputs) {
        Tensor g = Tensor::uninitialized(s);
        const int64_t row = s[dim] * lo.inner;
        for (int64_t o = 0; o < lo.outer; ++o) {
            std::memcpy(g.data() + o * row, grad_output.data() + o * out_row + start,
                        sizeof(float) * static_cast<size_t>(row));
        }
        start += row;
        grads.push_back(std::move(g));
    }
    return grads;
}

void register_cat(OpTable& table) {
    OpHandler handler{[](const OpCall& call) {
                          return cat_output_shape(shapes_of(call.inputs), cat_params(call));
                      },
                      [](const OpCall& call) {
                          return OpResult{cat_forward(call.inputs, cat_params(call)), std::nullopt};
                      },
                      [](const OpCall& call, const Index4& at, const std::string& view) {
                          require(view.empty() || view == "direct", "cat has only the direct view");
                          return cat_trace(call.inputs, cat_params(call), at);
                      }};
    handler.takes_input_list = true;
    handler.backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        return OpGrads{cat_backward(shapes_of(call.inputs), grad, cat_params(call)), {}};
    };
    handler.family = OpFamily::join;
    handler.torch_function = "torch.cat";
    handler.params = {{.name = "dim",
                       .kind = ParamKind::whole,
                       .fallback = 0,
                       .start = 1,
                       .low = -4,
                       .high = 3,
                       .meaning = "The dimension the inputs are stacked along (1: channels)."}};
    table["cat"] = std::move(handler);
}

}  // namespace cs
