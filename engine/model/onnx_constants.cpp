#include "engine/model/onnx_constants.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/error.hpp"
#include "engine/ops/broadcast.hpp"

namespace cs::onnx_import {

using Node = onnx::NodeProto;

const onnx::AttributeProto* attribute(const Node& node, const std::string& name) {
    for (const auto& a : node.attribute()) {
        if (a.name() == name) {
            return &a;
        }
    }
    return nullptr;
}

int64_t int_attribute(const Node& node, const std::string& name, int64_t fallback) {
    const auto* a = attribute(node, name);
    return a != nullptr ? a->i() : fallback;
}

double float_attribute(const Node& node, const std::string& name, double fallback) {
    const auto* a = attribute(node, name);
    return a != nullptr ? static_cast<double>(a->f()) : fallback;
}

std::vector<int64_t> ints_attribute(const Node& node, const std::string& name,
                                    std::vector<int64_t> fallback) {
    const auto* a = attribute(node, name);
    return a != nullptr ? std::vector<int64_t>(a->ints().begin(), a->ints().end()) : fallback;
}

std::string string_attribute(const Node& node, const std::string& name,
                             const std::string& fallback) {
    const auto* a = attribute(node, name);
    return a != nullptr ? a->s() : fallback;
}

namespace {

template <typename T>
std::vector<double> raw_values(const std::string& raw, size_t count) {
    require(raw.size() == count * sizeof(T), "its raw data has the wrong length");
    if (count == 0) {
        return {};  // an empty tensor (Resize's unused roi): nothing to copy, no buffer to copy to
    }
    std::vector<T> values(count);
    std::memcpy(values.data(), raw.data(), raw.size());  // ONNX stores little-endian
    return {values.begin(), values.end()};
}

template <typename Field>
std::vector<double> field_values(const Field& field) {
    return {field.begin(), field.end()};
}

int64_t checked_numel(const Shape& shape, int64_t limit = max_stored_values) {
    int64_t count = 1;
    for (int64_t d : shape) {
        require(d >= 0 && d <= limit && count * std::max<int64_t>(d, 1) <= limit,
                "its shape " + shape_string(shape) + " holds more than " + std::to_string(limit) +
                    " values");
        count *= d;
    }
    return count;
}

// Row-major strides of `shape`.
std::vector<int64_t> strides_of(const Shape& shape) {
    std::vector<int64_t> strides(shape.size(), 1);
    for (size_t d = shape.size(); d-- > 1;) {
        strides[d - 1] = strides[d] * shape[d];
    }
    return strides;
}

// The multi-index of flat position i in `shape`.
std::vector<int64_t> unravel(int64_t i, const Shape& shape) {
    std::vector<int64_t> index(shape.size(), 0);
    for (size_t d = shape.size(); d-- > 0;) {
        index[d] = i % shape[d];
        i /= shape[d];
    }
    return index;
}

// An axis counted from the end when negative, checked against `rank`.
int64_t axis_in(int64_t axis, int64_t rank, const Node& node) {
    const int64_t a = axis < 0 ? axis + rank : axis;
    require(a >= 0 && a < rank, node.op_type() + ": axis " + std::to_string(axis) +
                                    " is outside a value of " + std::to_string(rank) +
                                    " dimensions");
    return a;
}

std::vector<int64_t> whole_numbers(const Constant& c) {
    std::vector<int64_t> out;
    for (double v : c.values) {
        out.push_back(whole_number(v));
    }
    return out;
}

const Constant& needed(const std::vector<const Constant*>& inputs, size_t k, const Node& node) {
    require(k < inputs.size() && inputs[k] != nullptr,
            node.op_type() + ": input " + std::to_string(k + 1) + " is missing");
    require(inputs[k]->exact(), node.op_type() + ": a stored tensor of " +
                                    std::to_string(inputs[k]->numel()) +
                                    " values is too large to work out at import");
    return *inputs[k];
}

// Axes as an attribute (older opsets) or as input 1.
std::vector<int64_t> axes_of(const Node& node, const std::vector<const Constant*>& inputs,
                             int64_t opset) {
    if (opset >= 13 && inputs.size() > 1 && inputs[1] != nullptr) {
        return whole_numbers(*inputs[1]);
    }
    return ints_attribute(node, "axes", {});
}

Constant gather(const Node& node, const Constant& data, const Constant& indices) {
    const int64_t rank = static_cast<int64_t>(data.shape.size());
    require(rank > 0, "Gather: the data has no dimensions");
    const int64_t axis = axis_in(int_attribute(node, "axis", 0), rank, node);
    Constant out;
    out.shape.assign(data.shape.begin(), data.shape.begin() + axis);
    out.shape.insert(out.shape.end(), indices.shape.begin(), indices.shape.end());
    out.shape.insert(out.shape.end(), data.shape.begin() + axis + 1, data.shape.end());
    const int64_t outer = shape_numel(Shape(data.shape.begin(), data.shape.begin() + axis));
    const int64_t inner = shape_numel(Shape(data.shape.begin() + axis + 1, data.shape.end()));
    const int64_t extent = data.shape[static_cast<size_t>(axis)];
    for (int64_t o = 0; o < outer; ++o) {
        for (int64_t index : whole_numbers(indices)) {
            const int64_t at = index < 0 ? index + extent : index;
            require(at >= 0 && at < extent, "Gather: index " + std::to_string(index) +
                                                " is outside " + std::to_string(extent));
            const auto first = data.values.begin() + (o * extent + at) * inner;
            out.values.insert(out.values.end(), first, first + inner);
        }
    }
    return out;
}

Constant unsqueeze(const Constant& data, std::vector<int64_t> axes, const Node& node) {
    const int64_t rank = static_cast<int64_t>(data.shape.size() + axes.size());
    for (int64_t& a : axes) {
        a = axis_in(a, rank, node);
    }
    std::sort(axes.begin(), axes.end());
    Constant out = data;
    for (int64_t a : axes) {
        out.shape.insert(out.shape.begin() + a, 1);
    }
    return out;
}

Constant squeeze(const Constant& data, std::vector<int64_t> axes, const Node& node) {
    const int64_t rank = static_cast<int64_t>(data.shape.size());
    Constant out;
    out.values = data.values;
    for (int64_t& a : axes) {
        a = axis_in(a, rank, node);
    }
    for (int64_t d = 0; d < rank; ++d) {
        const bool chosen = axes.empty() ? data.shape[static_cast<size_t>(d)] == 1
                                         : std::count(axes.begin(), axes.end(), d) > 0;
        if (!chosen) {
            out.shape.push_back(data.shape[static_cast<size_t>(d)]);
        }
    }
    return out;
}

Constant concat(const Node& node, const std::vector<const Constant*>& inputs) {
    require(!inputs.empty() && inputs[0] != nullptr, "Concat: no inputs");
    const Shape& first = inputs[0]->shape;
    const int64_t axis =
        axis_in(int_attribute(node, "axis", 0), static_cast<int64_t>(first.size()), node);
    Constant out;
    out.shape = first;
    out.shape[static_cast<size_t>(axis)] = 0;
    const int64_t outer = shape_numel(Shape(first.begin(), first.begin() + axis));
    for (const Constant* c : inputs) {
        require(c != nullptr && c->shape.size() == first.size(), "Concat: ranks differ");
        out.shape[static_cast<size_t>(axis)] += c->shape[static_cast<size_t>(axis)];
    }
    for (int64_t o = 0; o < outer; ++o) {
        for (const Constant* c : inputs) {
            const int64_t block = c->numel() / std::max<int64_t>(outer, 1);
            const auto from = c->values.begin() + o * block;
            out.values.insert(out.values.end(), from, from + block);
        }
    }
    require(static_cast<int64_t>(out.values.size()) == shape_numel(out.shape),
            "Concat: the sizes outside the axis differ");
    return out;
}

Constant reshape(const Constant& data, const Constant& target) {
    Shape shape;
    int64_t known = 1;
    int64_t open = -1;
    const std::vector<int64_t> dims = whole_numbers(target);
    for (size_t d = 0; d < dims.size(); ++d) {
        int64_t dim = dims[d];
        if (dim == 0) {
            require(d < data.shape.size(), "Reshape: 0 copies a dimension the data lacks");
            dim = data.shape[d];
        }
        if (dim == -1) {
            require(open < 0, "Reshape: more than one -1");
            open = static_cast<int64_t>(d);
            shape.push_back(1);
            continue;
        }
        require(dim > 0 && dim <= max_exact_values && known * dim <= max_exact_values,
                "Reshape: dimension " + std::to_string(dim));
        known *= dim;
        shape.push_back(dim);
    }
    if (open >= 0) {
        require(known > 0 && data.numel() % known == 0, "Reshape: the sizes do not divide");
        shape[static_cast<size_t>(open)] = data.numel() / known;
    }
    require(shape_numel(shape) == data.numel(),
            "Reshape: " + shape_string(data.shape) + " cannot become " + shape_string(shape));
    return {shape, data.values, Tensor()};
}

Constant slice(const Node& node, const std::vector<const Constant*>& inputs, int64_t opset) {
    const Constant& data = needed(inputs, 0, node);
    const int64_t rank = static_cast<int64_t>(data.shape.size());
    std::vector<int64_t> starts, ends, axes, steps;
    if (opset < 10) {
        starts = ints_attribute(node, "starts", {});
        ends = ints_attribute(node, "ends", {});
        axes = ints_attribute(node, "axes", {});
    } else {
        starts = whole_numbers(needed(inputs, 1, node));
        ends = whole_numbers(needed(inputs, 2, node));
        if (inputs.size() > 3 && inputs[3] != nullptr) {
            axes = whole_numbers(*inputs[3]);
        }
        if (inputs.size() > 4 && inputs[4] != nullptr) {
            steps = whole_numbers(*inputs[4]);
        }
    }
    if (axes.empty()) {
        for (size_t k = 0; k < starts.size(); ++k) {
            axes.push_back(static_cast<int64_t>(k));
        }
    }
    steps.resize(starts.size(), 1);
    require(ends.size() == starts.size() && axes.size() == starts.size(),
            "Slice: starts, ends and axes differ in length");
    // Per axis, the source positions the output keeps.
    std::vector<std::vector<int64_t>> kept(static_cast<size_t>(rank));
    for (int64_t d = 0; d < rank; ++d) {
        for (int64_t i = 0; i < data.shape[static_cast<size_t>(d)]; ++i) {
            kept[static_cast<size_t>(d)].push_back(i);
        }
    }
    for (size_t k = 0; k < starts.size(); ++k) {
        const int64_t axis = axis_in(axes[k], rank, node);
        const int64_t n = data.shape[static_cast<size_t>(axis)];
        const int64_t step = steps[k];
        require(step != 0, "Slice: a step of 0");
        const auto clampi = [](int64_t v, int64_t lo, int64_t hi) { return std::clamp(v, lo, hi); };
        int64_t start = starts[k] < 0 ? starts[k] + n : starts[k];
        int64_t end = ends[k] < 0 && ends[k] > std::numeric_limits<int64_t>::min() / 2 ? ends[k] + n
                                                                                       : ends[k];
        std::vector<int64_t>& list = kept[static_cast<size_t>(axis)];
        list.clear();
        if (step > 0) {
            start = clampi(start, 0, n);
            end = clampi(end, 0, n);
            for (int64_t i = start; i < end; i += step) {
                list.push_back(i);
            }
        } else {
            start = clampi(start, -1, n - 1);
            end = clampi(end, -1, n - 1);
            for (int64_t i = start; i > end; i += step) {
                list.push_back(i);
            }
        }
    }
    Constant out;
    for (const auto& list : kept) {
        out.shape.push_back(static_cast<int64_t>(list.size()));
    }
    const std::vector<int64_t> strides = strides_of(data.shape);
    const int64_t count = shape_numel(out.shape);
    for (int64_t i = 0; i < count; ++i) {
        const std::vector<int64_t> index = unravel(i, out.shape);
        int64_t at = 0;
        for (size_t d = 0; d < index.size(); ++d) {
            at += kept[d][static_cast<size_t>(index[d])] * strides[d];
        }
        out.values.push_back(data.values[static_cast<size_t>(at)]);
    }
    return out;
}

Constant transpose(const Node& node, const Constant& data) {
    const int64_t rank = static_cast<int64_t>(data.shape.size());
    std::vector<int64_t> perm = ints_attribute(node, "perm", {});
    if (perm.empty()) {
        for (int64_t d = rank; d-- > 0;) {
            perm.push_back(d);
        }
    }
    require(static_cast<int64_t>(perm.size()) == rank, "Transpose: perm has the wrong length");
    Constant out;
    for (int64_t p : perm) {
        out.shape.push_back(data.shape[static_cast<size_t>(axis_in(p, rank, node))]);
    }
    const std::vector<int64_t> strides = strides_of(data.shape);
    for (int64_t i = 0; i < data.numel(); ++i) {
        const std::vector<int64_t> index = unravel(i, out.shape);
        int64_t at = 0;
        for (size_t d = 0; d < index.size(); ++d) {
            at += index[d] * strides[static_cast<size_t>(axis_in(perm[d], rank, node))];
        }
        out.values.push_back(data.values[static_cast<size_t>(at)]);
    }
    return out;
}

Constant arithmetic(const std::string& op, const Constant& a, const Constant& b) {
    Constant out;
    out.shape = broadcast_shape(a.shape, b.shape, op);
    checked_numel(out.shape, max_exact_values);
    out.values.resize(static_cast<size_t>(shape_numel(out.shape)));
    const std::vector<int64_t> sa = broadcast_strides(a.shape, out.shape);
    const std::vector<int64_t> sb = broadcast_strides(b.shape, out.shape);
    const bool integer_division =
        op == "Div" &&
        std::all_of(a.values.begin(), a.values.end(),
                    [](double v) { return v == std::trunc(v); }) &&
        std::all_of(b.values.begin(), b.values.end(), [](double v) { return v == std::trunc(v); });
    for_each_broadcast(
        out.shape, sa, sb, 0, static_cast<int64_t>(out.values.size()),
        [&](int64_t i, int64_t ia, int64_t ib) {
            const double x = a.values[static_cast<size_t>(ia)];
            const double y = b.values[static_cast<size_t>(ib)];
            double r = op == "Add" ? x + y : op == "Sub" ? x - y : op == "Mul" ? x * y : x / y;
            if (integer_division) {  // shape arithmetic: integers divide whole
                r = std::trunc(r);
            }
            out.values[static_cast<size_t>(i)] = r;
        });
    return out;
}

}  // namespace

int64_t whole_number(double value) {
    constexpr double limit = 9.0e18;  // beyond it: "to the end", INT64_MAX or INT64_MIN
    if (value >= limit) {
        return std::numeric_limits<int64_t>::max();
    }
    if (value <= -limit) {
        return std::numeric_limits<int64_t>::min();
    }
    return static_cast<int64_t>(value);
}

Constant constant_of(const onnx::TensorProto& t) {
    require(t.data_location() != onnx::TensorProto::EXTERNAL,
            "its values are in an external file, which ConvScope does not read");
    Constant out;
    out.shape.assign(t.dims().begin(), t.dims().end());
    const size_t count = static_cast<size_t>(checked_numel(out.shape));
    const bool raw = t.has_raw_data();
    if (static_cast<int64_t>(count) > max_exact_values &&
        t.data_type() == onnx::TensorProto::FLOAT) {
        // A large weight: floats straight into the engine's tensor, never as doubles.
        const size_t stored =
            raw ? t.raw_data().size() / sizeof(float) : static_cast<size_t>(t.float_data_size());
        require((!raw || t.raw_data().size() % sizeof(float) == 0) && stored == count,
                "it holds " + std::to_string(stored) + " values for " + std::to_string(count) +
                    " elements");
        out.large = Tensor::uninitialized(out.shape);
        if (raw) {
            std::memcpy(out.large.data(), t.raw_data().data(), count * sizeof(float));
        } else {
            std::copy(t.float_data().begin(), t.float_data().end(), out.large.data());
        }
        return out;
    }
    switch (t.data_type()) {
        case onnx::TensorProto::FLOAT:
            out.values =
                raw ? raw_values<float>(t.raw_data(), count) : field_values(t.float_data());
            break;
        case onnx::TensorProto::DOUBLE:
            out.values =
                raw ? raw_values<double>(t.raw_data(), count) : field_values(t.double_data());
            break;
        case onnx::TensorProto::INT64:
            out.values =
                raw ? raw_values<int64_t>(t.raw_data(), count) : field_values(t.int64_data());
            break;
        case onnx::TensorProto::INT32:
            out.values =
                raw ? raw_values<int32_t>(t.raw_data(), count) : field_values(t.int32_data());
            break;
        default:
            throw Error("its element type (" + std::to_string(t.data_type()) +
                        ") is not float, double or integer");
    }
    require(out.values.size() == count, "it holds " + std::to_string(out.values.size()) +
                                            " values for " + std::to_string(count) + " elements");
    return out;
}

Tensor to_tensor(const Constant& c) {
    if (!c.exact()) {
        return c.large;
    }
    Tensor out = Tensor::uninitialized(c.shape);
    for (size_t i = 0; i < c.values.size(); ++i) {
        out.data()[i] = static_cast<float>(c.values[i]);
    }
    return out;
}

bool foldable(const std::string& op) {
    static const char* const ops[] = {
        "Gather",  "Unsqueeze", "Squeeze",   "Concat", "ConstantOfShape",
        "Reshape", "Slice",     "Transpose", "Cast",   "Identity",
        "Add",     "Sub",       "Mul",       "Div",    "Neg",
        "Floor",   "Ceil"};
    return std::find(std::begin(ops), std::end(ops), op) != std::end(ops);
}

namespace {

std::optional<Constant> fold(const Node& node, const std::vector<const Constant*>& inputs,
                             int64_t opset) {
    const std::string& op = node.op_type();
    if (!foldable(op)) {
        return std::nullopt;
    }
    if (op == "Gather") {
        return gather(node, needed(inputs, 0, node), needed(inputs, 1, node));
    }
    if (op == "Unsqueeze") {
        return unsqueeze(needed(inputs, 0, node), axes_of(node, inputs, opset), node);
    }
    if (op == "Squeeze") {
        return squeeze(needed(inputs, 0, node), axes_of(node, inputs, opset), node);
    }
    if (op == "Concat") {
        return concat(node, inputs);
    }
    if (op == "ConstantOfShape") {
        Constant out;
        for (int64_t d : whole_numbers(needed(inputs, 0, node))) {
            out.shape.push_back(d);
        }
        checked_numel(out.shape, max_exact_values);
        const auto* value = attribute(node, "value");
        const double fill =
            value != nullptr && value->has_t() ? constant_of(value->t()).values.at(0) : 0.0;
        out.values.assign(static_cast<size_t>(checked_numel(out.shape)), fill);
        return out;
    }
    if (op == "Reshape") {
        return reshape(needed(inputs, 0, node), needed(inputs, 1, node));
    }
    if (op == "Slice") {
        return slice(node, inputs, opset);
    }
    if (op == "Transpose") {
        return transpose(node, needed(inputs, 0, node));
    }
    if (op == "Cast" || op == "Identity") {
        return needed(inputs, 0, node);
    }
    if (op == "Neg" || op == "Floor" || op == "Ceil") {
        Constant out = needed(inputs, 0, node);
        for (double& v : out.values) {
            v = op == "Neg" ? -v : op == "Floor" ? std::floor(v) : std::ceil(v);
        }
        return out;
    }
    return arithmetic(op, needed(inputs, 0, node), needed(inputs, 1, node));
}

}  // namespace

std::optional<Constant> fold_constant(const Node& node, const std::vector<const Constant*>& inputs,
                                      int64_t opset) {
    std::optional<Constant> result = fold(node, inputs, opset);
    if (result) {
        require(result->numel() <= max_exact_values,
                node.op_type() + ": working it out at import would make " +
                    std::to_string(result->numel()) + " values");
    }
    return result;
}

}  // namespace cs::onnx_import
