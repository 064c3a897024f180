#include "app/gui/feature_map_viewer.hpp"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>
#include <optional>

#include "app/core/frame_painter.hpp"
#include "app/core/pipeline_controller.hpp"
#include "app/gui/feature_map_image.hpp"

namespace cs::gui {
namespace {

QSizeF map_size(const Shape& shape) {
    if (shape.size() == 4) {
        return {static_cast<double>(shape[3]), static_cast<double>(shape[2])};
    }
    return {static_cast<double>(shape.empty() ? 1 : shape.back()), 1.0};
}

}  // namespace

FeatureMapViewer::FeatureMapViewer(core::PipelineController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setMouseTracking(true);
    setMinimumSize(240, 160);
    setFocusPolicy(Qt::ClickFocus);
    connect(controller_, &core::PipelineController::result_changed, this, [this] {
        scale_result_ = nullptr;  // a new result may live where the old one did
        if (!moved_) {
            fit();
        }
        refresh_image();
        update();
    });
    connect(controller_, &core::PipelineController::selection_changed, this,
            qOverload<>(&QWidget::update));
    connect(controller_, &core::PipelineController::focus_changed, this, [this] {
        refresh_image();
        update();
    });
}

void FeatureMapViewer::show_map(size_t map) {
    const bool changed = map != map_;
    map_ = map;
    if (changed || !moved_) {
        fit();
    }
    refresh_image();
    update();
}

void FeatureMapViewer::set_style(const pipeline::MapStyle& style, core::RangeClip clip) {
    style_ = style;
    clip_ = clip;
    scale_result_ = nullptr;  // computed again
    refresh_image();
    update();
}

QSizeF FeatureMapViewer::full_size() const {
    const pipeline::Plan& plan = controller_->plan();
    if (map_ == 0) {
        return map_size(plan.input_shape);
    }
    return map_ - 1 < plan.layers.size() ? map_size(plan.layers[map_ - 1].output.shape)
                                         : QSizeF(1, 1);
}

QSizeF FeatureMapViewer::shown_size() const {
    const auto& result = controller_->result();
    if (!result) {
        return full_size();
    }
    if (map_ == 0) {
        return map_size(result->input_shape);
    }
    if (map_ - 1 < result->maps.size()) {
        const pipeline::LayerMaps& m = result->maps[map_ - 1];
        return {static_cast<double>(m.width), static_cast<double>(m.height)};
    }
    return full_size();
}

void FeatureMapViewer::fit() {
    const QSizeF size = full_size();
    if (size.isEmpty() || width() < 2 || height() < 2) {
        return;
    }
    const int h = std::max(2, height() - bar_height());
    scale_ = std::min((width() - 8) / size.width(), (h - 8) / size.height());
    moved_ = false;
    origin_ =
        QPointF(size.width() / 2 - width() / (2 * scale_), size.height() / 2 - h / (2 * scale_));
    fitted_ = true;
}

void FeatureMapViewer::zoom_by(double factor, QPointF around) {
    const QPointF at = origin_ + around / scale_;
    const QSizeF size = full_size();
    const double fit_scale = std::min(width() / size.width(), height() / size.height());
    scale_ = std::clamp(scale_ * factor, fit_scale * 0.5, 64.0);
    moved_ = true;
    origin_ = at - around / scale_;
    refresh_image();
    update();
}

std::optional<QPoint> FeatureMapViewer::pixel_at(QPointF position) const {
    const QPointF at = origin_ + position / scale_;
    const QSizeF size = full_size();
    if (at.x() < 0 || at.y() < 0 || at.x() >= size.width() || at.y() >= size.height()) {
        return std::nullopt;
    }
    return QPoint(static_cast<int>(at.y()), static_cast<int>(at.x()));  // (row, column)
}

QPointF FeatureMapViewer::widget_position(double row, double column) const {
    return (QPointF(column, row) - origin_) * scale_;
}

// Colours the visible part of the map. Coordinates: the full-resolution map; a preview result
// is stretched over it.
int FeatureMapViewer::bar_height() const {
    return core::colour_bar_height(font()) + 8;
}

QRect FeatureMapViewer::colour_bar_rect() const {
    if (!shown_scale_ || image_.isNull()) {
        return {};
    }
    const int h = core::colour_bar_height(font());
    return {6, height() - h - 4, std::min(width() - 12, 560), h};
}

QString FeatureMapViewer::colour_bar_text() const {
    return shown_scale_ && !image_.isNull() ? core::scale_text(*shown_scale_) : QString();
}

void FeatureMapViewer::refresh_image() {
    image_ = QImage();
    if (map_ == 0) {
        shown_scale_.reset();
        scale_result_ = nullptr;
    }
    const auto& result = controller_->result();
    if (!result || width() < 2) {
        return;
    }
    const QSizeF full = full_size();
    const QSizeF shown = shown_size();
    const double sx = shown.width() / full.width(), sy = shown.height() / full.height();
    const QRectF visible(origin_, QSizeF(width() / scale_, height() / scale_));
    const QRectF clipped = visible.intersected(QRectF(QPointF(0, 0), full));
    if (clipped.isEmpty()) {
        return;
    }
    if (map_ == 0) {
        image_ = result->input_image;
        image_rect_ = QRectF(QPointF(0, 0), full);
        return;
    }
    const size_t layer = map_ - 1;
    if (layer >= result->maps.size()) {
        return;
    }
    const pipeline::LayerMaps& m = result->maps[layer];
    const int64_t channel = std::min<int64_t>(controller_->focus_channel(), m.channels - 1);
    if (scale_result_ != result.get() || scale_map_ != map_ || scale_channel_ != channel) {
        shown_scale_ = core::full_scale(m, channel, style_, clip_);
        scale_result_ = result.get();
        scale_map_ = map_;
        scale_channel_ = channel;
    }
    const core::MapScale& range = *shown_scale_;
    if (m.has_full(channel)) {
        const QRect source(static_cast<int>(std::floor(clipped.left() * sx)),
                           static_cast<int>(std::floor(clipped.top() * sy)),
                           static_cast<int>(std::ceil(clipped.width() * sx)) + 1,
                           static_cast<int>(std::ceil(clipped.height() * sy)) + 1);
        image_ = full_image(m, channel, source, size(), style_.colormap, range);
        const QRect area =
            source.intersected(QRect(0, 0, static_cast<int>(m.width), static_cast<int>(m.height)));
        image_rect_ =
            QRectF(area.left() / sx, area.top() / sy, area.width() / sx, area.height() / sy);
    } else {
        image_ = thumbnail_image(m, channel, style_.colormap, range);
        image_rect_ = QRectF(QPointF(0, 0), full);
    }
}

QString FeatureMapViewer::placeholder_text() const {
    if (!controller_->has_image()) {
        return tr("Open an image to see its feature maps.");
    }
    // A layer that cannot work leaves no maps from it on: say so, not "computing" for ever.
    const auto& error_layer = controller_->plan().error_layer;
    if (error_layer && map_ > 0 && map_ - 1 >= *error_layer) {
        return tr("No maps here: layer %1 cannot work with its settings (the layer list says "
                  "why).")
            .arg(*error_layer + 1);
    }
    return tr("Computing the feature maps…");
}

void FeatureMapViewer::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base).darker(104));
    if (!fitted_) {
        fit();
        refresh_image();
    }
    if (image_.isNull()) {
        p.setPen(palette().color(QPalette::Text));
        p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                   placeholder_text());
        return;
    }
    const QRectF target(widget_position(image_rect_.top(), image_rect_.left()),
                        widget_position(image_rect_.bottom(), image_rect_.right()));
    p.setRenderHint(QPainter::SmoothPixmapTransform, map_ == 0 && scale_ < 1.0);
    p.drawImage(target, image_);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.drawRect(
        QRectF(widget_position(0, 0), widget_position(full_size().height(), full_size().width())));
    draw_field(p);
    const QRect bar = colour_bar_rect();
    if (!bar.isEmpty()) {
        // The bar on a strip of its own: a panned map slides under it, never over it.
        p.fillRect(QRect(0, height() - bar_height(), width(), bar_height()),
                   palette().color(QPalette::Window));
        core::paint_colour_bar(p, bar, style_.colormap, *shown_scale_, font(),
                               palette().color(QPalette::WindowText));
    }
}

// The selected pixel's receptive field on this map, if the map is at or before its layer.
void FeatureMapViewer::draw_field(QPainter& p) const {
    const auto field = controller_->selection_field();
    if (!field || map_ >= field->windows.size()) {
        return;
    }
    const pipeline::Window& w = field->windows[map_];
    const pipeline::Window& c = field->clipped[map_];
    const QRectF full(
        widget_position(static_cast<double>(w.y0), static_cast<double>(w.x0)),
        widget_position(static_cast<double>(w.y1 + 1), static_cast<double>(w.x1 + 1)));
    const QRectF real(
        widget_position(static_cast<double>(c.y0), static_cast<double>(c.x0)),
        widget_position(static_cast<double>(c.y1 + 1), static_cast<double>(c.x1 + 1)));
    // At least a few pixels wide, so that a one-pixel field on a large map stays visible.
    const auto visible = [](QRectF r) {
        if (r.width() < 6) {
            r.adjust(-(6 - r.width()) / 2, 0, (6 - r.width()) / 2, 0);
        }
        if (r.height() < 6) {
            r.adjust(0, -(6 - r.height()) / 2, 0, (6 - r.height()) / 2);
        }
        return r;
    };
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(255, 170, 0), 1, Qt::DashLine));
    p.drawRect(visible(full));
    p.setPen(QPen(QColor(255, 60, 0), 2));
    p.drawRect(visible(real));
}

void FeatureMapViewer::wheelEvent(QWheelEvent* event) {
    zoom_by(std::pow(1.0015, event->angleDelta().y()), event->position());
    event->accept();
}

void FeatureMapViewer::mousePressEvent(QMouseEvent* event) {
    press_ = last_ = event->position();
    dragging_ = false;
}

void FeatureMapViewer::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (event->buttons() & Qt::LeftButton) {
        if ((pos - press_).manhattanLength() > 4) {
            dragging_ = true;
        }
        if (dragging_) {
            origin_ -= (pos - last_) / scale_;
            moved_ = true;
            last_ = pos;
            refresh_image();
            update();
        }
        return;
    }
    const auto pixel = pixel_at(pos);
    const auto& result = controller_->result();
    if (!pixel || !result) {
        emit hover_text(QString());
        return;
    }
    const int row = pixel->x(), column = pixel->y();
    if (map_ == 0) {
        emit hover_text(tr("input (%1, %2)").arg(row).arg(column));
        return;
    }
    const size_t layer = map_ - 1;
    if (layer >= result->maps.size()) {
        return;
    }
    const pipeline::LayerMaps& m = result->maps[layer];
    const int64_t channel = std::min<int64_t>(controller_->focus_channel(), m.channels - 1);
    const QSizeF full = full_size();
    const auto y = static_cast<int64_t>(row * (m.height / full.height()));
    const auto x = static_cast<int64_t>(column * (m.width / full.width()));
    if (m.has_full(channel) && !result->preview) {
        emit hover_text(tr("layer %1, channel %2, (%3, %4) = %5")
                            .arg(layer + 1)
                            .arg(channel)
                            .arg(row)
                            .arg(column)
                            .arg(core::format_value(m.value(channel, y, x))));
    } else {
        const int64_t ty = y * m.thumb_h / m.height, tx = x * m.thumb_w / m.width;
        emit hover_text(tr("layer %1, channel %2, (%3, %4) ≈ %5 (mean of the thumbnail pixel)")
                            .arg(layer + 1)
                            .arg(channel)
                            .arg(row)
                            .arg(column)
                            .arg(core::format_value(m.thumb_plane(channel)[ty * m.thumb_w + tx])));
    }
}

void FeatureMapViewer::mouseReleaseEvent(QMouseEvent* event) {
    if (!dragging_ && event->button() == Qt::LeftButton) {
        if (const auto pixel = pixel_at(event->position()); pixel && map_ > 0) {
            controller_->select_pixel(map_ - 1, pixel->x(), pixel->y());
        }
    }
    dragging_ = false;
}

void FeatureMapViewer::resizeEvent(QResizeEvent*) {
    if (!moved_) {  // until the student zooms or pans, the map fills the view
        fit();
    }
    refresh_image();
}

}  // namespace cs::gui
