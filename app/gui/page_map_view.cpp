#include "app/gui/page_map_view.hpp"

#include <QEvent>
#include <QPainter>

namespace cs::gui {

PageMapView::PageMapView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PageMapView::set_caption(const QString& caption) {
    caption_ = caption;
    update();
}

void PageMapView::set_image(const QImage& image) {
    image_ = image;
    message_.clear();
    update();
}

void PageMapView::set_scale(Colormap colormap, const core::MapScale& scale) {
    colormap_ = colormap;
    scale_ = scale;
    setToolTip(colour_bar_text());
    update();
}

void PageMapView::clear_scale() {
    scale_.reset();
    setToolTip(QString());
    update();
}

QString PageMapView::colour_bar_text() const {
    return scale_ ? core::scale_text(*scale_) : QString();
}

QRect PageMapView::colour_bar_rect() const {
    if (!scale_ || !message_.isEmpty() || image_.isNull()) {
        return {};
    }
    const int h = core::colour_bar_height(font());
    return {2, height() - h - 2, width() - 4, h};
}

void PageMapView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        setToolTip(colour_bar_text());
        update();
    }
    QWidget::changeEvent(event);
}

void PageMapView::set_message(const QString& message) {
    message_ = message;
    update();
}

void PageMapView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QFontMetrics metrics(font());
    const QRect caption_rect(0, 0, width(), metrics.height() * 2 + 4);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(caption_rect, Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap, caption_);
    QRect area = rect().adjusted(2, caption_rect.height() + 4, -2, -2);
    if (!message_.isEmpty() || image_.isNull()) {
        p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, message_);
        return;
    }
    const QRect bar = colour_bar_rect();
    if (!bar.isEmpty()) {
        area.setBottom(bar.top() - 4);
        core::paint_colour_bar(p, bar, colormap_, *scale_, font(),
                               palette().color(QPalette::WindowText));
        p.setPen(palette().color(QPalette::WindowText));
    }
    QSize size = image_.size().scaled(area.size(), Qt::KeepAspectRatio);
    const QRect target(area.center() - QPoint(size.width() / 2, size.height() / 2), size);
    // Enlarged small maps keep square pixels, so each value stays visible as one cell.
    p.setRenderHint(QPainter::SmoothPixmapTransform, size.width() < image_.width());
    p.drawImage(target, image_);
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(target.adjusted(0, 0, -1, -1));
}

}  // namespace cs::gui
