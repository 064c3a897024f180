#include "app/core/grid_painter.hpp"

#include <QFontMetricsF>

#include "app/core/frame_painter.hpp"
#include "app/core/window_geometry.hpp"

namespace cs::core {
namespace {

double title_height(const Theme& theme) {
    QFont font;
    font.setPixelSize(static_cast<int>(13 * theme.font_scale));
    return QFontMetricsF(font).height() + 4;
}

}  // namespace

double widest_number(const Tensor& t, bool bold) {
    QString longest = "0";
    for (int64_t i = 0; i < t.numel(); ++i) {
        const QString text = format_value(t.data()[i]);
        if (text.size() > longest.size()) {
            longest = text;
        }
    }
    QFont probe;
    probe.setPixelSize(100);
    probe.setBold(bold);
    return QFontMetricsF(probe).horizontalAdvance(longest) / 100.0;
}

int fitted_digit_px(double cell, double per_px) {
    return std::max(6, static_cast<int>(std::min(cell * 0.45, cell * 0.88 / per_px)));
}

QSizeF grid_size(int64_t rows, int64_t cols, double cell, const Theme& theme) {
    return {cols * cell, rows * cell + title_height(theme)};
}

std::vector<QRectF> draw_grid(QPainter& painter, const QPointF& origin, const Tensor& t,
                              int64_t channel, const GridStyle& style, const Theme& theme) {
    const Tensor planes = as_planes(t);
    const int64_t rows = planes.size(2);
    const int64_t cols = planes.size(3);
    const float* values = planes.data() + channel * rows * cols;
    const double top = origin.y() + title_height(theme);
    QFont title_font;
    title_font.setPixelSize(static_cast<int>(13 * theme.font_scale));
    title_font.setBold(true);
    painter.setFont(title_font);
    painter.setPen(theme.text);
    const QRectF title_rect(
        origin.x(), origin.y(),
        style.title_width > 0 ? style.title_width : std::max(cols * style.cell, 60.0),
        title_height(theme));
    painter.drawText(
        title_rect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(title_font).elidedText(style.title, Qt::ElideRight, title_rect.width()));
    const auto range = normalization_range(values, rows * cols, style.normalization);
    QFont cell_font;
    cell_font.setPixelSize(style.digit_px > 0 ? static_cast<int>(style.digit_px)
                                              : std::max(7, static_cast<int>(style.cell * 0.32)));
    std::vector<QRectF> rects;
    rects.reserve(static_cast<size_t>(rows * cols));
    for (int64_t r = 0; r < rows; ++r) {
        for (int64_t q = 0; q < cols; ++q) {
            const size_t i = static_cast<size_t>(r * cols + q);
            const QRectF rect(origin.x() + q * style.cell, top + r * style.cell, style.cell,
                              style.cell);
            rects.push_back(rect);
            const bool muted = i < style.muted.size() && style.muted[i];
            const Rgb rgb =
                colormap_rgb(style.colormap, (values[i] - range[0]) / (range[1] - range[0]));
            QColor fill(rgb[0], rgb[1], rgb[2]);
            fill = muted ? theme.empty_fill
                         : QColor::fromRgbF(fill.redF() * 0.45 + theme.panel_fill.redF() * 0.55,
                                            fill.greenF() * 0.45 + theme.panel_fill.greenF() * 0.55,
                                            fill.blueF() * 0.45 + theme.panel_fill.blueF() * 0.55);
            painter.fillRect(rect, fill);
            painter.setPen(QPen(theme.grid_line, 0.8));
            painter.drawRect(rect);
            if (style.show_values && !muted && style.cell >= 16) {
                painter.setFont(cell_font);
                painter.setPen(theme.text);
                painter.drawText(rect, Qt::AlignCenter, format_value(values[i]));
            }
            const char mark = i < style.highlight.size() ? style.highlight[i] : 0;
            if (mark != 0) {
                painter.setPen(QPen(mark == 2 ? theme.selected : theme.window, 3));
                painter.drawRect(rect.adjusted(1.5, 1.5, -1.5, -1.5));
            }
        }
    }
    return rects;
}

}  // namespace cs::core
