#pragma once
// Lesson page "transpose_compare": why output_padding exists, and transposed convolution next
// to nearest and bilinear upsampling of the same input.
#include <QWidget>

#include "app/core/theme.hpp"
#include "app/core/transpose_compare.hpp"

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class TransposeComparePage : public QWidget {
    Q_OBJECT
  public:
    explicit TransposeComparePage(core::LessonController* controller, QWidget* parent = nullptr);

    void set_theme(const core::Theme& theme);
    const std::vector<core::ComparedOp>& results() const { return results_; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    void recompute();

    core::LessonController* controller_;
    core::Theme theme_;
    std::vector<core::ComparedOp> results_;
    QString error_;
};

}  // namespace cs::gui
