#pragma once
// Draws one frame of a lesson — the input grid with its border, the kernel window, the kernel,
// the output filling in, and the arithmetic of the current step — onto any QPainter. The window
// and `convscope-cli render` both use it, so the exported frames are exactly what is on screen.
#include <QPainter>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <optional>
#include <vector>

#include "app/core/theme.hpp"
#include "app/core/window_geometry.hpp"
#include "engine/colormap.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/conv_transpose2d.hpp"

namespace cs::core {

class LessonController;

// Everything a frame shows, gathered from the controller.
struct FrameState {
    OpCall call;
    QString title;
    QString formula;  // the output-size formula with its numbers
    QString error;    // the engine's message for an invalid combination
    Tensor output;    // the full output of the animated input
    std::optional<Step> trace;
    std::optional<Step> next_trace;  // the following step, for smooth motion
    double phase = 0.0;              // 0 = at trace, 1 = at next_trace
    std::string trace_view;          // conv_transpose2d: "insert" or "scatter"
    // conv_transpose2d's scatter view, stepping through the input (stamp_painter.hpp): the
    // stamp of this step, the output's running sums before and after it, and per output
    // element whether a stamp has landed on it yet.
    std::optional<ScatterStamp> stamp;
    Tensor stamped_before;
    Tensor stamped_after;
    std::vector<char> stamped_cells;
    // conv_transpose2d: building its expanded grid, 0 → 3 (inserted zeros, border, then
    // output_padding cells fade in one after the other); −1 = built.
    double build_stage = -1.0;
    bool show_values = true;
    Colormap colormap = Colormap::diverging;
    Normalization normalization{Normalization::Kind::symmetric};
    int64_t hover_input_row = -1;  // padded coordinates of the cell under the mouse, or −1
    int64_t hover_input_col = -1;
};

FrameState frame_state(const LessonController& controller, double phase = 0.0,
                       bool chinese = false);

// Where things were drawn, for hit-testing mouse clicks on the canvas.
struct FrameLayout {
    struct Cell {
        QRectF rect;
        int64_t channel = 0;
        int64_t row = 0;  // input: padded coordinates; output: output coordinates
        int64_t col = 0;
    };
    std::vector<Cell> input_cells;
    std::vector<Cell> output_cells;
    std::vector<Cell> kernel_cells;  // row/col in the kernel, channel = input channel slice
    // Where signs and labels between the grids were drawn ("∗", "=", "channel 0"), and the
    // dashed link from the window to its output cell (empty when there is none).
    std::vector<QRectF> sign_boxes;
    // The title, the output-size formula and the arithmetic panel's text, as drawn.
    std::vector<QRectF> text_boxes;
    double digit_px = 0;  // pixel size of the grid digits (0: the grids show no numbers)
    QPainterPath connector;
    int off_grid_cells = 0;  // ceil mode: window cells drawn beyond the padded grid
    int64_t pad_top = 0;
    int64_t pad_left = 0;
    bool editable = true;  // input cells map to input elements (not a transposed conv's grid)
};

FrameLayout paint_frame(QPainter& painter, const QRectF& area, const FrameState& state,
                        const Theme& theme);

// The arithmetic of one step as the panel shows it, e.g. "1×0 + (−1)×2 + … = −5", with
// per-channel partial sums and the bias for multi-channel convolutions.
// `norm_type`: lp_pool2d's p, whose powers it writes out ("1² + 3² = 1 + 9 = 10 → √10").
QString arithmetic_text(const Step& step, double norm_type = 2.0);

// The output-size formulas, labelled "height: …" and "width: …" for 2-D ops.
QString formula_text(const ShapeInfo& info, const QString& separator);

// "3", "-0.25", "1.333": integers without decimals, others with up to 3.
QString format_value(double v);

}  // namespace cs::core
