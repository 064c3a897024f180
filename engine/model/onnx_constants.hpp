#pragma once
// The constants of an ONNX graph (initializers, Constant nodes, and what follows from them) and
// the small arithmetic exporters write on them. torch.onnx.export spells F.pad's padding or
// interpolate's output size as a chain of Shape, Slice, Concat, Reshape, Transpose and Cast
// nodes; the importer works such chains out once, at import, as an ONNX runtime would, so that
// the op at their end (Pad, Resize, Reshape) reads plain numbers.
#include <optional>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "engine/tensor.hpp"

namespace cs::onnx_import {

// Small constants as doubles: exact for the integers (shapes, indices, INT64_MAX as "to the end")
// and the floats a model stores. Weights larger than max_exact_values are kept as floats only
// (`large`), as the engine uses them: shape arithmetic never needs them.
struct Constant {
    Shape shape;
    std::vector<double> values;
    Tensor large;
    bool exact() const { return !large.dim() || !values.empty(); }
    int64_t numel() const { return shape_numel(shape); }
};

// Stored tensors larger than this are not weights of a model a student brings (resnet50's
// largest holds 2.4 million values).
inline constexpr int64_t max_stored_values = int64_t{1} << 27;
// Constants held as doubles, and what one node of shape arithmetic may make.
inline constexpr int64_t max_exact_values = int64_t{1} << 20;

// A stored tensor (float, double, int32, int64); throws cs::Error for other element types,
// external data, a declared shape that does not fit its values, or more than max_stored_values.
Constant constant_of(const onnx::TensorProto& t);
Tensor to_tensor(const Constant& c);
// A value that ends a slice "at infinity" (INT64_MAX) as a whole number that fits.
int64_t whole_number(double value);

// A node's attribute `name`, or nullptr; its value, or `fallback` when it is absent.
const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const std::string& name);
int64_t int_attribute(const onnx::NodeProto& node, const std::string& name, int64_t fallback);
double float_attribute(const onnx::NodeProto& node, const std::string& name, double fallback);
std::vector<int64_t> ints_attribute(const onnx::NodeProto& node, const std::string& name,
                                    std::vector<int64_t> fallback);
std::string string_attribute(const onnx::NodeProto& node, const std::string& name,
                             const std::string& fallback);

// Evaluates `node` on constant inputs (nullptr for an absent optional input) for the ops that
// shape arithmetic uses: Gather, Unsqueeze, Squeeze, Concat, ConstantOfShape, Reshape, Slice,
// Transpose, Cast, Identity, Add, Sub, Mul, Div, Neg, Floor, Ceil. nullopt for other ops.
// Throws cs::Error for a malformed node.
std::optional<Constant> fold_constant(const onnx::NodeProto& node,
                                      const std::vector<const Constant*>& inputs, int64_t opset);

// Whether fold_constant knows the op.
bool foldable(const std::string& op_type);

}  // namespace cs::onnx_import
