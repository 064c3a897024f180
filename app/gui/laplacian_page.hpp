#pragma once
// Lesson page "laplacian": edge detection with second differences. Tab 1 plots a 1-D profile
// across a step edge with its first and second differences; tab 2 builds the 4- and
// 8-neighbour Laplacian kernels from [1 −2 1]; tab 3 applies the lesson's kernel to the
// lesson's image for the edge map, sharpens (image − c · Laplacian) beside the original and
// shows the Sobel gradient magnitude for comparison. All maps come from the engine, computed
// off the UI thread.
#include <QWidget>

#include <memory>

#include "app/core/page_input.hpp"
#include "app/core/page_laplacian.hpp"
#include "app/core/page_worker.hpp"

class QButtonGroup;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QPushButton;
class QRadioButton;
class QSlider;
class QSpinBox;
class QTabWidget;
class QHBoxLayout;

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class Language;
class PageMapView;
class PageMatrixView;

class LaplacianPage : public QWidget {
    Q_OBJECT
  public:
    LaplacianPage(core::LessonController* controller, const Language* language,
                  QWidget* parent = nullptr);

    static constexpr const char* page_name = "laplacian";

    QTabWidget* tabs() const { return tabs_; }
    QSpinBox* edge_width() const { return edge_width_; }
    QRadioButton* four_neighbour() const { return four_; }
    QRadioButton* eight_neighbour() const { return eight_; }
    QSlider* amount_slider() const { return amount_; }
    QLabel* amount_label() const { return amount_label_; }
    QLabel* range_label() const { return range_label_; }
    QLabel* status_label() const { return status_; }
    PageMatrixView* kernel_sum_view() const { return sum_view_; }
    PageMapView* edge_view() const { return edge_view_; }
    PageMapView* sharpened_view() const { return sharpened_view_; }
    const core::EdgeProfile& profile() const { return profile_; }
    // The maps on screen (null before the first result or after an error).
    std::shared_ptr<const core::LaplacianMaps> maps() const { return maps_; }
    const Tensor& sharpened_map() const { return sharpened_; }
    float amount() const;
    bool busy() const { return worker_.busy(); }

  protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    QWidget* build_profile_tab();
    QWidget* build_kernel_tab();
    QWidget* build_image_tab();
    void retranslate();
    void refresh_header();
    void refresh_profile();
    void refresh_kernel_parts();
    void on_lesson_changed();
    void recompute_maps();
    void recompute_sharpened();
    void choose_neighbours(int neighbours);
    void open_image();
    void show_error(const QString& message);

    core::LessonController* controller_;
    const Language* language_;
    core::PageWorker worker_;
    core::PageInput input_;
    core::PageWorker sharpen_worker_;
    core::EdgeProfile profile_;
    std::shared_ptr<const core::LaplacianMaps> maps_;
    Tensor sharpened_;

    QLabel* header_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    // Profile tab
    QChart* profile_chart_ = nullptr;
    QChartView* profile_view_ = nullptr;
    QLineSeries* intensity_series_ = nullptr;
    QLineSeries* first_series_ = nullptr;
    QLineSeries* second_series_ = nullptr;
    QLabel* edge_width_label_ = nullptr;
    QSpinBox* edge_width_ = nullptr;
    QLabel* profile_text_ = nullptr;
    // Kernel tab
    QLabel* kernel_text_ = nullptr;
    QRadioButton* four_ = nullptr;
    QRadioButton* eight_ = nullptr;
    QButtonGroup* neighbours_ = nullptr;
    QHBoxLayout* parts_row_ = nullptr;
    PageMatrixView* sum_view_ = nullptr;
    // Image tab
    QLabel* amount_caption_ = nullptr;
    QSlider* amount_ = nullptr;
    QLabel* amount_label_ = nullptr;
    QPushButton* open_button_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* range_label_ = nullptr;
    PageMapView* original_view_ = nullptr;
    PageMapView* edge_view_ = nullptr;
    PageMapView* sharpened_view_ = nullptr;
    PageMapView* sobel_view_ = nullptr;
};

}  // namespace cs::gui
