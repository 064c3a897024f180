#pragma once
// What the pipeline needs to know about a layer's window, read off the op's description
// (OpHandler::window), so that every windowed op bands the same way.
#include <cstdint>
#include <optional>

#include "engine/op_call.hpp"

namespace cs::pipeline::detail {

// How output position y reads its input along one axis: positions
// y·stride − before … y·stride − before + span − 1 (span = d·(k − 1) + 1).
struct AxisWindow {
    int64_t span = 1;
    int64_t stride = 1;
    int64_t before = 0;  // padding before the first position
    int64_t after = 0;   // padding after the last ("same" can make it differ)
};

struct LocalGeometry {
    AxisWindow h;
    AxisWindow w;
    bool transposed = false;  // a transposed convolution: output y = iy·stride − before + tap
    bool weighted = false;    // a convolution (weights), not a pooling window
    // Bands of rows compute it exactly: a convolution padding with zeros, or a pooling window
    // without padding above and below and without ceil_mode.
    bool bandable = false;
};

// nullopt for ops without one window per output (activations, linear, adaptive pooling).
std::optional<LocalGeometry> local_geometry(const OpCall& call);
// A convolution on an input that already holds its zero border: the same op with padding 0.
Tensor conv_without_padding(const OpCall& call, Tensor&& padded);
// A convolution on an input that holds its top and bottom rows but not its side columns: the
// same op with `columns` zeros left and right and none above and below.
Tensor conv_with_column_padding(const OpCall& call, Tensor&& rows, int64_t columns);
// A pooling window on a band of rows (vertical padding is 0 for bandable pools).
Tensor pool_forward(const OpCall& call, Tensor&& input);

}  // namespace cs::pipeline::detail
