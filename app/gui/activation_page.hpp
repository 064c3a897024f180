#pragma once
// Lesson page "activation": an activation (ReLU, leaky ReLU, sigmoid, tanh) applied to a signed
// feature map — the Sobel response of the lesson's image. The maps before and after share one
// diverging colour scale, so clipped values visibly turn white; beside them the function's
// curve, a histogram of the values before and after, and how many values were clipped. The
// function chosen is the lesson's op (an undoable edit, saved with the lesson).
#include <QWidget>

#include <optional>

#include "app/core/page_activation.hpp"
#include "app/core/page_input.hpp"
#include "app/core/page_worker.hpp"

class QChart;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QPushButton;
class QValueAxis;

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class Language;
class PageMapView;

class ActivationPage : public QWidget {
    Q_OBJECT
  public:
    ActivationPage(core::LessonController* controller, const Language* language,
                   QWidget* parent = nullptr);

    static constexpr const char* page_name = "activation";

    QComboBox* function_box() const { return function_; }
    QDoubleSpinBox* slope_box() const { return slope_; }
    QLabel* count_label() const { return count_label_; }
    QLabel* status_label() const { return status_; }
    PageMapView* before_view() const { return before_view_; }
    PageMapView* after_view() const { return after_view_; }
    QLineSeries* curve_series() const { return curve_; }
    // The numbers on screen (empty before the first result or after an error).
    const std::optional<core::ActivationMaps>& maps() const { return maps_; }
    bool busy() const { return worker_.busy(); }

  protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    void retranslate();
    void refresh_header();
    void refresh_controls();
    void refresh_curve();
    void refresh_histogram();
    void refresh_counts();
    void on_lesson_changed();
    void recompute();
    void choose_function(int index);
    void choose_slope(double slope);
    void open_image();
    void show_error(const QString& message);
    std::string op() const;
    nlohmann::json params() const;

    core::LessonController* controller_;
    const Language* language_;
    core::PageWorker worker_;
    core::PageInput input_;
    std::optional<core::ActivationMaps> maps_;

    QLabel* header_ = nullptr;
    QLabel* function_label_ = nullptr;
    QComboBox* function_ = nullptr;
    QLabel* slope_label_ = nullptr;
    QDoubleSpinBox* slope_ = nullptr;
    QPushButton* open_button_ = nullptr;
    PageMapView* before_view_ = nullptr;
    PageMapView* after_view_ = nullptr;
    QChart* curve_chart_ = nullptr;
    QLineSeries* curve_ = nullptr;
    QValueAxis* curve_x_ = nullptr;
    QValueAxis* curve_y_ = nullptr;
    QChart* histogram_chart_ = nullptr;
    QLineSeries* before_histogram_ = nullptr;
    QLineSeries* after_histogram_ = nullptr;
    QValueAxis* histogram_x_ = nullptr;
    QLogValueAxis* histogram_y_ = nullptr;
    QLabel* count_label_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace cs::gui
