#include "app/gui/draw_pad.hpp"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace cs::gui {

DrawPad::DrawPad(QWidget* parent)
    : QWidget(parent), values_(static_cast<size_t>(side * side), 0.0f) {
    setMinimumSize(140, 140);
    setCursor(Qt::CrossCursor);
}

Tensor DrawPad::input() const {
    return Tensor({1, 1, side, side}, values_);
}

void DrawPad::set_input(const Tensor& input) {
    if (input.numel() == side * side) {
        values_ = input.to_vector();
        update();
    }
}

void DrawPad::clear() {
    std::fill(values_.begin(), values_.end(), 0.0f);
    update();
}

void DrawPad::paint_at(double cx, double cy) {
    // A brush of radius 1.6 cells with a soft edge.
    constexpr double radius = 1.6;
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            const double d = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
            const double v = std::clamp(radius + 0.5 - d, 0.0, 1.0);
            float& cell = values_[static_cast<size_t>(y * side + x)];
            cell = std::max(cell, static_cast<float>(v));
        }
    }
    update();
}

QPointF DrawPad::to_cells(const QPointF& pos) const {
    const double s = std::min(width(), height()) / static_cast<double>(side);
    return pos / s;
}

void DrawPad::mousePressEvent(QMouseEvent* event) {
    const QPointF c = to_cells(event->position());
    paint_at(c.x(), c.y());
    emit drawn();
}

void DrawPad::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton) {
        const QPointF c = to_cells(event->position());
        paint_at(c.x(), c.y());
        emit drawn();
    }
}

void DrawPad::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const int s = std::min(width(), height()) / side;
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            const int g = static_cast<int>(values_[static_cast<size_t>(y * side + x)] * 255.0f);
            p.fillRect(x * s, y * s, s, s, QColor(g, g, g));
        }
    }
    p.setPen(palette().mid().color());
    p.drawRect(0, 0, side * s - 1, side * s - 1);
}

}  // namespace cs::gui
