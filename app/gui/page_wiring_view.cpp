#include "app/gui/page_wiring_view.hpp"

#include <QPainter>

#include <algorithm>

namespace cs::gui {

PageWiringView::PageWiringView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PageWiringView::set_wiring(int64_t in_channels, int64_t groups,
                                std::vector<std::vector<int64_t>> inputs_of_output) {
    in_channels_ = in_channels;
    groups_ = std::max<int64_t>(1, groups);
    inputs_of_output_ = std::move(inputs_of_output);
    update();
}

int64_t PageWiringView::connection_count() const {
    int64_t n = 0;
    for (const auto& inputs : inputs_of_output_) {
        n += static_cast<int64_t>(inputs.size());
    }
    return n;
}

void PageWiringView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int64_t outputs = static_cast<int64_t>(inputs_of_output_.size());
    if (in_channels_ == 0 || outputs == 0) {
        return;
    }
    const QFontMetrics metrics(font());
    const double top = metrics.height() * 1.8;
    const double bottom = height() - 8.0;
    const double left_x = width() * 0.25;
    const double right_x = width() * 0.75;
    const double radius = std::clamp((bottom - top) / std::max(in_channels_, outputs) * 0.3, 4.0,
                                     metrics.height() * 0.9);
    auto y_of = [&](int64_t i, int64_t n) { return top + (bottom - top) * (i + 0.5) / n; };
    auto group_colour = [&](int64_t g) {
        return QColor::fromHsv(static_cast<int>(g * 360 / groups_ + 20) % 360, 170, 200);
    };
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRectF(0, 0, width() / 2.0, top), Qt::AlignCenter, tr("input channels"));
    p.drawText(QRectF(width() / 2.0, 0, width() / 2.0, top), Qt::AlignCenter,
               tr("output channels"));
    const int64_t out_per_group = std::max<int64_t>(1, outputs / groups_);
    for (int64_t o = 0; o < outputs; ++o) {
        const QColor colour = group_colour(o / out_per_group);
        p.setPen(QPen(colour, 2));
        for (const int64_t i : inputs_of_output_[static_cast<size_t>(o)]) {
            p.drawLine(QPointF(left_x + radius, y_of(i, in_channels_)),
                       QPointF(right_x - radius, y_of(o, outputs)));
        }
    }
    auto node = [&](double x, double y, const QString& label, const QColor& colour) {
        p.setPen(QPen(palette().color(QPalette::WindowText), 1.5));
        p.setBrush(colour);
        p.drawEllipse(QPointF(x, y), radius, radius);
        p.setBrush(Qt::NoBrush);
        const double w = metrics.horizontalAdvance(label) + 8.0;
        const QRectF box(x < width() / 2.0 ? x - radius - w : x + radius + 4, y - 10, w, 20);
        p.drawText(box, Qt::AlignVCenter | (x < width() / 2.0 ? Qt::AlignRight : Qt::AlignLeft),
                   label);
    };
    const int64_t in_per_group = std::max<int64_t>(1, in_channels_ / groups_);
    for (int64_t i = 0; i < in_channels_; ++i) {
        node(left_x, y_of(i, in_channels_), QString("x%1").arg(i),
             group_colour(i / in_per_group).lighter(130));
    }
    for (int64_t o = 0; o < outputs; ++o) {
        node(right_x, y_of(o, outputs), QString("y%1").arg(o),
             group_colour(o / out_per_group).lighter(130));
    }
}

}  // namespace cs::gui
