#pragma once
// What the pipeline needs to know about each op family, behind plain types.
//
// The conv family (layer_conv.cpp) and the pool family (layer_pool.cpp) live in separate
// files: engine/ops/conv2d.hpp and engine/ops/pool_common.hpp each define a cs::GradRoute of
// their own, so no file can include both.
#include <cstdint>

#include "engine/op_call.hpp"

namespace cs::pipeline::detail {

// How output position y reads its input along one axis: positions
// y·stride − before … y·stride − before + span − 1 (span = d·(k − 1) + 1).
struct AxisWindow {
    int64_t span = 1;
    int64_t stride = 1;
    int64_t before = 0;  // padding before the first position
    int64_t after = 0;   // padding after the last (conv2d; "same" can make it differ)
};

struct LocalGeometry {
    AxisWindow h;
    AxisWindow w;
    bool bandable = false;  // zero padding (conv) / no vertical padding and floor mode (pool)
};

bool is_conv_op(const std::string& op);  // conv2d, conv_transpose2d
bool is_pool_op(const std::string& op);  // max_pool2d, avg_pool2d, lp_pool2d

// conv family. For conv_transpose2d the geometry is that of the transposed op: output
// y = iy·stride − before + tap, tap in [0, span).
ShapeInfo conv_output_shape(const OpCall& call, const Shape& input);
LocalGeometry conv_geometry(const OpCall& call);
// conv2d on an input that already holds its zero border: the same op with padding 0.
Tensor conv_without_padding(const OpCall& call, const Tensor& padded);
// conv2d on an input that holds its top and bottom rows but not its side columns: the same op
// with `columns` zeros left and right and none above and below.
Tensor conv_with_column_padding(const OpCall& call, const Tensor& rows, int64_t columns);

// pool family
ShapeInfo pool_output_shape(const OpCall& call, const Shape& input);
LocalGeometry pool_geometry(const OpCall& call);
// The pool op on a band of rows (vertical padding is 0 for bandable pools).
Tensor pool_forward(const OpCall& call, const Tensor& input);

}  // namespace cs::pipeline::detail
