#include "app/gui/page_matrix_view.hpp"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "app/core/frame_painter.hpp"

namespace cs::gui {

PageMatrixView::PageMatrixView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void PageMatrixView::set_caption(const QString& caption) {
    caption_ = caption;
    updateGeometry();
    update();
}

void PageMatrixView::set_matrix(int rows, int cols, std::vector<float> values) {
    rows_ = rows;
    cols_ = cols;
    values_ = std::move(values);
    updateGeometry();
    update();
}

QStringList PageMatrixView::cell_texts() const {
    QStringList texts;
    for (const float v : values_) {
        texts << core::format_value(v);
    }
    return texts;
}

QSize PageMatrixView::sizeHint() const {
    // Square cells wide enough for the longest number.
    const QFontMetrics metrics(font());
    int cell = metrics.height() * 2 + 6;
    for (const QString& text : cell_texts()) {
        cell = std::max(cell, metrics.horizontalAdvance(text) + 12);
    }
    return {std::max(cols_ * cell, QFontMetrics(font()).horizontalAdvance(caption_)) + 8,
            rows_ * cell + QFontMetrics(font()).height() + 10};
}

QSize PageMatrixView::minimumSizeHint() const {
    return sizeHint();
}

void PageMatrixView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QFontMetrics metrics(font());
    const int caption_h = metrics.height() + 6;
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, 0, width(), caption_h), Qt::AlignCenter, caption_);
    if (rows_ == 0 || cols_ == 0) {
        return;
    }
    // Larger when there is room (presenter mode), at most four text lines per cell.
    const double cell = std::min(
        {(width() - 4.0) / cols_, (height() - caption_h - 4.0) / rows_, metrics.height() * 4.0});
    const QPointF origin((width() - cell * cols_) / 2, caption_h + 2);
    float largest = 0.0f;
    for (const float v : values_) {
        largest = std::max(largest, std::abs(v));
    }
    for (int r = 0; r < rows_; ++r) {
        for (int c = 0; c < cols_; ++c) {
            const float v = values_[static_cast<size_t>(r * cols_ + c)];
            const QRectF box(origin.x() + c * cell, origin.y() + r * cell, cell, cell);
            const double strength = largest > 0 ? std::abs(v) / largest : 0.0;
            const QColor tint = v > 0 ? QColor(220, 60, 60) : QColor(60, 90, 220);
            QColor fill = Qt::white;
            fill.setRgbF(1 - strength * 0.55 * (1 - tint.redF()),
                         1 - strength * 0.55 * (1 - tint.greenF()),
                         1 - strength * 0.55 * (1 - tint.blueF()));
            p.fillRect(box, fill);
            p.setPen(QColor(120, 120, 120));
            p.drawRect(box);
            p.setPen(Qt::black);
            p.drawText(box, Qt::AlignCenter, core::format_value(v));
        }
    }
}

}  // namespace cs::gui
