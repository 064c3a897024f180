#include "engine/pipeline/receptive_field.hpp"

#include <cmath>
#include <sstream>

#include "engine/ops/register_pointwise.hpp"
#include "engine/pipeline/layer_ops.hpp"
#include "engine/pipeline/pipeline_graph.hpp"

namespace cs::pipeline {
namespace {

// How one layer maps positions along one axis.
struct AxisMap {
    enum class Kind { identity, window, transpose, resize, adaptive, whole } kind = Kind::identity;
    int64_t span = 1;    // k_eff = d·(k − 1) + 1
    int64_t stride = 1;  // s
    int64_t pad = 0;     // p before the first pixel
    // resize: input and output sizes, and how source positions are found
    int64_t in = 1, out = 1;
    bool bilinear = false;
    bool align_corners = false;
};

AxisMap axis_map(const OpCall& call, const Shape& input_shape, const Shape& output_shape,
                 bool height) {
    const OpHandler& handler = op_handler(call.op);
    AxisMap m;
    if (input_shape.size() != 4) {
        m.kind = AxisMap::Kind::whole;
    } else if (const std::optional<detail::LocalGeometry> g = detail::local_geometry(call)) {
        const detail::AxisWindow& a = height ? g->h : g->w;
        m.kind = g->transposed ? AxisMap::Kind::transpose : AxisMap::Kind::window;
        m.span = a.span;
        m.stride = a.stride;
        m.pad = a.before;
    } else if (handler.family == OpFamily::resize) {
        const InterpolateParams p = interpolate_params(call);
        m.kind = AxisMap::Kind::resize;
        m.in = input_shape[height ? 2 : 3];
        m.out = output_shape[height ? 2 : 3];
        m.bilinear = p.mode == InterpolateMode::bilinear;
        m.align_corners = p.align_corners.value_or(false);
    } else if (handler.family == OpFamily::probability) {
        const int64_t dim = call.params.value("dim", int64_t{1});
        m.kind = dim == 1 || dim == -3 ? AxisMap::Kind::identity : AxisMap::Kind::whole;
    } else if (handler.family == OpFamily::pooling && output_shape.size() == 4 &&
               output_shape[height ? 2 : 3] > 1) {
        // Adaptive pooling: output i reads [⌊i·n/o⌋, ⌈(i + 1)·n/o⌉), windows of two sizes.
        m.kind = AxisMap::Kind::adaptive;
        m.in = input_shape[height ? 2 : 3];
        m.out = output_shape[height ? 2 : 3];
        m.span = 0;
        for (int64_t i = 0; i < m.out; ++i) {
            m.span = std::max(m.span, ceil_div((i + 1) * m.in, m.out) - floor_div(i * m.in, m.out));
        }
    } else if (handler.family == OpFamily::reshape || handler.family == OpFamily::dense ||
               handler.family == OpFamily::pooling) {
        m.kind = AxisMap::Kind::whole;  // global pooling reads the whole map
    }
    return m;
}

int64_t floor_of(double v) {
    return static_cast<int64_t>(std::floor(v));
}

// Input positions [lo, hi] that output positions [a, b] read.
std::array<int64_t, 2> map_back(const AxisMap& m, int64_t a, int64_t b) {
    switch (m.kind) {
        case AxisMap::Kind::identity:
        case AxisMap::Kind::whole:
            return {a, b};
        case AxisMap::Kind::window:
            return {a * m.stride - m.pad, b * m.stride - m.pad + m.span - 1};
        case AxisMap::Kind::transpose:
            // Output y = iy·s − p + t with tap offset t in [0, k_eff − 1].
            return {ceil_div(a + m.pad - (m.span - 1), m.stride), floor_div(b + m.pad, m.stride)};
        case AxisMap::Kind::adaptive:
            return {floor_div(a * m.in, m.out), ceil_div((b + 1) * m.in, m.out) - 1};
        case AxisMap::Kind::resize: {
            const double in = static_cast<double>(m.in), out = static_cast<double>(m.out);
            if (!m.bilinear) {
                return {floor_of(static_cast<double>(a) * in / out),
                        std::min<int64_t>(m.in - 1, floor_of(static_cast<double>(b) * in / out))};
            }
            const auto source = [&](int64_t y) {
                if (m.align_corners) {
                    return m.out > 1 ? static_cast<double>(y) * (in - 1) / (out - 1) : 0.0;
                }
                return std::max(0.0, (static_cast<double>(y) + 0.5) * in / out - 0.5);
            };
            return {floor_of(source(a)), std::min<int64_t>(m.in - 1, floor_of(source(b)) + 1)};
        }
    }
    return {a, b};
}

void advance(AxisField& f, const AxisMap& m) {
    switch (m.kind) {
        case AxisMap::Kind::identity:
        case AxisMap::Kind::whole:
            return;
        case AxisMap::Kind::window:
            f.start +=
                ((static_cast<double>(m.span) - 1) / 2 - static_cast<double>(m.pad)) * f.jump;
            f.size += static_cast<double>(m.span - 1) * f.jump;
            f.jump *= static_cast<double>(m.stride);
            return;
        case AxisMap::Kind::transpose:
            f.start += (static_cast<double>(m.pad) - (static_cast<double>(m.span) - 1) / 2) /
                       static_cast<double>(m.stride) * f.jump;
            f.size += static_cast<double>(ceil_div(m.span, m.stride) - 1) * f.jump;
            f.jump /= static_cast<double>(m.stride);
            return;
        case AxisMap::Kind::adaptive: {
            // The largest window sets the size; the first window's centre the start; windows
            // start n/o apart on average.
            const double first = static_cast<double>(ceil_div(m.in, m.out));
            f.start += (first - 1) / 2 * f.jump;
            f.size += static_cast<double>(m.span - 1) * f.jump;
            f.jump *= static_cast<double>(m.in) / static_cast<double>(m.out);
            return;
        }
        case AxisMap::Kind::resize: {
            const double ratio = static_cast<double>(m.in) / static_cast<double>(m.out);
            f.start += (0.5 * ratio - 0.5) * f.jump;
            f.size += m.bilinear ? f.jump : 0.0;
            f.jump *= ratio;
            return;
        }
    }
}

std::string number(double v) {
    return format_number(v);
}

std::string formula_text(const AxisField& before, const AxisField& after, const AxisMap& m) {
    switch (m.kind) {
        case AxisMap::Kind::window:
            return "r = " + number(before.size) + " + (" + std::to_string(m.span) + " − 1)·" +
                   number(before.jump) + " = " + number(after.size) +
                   ", j = " + number(before.jump) + "·" + std::to_string(m.stride) + " = " +
                   number(after.jump);
        case AxisMap::Kind::transpose:
            return "r = " + number(before.size) + " + (⌈" + std::to_string(m.span) + " / " +
                   std::to_string(m.stride) + "⌉ − 1)·" + number(before.jump) + " = " +
                   number(after.size) + ", j = " + number(before.jump) + " / " +
                   std::to_string(m.stride) + " = " + number(after.jump);
        case AxisMap::Kind::adaptive:
            return "r = " + number(before.size) + " + (" + std::to_string(m.span) + " − 1)·" +
                   number(before.jump) + " = " + number(after.size) +
                   ", j = " + number(before.jump) + "·" + std::to_string(m.in) + "/" +
                   std::to_string(m.out) + " = " + number(after.jump);
        case AxisMap::Kind::resize:
            return "r = " + number(after.size) + ", j = " + number(before.jump) + "·" +
                   std::to_string(m.in) + "/" + std::to_string(m.out) + " = " + number(after.jump);
        case AxisMap::Kind::identity:
        case AxisMap::Kind::whole:
            break;
    }
    return "r = " + number(after.size) + ", j = " + number(after.jump);
}

}  // namespace

LayerField advance_field(const LayerField& before, const OpCall& call, const Shape& input_shape,
                         const Shape& output_shape, const Shape& network_input) {
    const AxisMap mh = axis_map(call, input_shape, output_shape, true);
    const AxisMap mw = axis_map(call, input_shape, output_shape, false);
    LayerField next = before;
    if (before.whole || mh.kind == AxisMap::Kind::whole || mw.kind == AxisMap::Kind::whole) {
        next.whole = true;
        next.h.size = static_cast<double>(network_input.size() == 4 ? network_input[2] : 1);
        next.w.size = static_cast<double>(network_input.size() == 4 ? network_input[3] : 1);
        next.formula = "whole input";
        return next;
    }
    advance(next.h, mh);
    advance(next.w, mw);
    next.formula = formula_text(before.h, next.h, mh);
    if (next.h.size != next.w.size || next.h.jump != next.w.jump) {
        next.formula += "; " + formula_text(before.w, next.w, mw);
    }
    return next;
}

std::vector<LayerField> receptive_fields(const Plan& plan) {
    std::vector<LayerField> fields;
    for (const NodeField& node : path_fields(plan)) {
        fields.push_back(node.largest());
    }
    return fields;
}

namespace {

// The smallest window holding both (either may be empty).
Window merged(const Window& a, const Window& b) {
    if (a.empty()) {
        return b;
    }
    if (b.empty()) {
        return a;
    }
    return Window{std::min(a.y0, b.y0), std::max(a.y1, b.y1), std::min(a.x0, b.x0),
                  std::max(a.x1, b.x1), a.whole || b.whole};
}

}  // namespace

PixelField pixel_field(const Plan& plan, size_t layer, int64_t y, int64_t x) {
    require(layer < plan.layers.size(),
            "receptive field: there is no layer " + std::to_string(layer + 1) + " in the plan");
    const auto map_size = [](const Shape& s) -> std::array<int64_t, 2> {
        if (s.size() == 4) {
            return {s[2], s[3]};
        }
        return {1, s.empty() ? 1 : s.back()};
    };
    const auto [out_h, out_w] = map_size(plan.layers[layer].output.shape);
    require(y >= 0 && x >= 0 && y < out_h && x < out_w,
            "receptive field: pixel (" + std::to_string(y) + ", " + std::to_string(x) +
                ") is outside the " + std::to_string(out_h) + "×" + std::to_string(out_w) + " map");
    // Map m + 1 is layer m's output, map 0 the input. Maps on no path to the pixel keep an empty
    // window; a map read along several paths gets the smallest window holding all of them.
    PixelField field;
    field.windows.resize(layer + 2);
    field.clipped.resize(layer + 2);
    field.windows[layer + 1] = Window{y, y, x, x, false};
    field.clipped[layer + 1] = field.windows[layer + 1];
    for (size_t m = layer + 1; m-- > 0;) {
        const Window w = field.windows[m + 1];
        const Window c = field.clipped[m + 1];
        if (w.empty()) {
            continue;
        }
        const PlannedLayer& l = plan.layers[m];
        for (size_t k = 0; k < l.sources.size(); ++k) {
            const Shape& in_shape = l.input_shapes[k];
            const AxisMap mh = axis_map(l.call, in_shape, l.output.shape, true);
            const AxisMap mw = axis_map(l.call, in_shape, l.output.shape, false);
            const auto [in_h, in_w] = map_size(in_shape);
            Window before, clipped;
            if (w.whole || mh.kind == AxisMap::Kind::whole || mw.kind == AxisMap::Kind::whole) {
                before = Window{0, in_h - 1, 0, in_w - 1, true};
                clipped = before;
            } else {
                const auto rows = map_back(mh, w.y0, w.y1);
                const auto cols = map_back(mw, w.x0, w.x1);
                before = Window{rows[0], rows[1], cols[0], cols[1], false};
                const auto crows = map_back(mh, c.y0, c.y1);
                const auto ccols = map_back(mw, c.x0, c.x1);
                clipped =
                    Window{std::max<int64_t>(0, crows[0]), std::min(in_h - 1, crows[1]),
                           std::max<int64_t>(0, ccols[0]), std::min(in_w - 1, ccols[1]), false};
            }
            const auto target = static_cast<size_t>(l.sources[k] + 1);
            field.windows[target] = merged(field.windows[target], before);
            field.clipped[target] = merged(field.clipped[target], clipped);
        }
    }
    return field;
}

}  // namespace cs::pipeline
