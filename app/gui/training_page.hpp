#pragma once
// The Train page: choose a LeNet, see its layer shapes and parameter counts, and train it on
// Fashion-MNIST with start / pause / resume / cancel, a progress bar, live curves, and the
// first layer's kernels and one test picture's feature maps refreshing as training goes.
#include <QWidget>

#include "app/core/training_controller.hpp"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace cs::core {
class TrainingData;
}

namespace cs::gui {

class InspectMapsView;
class Language;
class TrainingCharts;

class TrainingPage : public QWidget {
    Q_OBJECT
  public:
    TrainingPage(core::TrainingController* controller, core::TrainingData* data,
                 const Language* language, QWidget* parent = nullptr);

    void retranslate();
    // Loads a .csw file as File › Load Weights does after its dialog; a bad file is shown in
    // a window-modal message box (object name "training_error") and the status line.
    bool load_weights_from(const QString& path);
    // Widgets, for tests.
    QPushButton* start_button() const { return start_; }
    QPushButton* pause_button() const { return pause_; }
    QPushButton* cancel_button() const { return cancel_; }
    QComboBox* network_box() const { return network_; }
    QSpinBox* epochs_box() const { return epochs_; }
    QSpinBox* limit_box() const { return limit_; }
    QProgressBar* progress_bar() const { return progress_; }
    QLabel* progress_label() const { return progress_text_; }
    QLabel* status_label() const { return status_; }
    QTableWidget* layer_table() const { return layers_; }
    TrainingCharts* charts() const { return charts_; }
    InspectMapsView* maps() const { return maps_; }

  private:
    void choose_network(int index);
    void start();
    void load_weights();
    void save_weights();
    void show_error(const QString& title, const QString& message);
    void refresh_layers();
    void refresh_buttons();
    void refresh_maps();
    void show_progress(const core::TrainingProgress& progress);
    void show_data_status();

    core::TrainingController* controller_;
    core::TrainingData* data_;
    const Language* language_;

    QLabel* network_label_ = nullptr;
    QComboBox* network_ = nullptr;
    QLabel* epochs_label_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QLabel* limit_label_ = nullptr;
    QSpinBox* limit_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* reset_ = nullptr;
    QPushButton* load_ = nullptr;
    QPushButton* save_ = nullptr;
    QLabel* status_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* progress_text_ = nullptr;
    QLabel* description_ = nullptr;
    QTableWidget* layers_ = nullptr;
    QLabel* total_ = nullptr;
    TrainingCharts* charts_ = nullptr;
    QLabel* sample_label_ = nullptr;
    QSpinBox* sample_ = nullptr;
    InspectMapsView* maps_ = nullptr;
    core::TrainingProgress last_progress_;
    bool has_progress_ = false;
};

}  // namespace cs::gui
