#pragma once
// Lesson page "pool_backward": the gradient flowing back through pooling, and what a one-pixel
// shift of the input changes. Click a pooled output (or its gradient), or step with the play
// bar, to see where its gradient goes.
#include <QWidget>

#include "app/core/pool_backward.hpp"
#include "app/core/theme.hpp"

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class PoolBackwardPage : public QWidget {
    Q_OBJECT
  public:
    explicit PoolBackwardPage(core::LessonController* controller, QWidget* parent = nullptr);

    void set_theme(const core::Theme& theme);
    void select_output(int64_t index);
    int64_t selected_output() const { return selected_; }
    const std::optional<core::PoolBackwardResult>& result() const { return result_; }
    QString explanation() const;

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

  private:
    void recompute();
    void follow_step();  // selects the output of the controller's current step

    core::LessonController* controller_;
    core::Theme theme_;
    std::optional<core::PoolBackwardResult> result_;
    QString error_;
    int64_t selected_ = 0;
    std::vector<QRectF> output_rects_;
    std::vector<QRectF> gradient_rects_;
};

}  // namespace cs::gui
