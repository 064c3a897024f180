#pragma once
// Lesson page "channels": how a convolution combines channels. Tabs: the partial maps of each
// input channel with its kernel slice, summed with the bias into the output map (several
// kernels give several maps); a 1×1 convolution as a per-pixel weighted sum across channels;
// groups and depthwise convolution as a wiring diagram; parameter counts beside a fully
// connected layer. Maps come from the engine, off the UI thread.
#include <QWidget>

#include <optional>
#include <vector>

#include "app/core/page_channels.hpp"
#include "app/core/page_input.hpp"
#include "app/core/page_worker.hpp"

class QHBoxLayout;
class QLabel;
class QSpinBox;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class Language;
class MapRangeControls;
class PageMapView;
class PageMatrixView;
class PageWiringView;

class ChannelsPage : public QWidget {
    Q_OBJECT
  public:
    ChannelsPage(core::LessonController* controller, const Language* language,
                 QWidget* parent = nullptr);

    static constexpr const char* page_name = "channels";
    // Tab order; channels_section() picks one for a lesson.
    static const std::vector<std::string>& sections();

    QTabWidget* tabs() const { return tabs_; }
    std::string current_section() const;
    QSpinBox* out_channel() const { return out_channel_; }
    QSpinBox* pixel_row() const { return pixel_row_; }
    QSpinBox* pixel_col() const { return pixel_col_; }
    QSpinBox* group_in() const { return group_in_; }
    QSpinBox* group_out() const { return group_out_; }
    QSpinBox* groups() const { return groups_; }
    QSpinBox* count_kernel() const { return count_kernel_; }
    QSpinBox* count_out() const { return count_out_; }
    QLabel* sum_label() const { return sum_label_; }
    QLabel* pixel_label() const { return pixel_label_; }
    QLabel* group_label() const { return group_label_; }
    QLabel* status_label() const { return status_; }
    PageWiringView* wiring_view() const { return wiring_; }
    QStandardItemModel* count_model() const { return count_model_; }
    const std::vector<PageMapView*>& partial_views() const { return partial_views_; }
    MapRangeControls* range_controls() const { return range_; }
    const std::vector<PageMatrixView*>& slice_views() const { return slice_views_; }
    // The numbers on screen (empty before the first result or after an error).
    const std::optional<core::PartialSums>& partial_sums() const { return sums_; }
    // The traces of the chosen pixel, one per output channel.
    const std::vector<Step>& pixel_steps() const { return pixel_steps_; }
    bool busy() const { return worker_.busy() || pixel_worker_.busy(); }

  protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    QWidget* build_partial_tab();
    QWidget* build_one_by_one_tab();
    QWidget* build_groups_tab();
    QWidget* build_counts_tab();
    void retranslate();
    void refresh_header();
    void on_lesson_changed();
    void recompute();
    void refresh_slices();
    void refresh_pixel();
    void refresh_pixel_text();
    void refresh_groups();
    void refresh_counts();
    // The 1×1 call of the second tab, without its input (the jobs add the shared one).
    OpCall one_by_one_call() const;
    void show_error(const QString& message);

    core::LessonController* controller_;
    const Language* language_;
    core::PageWorker worker_;
    core::PageWorker pixel_worker_;
    core::PageInput input_;
    std::optional<core::PartialSums> sums_;
    std::vector<Step> pixel_steps_;
    Tensor one_by_one_output_;
    float sum_low_ = 0.0f;
    float sum_high_ = 0.0f;
    float sum_difference_ = 0.0f;

    QLabel* header_ = nullptr;
    QLabel* status_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    // Partial sums
    QLabel* out_channel_label_ = nullptr;
    QSpinBox* out_channel_ = nullptr;
    QLabel* planes_title_ = nullptr;
    QLabel* slices_title_ = nullptr;
    QLabel* partials_title_ = nullptr;
    QLabel* outputs_title_ = nullptr;
    MapRangeControls* range_ = nullptr;
    QHBoxLayout* planes_row_ = nullptr;
    QHBoxLayout* slices_row_ = nullptr;
    QHBoxLayout* partials_row_ = nullptr;
    QHBoxLayout* outputs_row_ = nullptr;
    std::vector<PageMapView*> plane_views_;
    std::vector<PageMatrixView*> slice_views_;
    std::vector<PageMapView*> partial_views_;
    std::vector<PageMapView*> output_views_;
    QLabel* sum_label_ = nullptr;
    // 1×1
    QLabel* one_text_ = nullptr;
    QHBoxLayout* one_planes_row_ = nullptr;
    QHBoxLayout* one_outputs_row_ = nullptr;
    std::vector<PageMapView*> one_plane_views_;
    std::vector<PageMapView*> one_output_views_;
    PageMatrixView* one_weights_ = nullptr;
    QLabel* pixel_caption_ = nullptr;
    QSpinBox* pixel_row_ = nullptr;
    QSpinBox* pixel_col_ = nullptr;
    QLabel* pixel_label_ = nullptr;
    // Groups
    QLabel* group_in_label_ = nullptr;
    QLabel* group_out_label_ = nullptr;
    QLabel* groups_label_ = nullptr;
    QSpinBox* group_in_ = nullptr;
    QSpinBox* group_out_ = nullptr;
    QSpinBox* groups_ = nullptr;
    PageWiringView* wiring_ = nullptr;
    QLabel* group_label_ = nullptr;
    // Parameter counts
    QLabel* count_in_label_ = nullptr;
    QLabel* count_size_label_ = nullptr;
    QLabel* count_kernel_label_ = nullptr;
    QLabel* count_out_label_ = nullptr;
    QSpinBox* count_in_ = nullptr;
    QSpinBox* count_h_ = nullptr;
    QSpinBox* count_w_ = nullptr;
    QSpinBox* count_kernel_ = nullptr;
    QSpinBox* count_out_ = nullptr;
    QStandardItemModel* count_model_ = nullptr;
    QTableView* count_table_ = nullptr;
    QLabel* count_text_ = nullptr;
};

}  // namespace cs::gui
