#pragma once
// conv_transpose2d's scatter view, one step per input cell as d2l draws it: the input with the
// stamping cell framed (cells that stamped already shaded), the kernel, the stamp (value ×
// kernel), and the output's running sums, the cells this stamp adds to framed. The arithmetic
// panel gives each framed cell's sum before, the product added, and the sum after. Every
// number comes from the engine (conv_transpose2d_stamp, conv_transpose2d_stamped).
#include <QPainter>
#include <QRectF>

#include "app/core/frame_painter.hpp"

namespace cs::core {

// Draws into `content` (below the frame's title and formula) and records the cells drawn.
void paint_stamp(QPainter& painter, const QRectF& content, const FrameState& state,
                 const Theme& theme, FrameLayout& layout);

// The panel's text: "Stamp 3 of 4: x[1, 1] = 3 adds 3 × K onto the output" and one line of
// "y[r, c]: before + value×weight = after" per output cell it lands on.
QString stamp_text(const FrameState& state);

}  // namespace cs::core
