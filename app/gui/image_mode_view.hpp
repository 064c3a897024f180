#pragma once
// Image mode: the loaded image, the kernel and the full output feature map side by side.
// Hovering an output pixel shows its value and outlines its window on the input; clicking the
// input moves the region the step animation runs on. The full map is computed off the UI
// thread, so a 12-megapixel photo never freezes the window.
#include <QImage>
#include <QWidget>

#include "app/core/async_evaluator.hpp"
#include "app/core/map_range.hpp"
#include "app/core/theme.hpp"

class QComboBox;
class QLabel;
class QSpinBox;

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class ColourBar;
class FeatureMapCanvas;
class MapRangeControls;

class ImageModeView : public QWidget {
    Q_OBJECT
  public:
    explicit ImageModeView(core::LessonController* controller, QWidget* parent = nullptr);

    bool busy() const { return evaluator_.busy(); }
    const Tensor& full_output() const { return output_; }
    void set_theme(const core::Theme& theme);
    // The output map as drawn, its colour range and the bar that states it.
    const QImage& output_image() const;
    const core::MapScale& output_scale() const { return scale_; }
    ColourBar* colour_bar() const { return bar_; }
    // Robust (the default, remembered in the settings) or full range.
    void set_range_clip(core::RangeClip clip);
    // Saves the shown output channel as a PNG with the chosen colormap.
    void export_output(const QString& path) const;

  signals:
    void hover_text(const QString& text);

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void recompute();
    void refresh_images();
    void apply_view_options();

    core::LessonController* controller_;
    core::AsyncEvaluator evaluator_;
    Tensor output_;
    QComboBox* colormap_ = nullptr;
    QComboBox* normalization_ = nullptr;
    MapRangeControls* range_ = nullptr;
    ColourBar* bar_ = nullptr;
    core::MapScale scale_;
    QSpinBox* channel_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* colormap_label_ = nullptr;
    QLabel* normalization_label_ = nullptr;
    QLabel* channel_label_ = nullptr;
    FeatureMapCanvas* canvas_ = nullptr;
};

}  // namespace cs::gui
