#pragma once
// Draws one plane of a small tensor as a grid of numbered cells — the building block of the
// lesson pages that show several matrices side by side.
#include <QPainter>
#include <QRectF>
#include <QString>
#include <vector>

#include "app/core/theme.hpp"
#include "engine/colormap.hpp"
#include "engine/tensor.hpp"

namespace cs::core {

struct GridStyle {
    double cell = 32;
    bool show_values = true;
    Colormap colormap = Colormap::diverging;
    Normalization normalization{Normalization::Kind::symmetric};
    std::vector<char> highlight;  // per cell: 0 none, 1 window colour, 2 selected colour
    std::vector<char> muted;      // per cell: drawn as empty (not computed, or unchanged)
    QString title;
    double digit_px = 0;     // pixel size of the numbers; 0: a third of the cell
    double title_width = 0;  // room for the title; 0: the grid's width (at least 60 px)
};

// Draws plane (n = 0, c = channel) of `t` (any rank 2–4; see as_planes) with its title above
// `origin`, and returns the rectangle of every cell in row-major order.
std::vector<QRectF> draw_grid(QPainter& painter, const QPointF& origin, const Tensor& t,
                              int64_t channel, const GridStyle& style, const Theme& theme);

// The width of the longest number of `t` as format_value writes it, per pixel of font size.
double widest_number(const Tensor& t, bool bold = false);

// The pixel size of digits as large as a cell allows: at most 45 % of the cell high, and the
// widest number (`per_px`, from widest_number) fits the cell's width with a margin.
int fitted_digit_px(double cell, double per_px);

// Height and width of a grid drawn with `cell` for a plane of rows × cols, title included.
QSizeF grid_size(int64_t rows, int64_t cols, double cell, const Theme& theme);

}  // namespace cs::core
