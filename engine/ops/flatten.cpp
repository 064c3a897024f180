#include "engine/ops/flatten.hpp"

#include <algorithm>

#include "engine/error.hpp"

namespace cs {

int64_t wrap_dim(int64_t dim, int64_t rank, const std::string& op, const std::string& what) {
    const int64_t r = std::max<int64_t>(rank, 1);  // a 0-d tensor accepts dims −1 and 0
    require(dim >= -r && dim < r, op + ": " + what + " " + std::to_string(dim) +
                                      " is out of range for a " + std::to_string(rank) +
                                      "-D input; use " + std::to_string(-r) + " … " +
                                      std::to_string(r - 1) + " (negative counts from the end)");
    return dim < 0 ? dim + r : dim;
}

int64_t element_offset(const Shape& shape, const Index4& at, const std::string& op) {
    require(
        !shape.empty() && shape.size() <= 4,
        op + ": steps are defined for tensors of 1 to 4 dimensions, got " + shape_string(shape));
    int64_t offset = 0;
    for (size_t d = 0; d < 4; ++d) {
        const int64_t extent = d < shape.size() ? shape[d] : 1;
        require(at[d] >= 0 && at[d] < extent,
                op + ": element (" + std::to_string(at[0]) + ", " + std::to_string(at[1]) + ", " +
                    std::to_string(at[2]) + ", " + std::to_string(at[3]) + ") is outside " +
                    shape_string(shape));
        offset = offset * extent + at[d];
    }
    return offset;
}

Index4 element_at(const Shape& shape, int64_t offset) {
    Index4 at{0, 0, 0, 0};
    for (size_t d = std::min<size_t>(shape.size(), 4); d-- > 0;) {
        at[d] = offset % shape[d];
        offset /= shape[d];
    }
    return at;
}

namespace {

struct Range {
    int64_t start = 0, end = 0;  // inclusive, wrapped
};

Range flatten_range(const Shape& input, const FlattenParams& p) {
    const int64_t rank = static_cast<int64_t>(input.size());
    Range r{wrap_dim(p.start_dim, rank, "flatten", "start_dim"),
            wrap_dim(p.end_dim, rank, "flatten", "end_dim")};
    require(r.start <= r.end, "flatten: start_dim (" + std::to_string(p.start_dim) +
                                  ") cannot come after end_dim (" + std::to_string(p.end_dim) +
                                  ") for input " + shape_string(input));
    return r;
}

}  // namespace

ShapeInfo flatten_output_shape(const Shape& input, const FlattenParams& p) {
    ShapeInfo info;
    if (input.empty()) {  // a 0-d tensor becomes a 1-element vector, as in torch
        flatten_range(input, p);
        info.shape = {1};
        info.formulas = {"[] → [1]"};
        return info;
    }
    const Range r = flatten_range(input, p);
    std::string merged;
    int64_t product = 1;
    for (int64_t d = r.start; d <= r.end; ++d) {
        product *= input[static_cast<size_t>(d)];
        merged += (merged.empty() ? "" : "·") + std::to_string(input[static_cast<size_t>(d)]);
    }
    std::string before = "[", after = "[";
    for (size_t d = 0; d < input.size(); ++d) {
        const auto di = static_cast<int64_t>(d);
        if (di < r.start || di > r.end) {
            info.shape.push_back(input[d]);
        } else if (di == r.start) {
            info.shape.push_back(product);
        }
        if (di <= r.start || di > r.end) {
            const std::string part = di == r.start ? merged : std::to_string(input[d]);
            before += (before.size() > 1 ? ", " : "") + part;
        }
    }
    for (int64_t v : info.shape) {
        after += (after.size() > 1 ? ", " : "") + std::to_string(v);
    }
    info.formulas = {shape_string(input) + " → " + before + "] = " + after + "]"};
    return info;
}

Tensor flatten_forward(const Tensor& input, const FlattenParams& p) {
    return input.reshaped(flatten_output_shape(input.shape(), p).shape);
}

Step flatten_trace(const Tensor& input, const FlattenParams& p, const Index4& at) {
    const Shape out = flatten_output_shape(input.shape(), p).shape;
    const int64_t offset = element_offset(out, at, "flatten trace");
    Step step;
    step.op = "flatten";
    step.at = at;
    Tap tap;
    tap.input = element_at(input.shape(), offset);  // same row-major offset, other shape
    tap.value = input.data()[offset];
    tap.kernel = {0, 0, 0};
    step.taps.push_back(tap);
    step.sum = tap.value;
    step.output = tap.value;
    return step;
}

Tensor flatten_backward(const Tensor& grad_output, const Shape& input_shape) {
    require(grad_output.numel() == shape_numel(input_shape),
            "flatten backward: grad_output " + shape_string(grad_output.shape()) +
                " does not have the element count of the input " + shape_string(input_shape));
    return grad_output.reshaped(input_shape);
}

}  // namespace cs
