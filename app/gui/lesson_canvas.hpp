#pragma once
// The lesson canvas: draws the current frame with the shared frame painter, glides the kernel
// window during playback, and lets the student click an output cell to jump to its step or
// double-click an input cell to change its value.
#include <QVariantAnimation>
#include <QWidget>

#include "app/core/frame_painter.hpp"
#include "app/core/theme.hpp"

namespace cs::core {
class LessonController;
class Playback;
}  // namespace cs::core

namespace cs::gui {

class LessonCanvas : public QWidget {
    Q_OBJECT
  public:
    LessonCanvas(core::LessonController* controller, core::Playback* playback,
                 QWidget* parent = nullptr);

    void set_theme(const core::Theme& theme);
    const core::Theme& theme() const { return theme_; }
    void set_chinese(bool chinese);
    // The frame as an image of the given size (Export Frame as PNG).
    QImage render_frame(const QSize& size) const;

    QSize sizeHint() const override { return {900, 620}; }

    // Transposed convolution: shows its expanded grid being built (zeros inserted, border,
    // output_padding), about 3 seconds.
    void build_grid();
    bool building() const { return build_stage_ >= 0.0; }
    // Where the last paint put every cell, sign and text.
    const core::FrameLayout& layout() const { return layout_; }

  signals:
    void hover_text(const QString& text);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

  private:
    const core::FrameLayout::Cell* cell_at(const std::vector<core::FrameLayout::Cell>& cells,
                                           const QPointF& pos) const;

    core::LessonController* controller_;
    core::Playback* playback_;
    core::Theme theme_;
    core::FrameLayout layout_;
    bool chinese_ = false;
    double build_stage_ = -1.0;
    QVariantAnimation* build_animation_ = nullptr;
};

}  // namespace cs::gui
