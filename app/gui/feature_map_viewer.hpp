#pragma once
// The enlarged view of one feature map (or of the input photo): zoom with the wheel, pan by
// dragging, hover for the exact value, click to outline the pixel's receptive field. Only the
// visible part is coloured, at screen resolution, so a 12-megapixel map pans smoothly.
#include <QImage>
#include <QWidget>

#include <optional>

#include "app/core/map_range.hpp"
#include "engine/pipeline/map_export.hpp"

namespace cs::core {
class PipelineController;
}

namespace cs::gui {

class FeatureMapViewer : public QWidget {
    Q_OBJECT
  public:
    explicit FeatureMapViewer(core::PipelineController* controller, QWidget* parent = nullptr);

    // 0: the input; m > 0: the output of layer m − 1, channel = the controller's focus channel.
    void show_map(size_t map);
    size_t map() const { return map_; }
    void set_style(const pipeline::MapStyle& style, core::RangeClip clip);
    // The colour range of the shown map and what its bar says (none for the input photo).
    const std::optional<core::MapScale>& scale() const { return shown_scale_; }
    QString colour_bar_text() const;
    // What the viewer says when it has no map to show (no photo, still computing, or a layer
    // that cannot work).
    QString placeholder_text() const;
    QRect colour_bar_rect() const;
    void fit();
    void zoom_by(double factor, QPointF around);
    double zoom() const { return scale_; }

    // The full-resolution map pixel (row, column) under a widget position, if any.
    std::optional<QPoint> pixel_at(QPointF position) const;
    // Where a full-resolution map pixel (row, column) is drawn.
    QPointF widget_position(double row, double column) const;

  signals:
    void hover_text(const QString& text);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

  private:
    // Size of the shown map in the result (may be a preview) and at full resolution.
    QSizeF shown_size() const;
    QSizeF full_size() const;
    void refresh_image();
    void draw_field(QPainter& p) const;

    core::PipelineController* controller_;
    int bar_height() const;  // the strip under the map for its colour bar

    pipeline::MapStyle style_;
    core::RangeClip clip_ = core::RangeClip::robust;
    std::optional<core::MapScale> shown_scale_;
    // What shown_scale_ was computed for: a 12-megapixel map is sampled once, not on every pan.
    const void* scale_result_ = nullptr;
    size_t scale_map_ = 0;
    int64_t scale_channel_ = -1;
    size_t map_ = 0;
    double scale_ = 1.0;  // widget pixels per full-resolution map pixel
    QPointF origin_;      // full-resolution map position at the widget's top-left corner
    QImage image_;        // the visible part, coloured
    QRectF image_rect_;   // where image_ goes, in full-resolution map coordinates
    QPointF press_;
    QPointF last_;
    bool dragging_ = false;
    bool fitted_ = false;
    bool moved_ = false;  // zoomed or panned by the student: keep the view on resizes
};

}  // namespace cs::gui
