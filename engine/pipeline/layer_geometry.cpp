// The pipeline's view of a layer's window (see layer_ops.hpp).
#include "engine/pipeline/layer_ops.hpp"

namespace cs::pipeline::detail {
namespace {

AxisWindow axis_of(const cs::AxisWindow& a) {
    return {a.span(), a.stride, a.before, a.after};
}

// The layer's call on `input` (moved in: a band is never copied) with other padding.
Tensor with_padding(const OpCall& call, Tensor&& input, nlohmann::json padding) {
    OpCall c{call.op, std::move(input), call.weight, call.bias, call.params};
    c.params["padding"] = std::move(padding);
    return evaluate_values(c);
}

}  // namespace

std::optional<LocalGeometry> local_geometry(const OpCall& call) {
    const std::optional<OpWindow> window = op_window(call);
    if (!window) {
        return std::nullopt;
    }
    LocalGeometry g;
    g.h = axis_of(window->rows);
    g.w = axis_of(window->cols);
    g.transposed = window->transposed;
    g.weighted = op_handler(call.op).reduce == WindowReduce::weighted_sum;
    if (g.transposed) {
        g.bandable = false;
    } else if (g.weighted) {
        g.bandable = window->padding_mode == PaddingMode::zeros;
    } else {
        g.bandable = g.h.before == 0 && g.h.after == 0 && !window->ceil_mode;
    }
    return g;
}

Tensor conv_without_padding(const OpCall& call, Tensor&& padded) {
    return with_padding(call, std::move(padded), 0);
}

Tensor conv_with_column_padding(const OpCall& call, Tensor&& rows, int64_t columns) {
    return with_padding(call, std::move(rows), {0, columns});
}

Tensor pool_forward(const OpCall& call, Tensor&& input) {
    return evaluate_values(OpCall{call.op, std::move(input), call.weight, call.bias, call.params});
}

}  // namespace cs::pipeline::detail
