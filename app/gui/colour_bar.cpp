#include "app/gui/colour_bar.hpp"

#include <QPainter>

namespace cs::gui {

ColourBar::ColourBar(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ColourBar::set_range(Colormap colormap, float low, float high) {
    colormap_ = colormap;
    low_ = low;
    high_ = high;
    update();
}

QSize ColourBar::sizeHint() const {
    return {240, fontMetrics().height() + 6};
}

void ColourBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QString low = QString::number(low_, 'g', 4);
    const QString high = QString::number(high_, 'g', 4);
    const int gap = 6;
    const int left = fontMetrics().horizontalAdvance(low) + gap;
    const int right = width() - fontMetrics().horizontalAdvance(high) - gap;
    p.setPen(palette().text().color());
    p.drawText(QRect(0, 0, left - gap, height()), Qt::AlignRight | Qt::AlignVCenter, low);
    p.drawText(QRect(right + gap, 0, width() - right - gap, height()),
               Qt::AlignLeft | Qt::AlignVCenter, high);
    const int span = std::max(1, right - left);
    for (int x = 0; x < span; ++x) {
        const Rgb rgb = colormap_rgb(colormap_, static_cast<float>(x) / span);
        p.setPen(QColor(rgb[0], rgb[1], rgb[2]));
        p.drawLine(left + x, 3, left + x, height() - 4);
    }
    p.setPen(QColor(160, 160, 160));
    p.setBrush(Qt::NoBrush);
    p.drawRect(left, 3, span, height() - 7);
}

}  // namespace cs::gui
