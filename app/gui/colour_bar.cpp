#include "app/gui/colour_bar.hpp"

#include <QEvent>
#include <QPainter>

namespace cs::gui {

ColourBar::ColourBar(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(text());
}

void ColourBar::set_range(Colormap colormap, float low, float high) {
    core::MapScale scale;
    scale.low = low;
    scale.high = high;
    scale.symmetric = low == -high;
    set_scale(colormap, scale);
}

void ColourBar::set_scale(Colormap colormap, const core::MapScale& scale) {
    colormap_ = colormap;
    scale_ = scale;
    setToolTip(text());
    update();
}

QSize ColourBar::sizeHint() const {
    return {240, core::colour_bar_height(font())};
}

QSize ColourBar::minimumSizeHint() const {
    return {80, core::colour_bar_height(font())};
}

void ColourBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    core::paint_colour_bar(p, QRectF(rect()).adjusted(0, 0, -1, -1), colormap_, scale_, font(),
                           palette().color(QPalette::WindowText));
}

void ColourBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange) {
        setToolTip(text());
        updateGeometry();
        update();
    }
    QWidget::changeEvent(event);
}

}  // namespace cs::gui
