#pragma once
// The Look-inside page: a test picture, a drawing or a photo goes through a trained network;
// the page shows what the network sees (28×28), every layer's feature maps, the class
// probabilities and the prediction, and — computed off the UI thread — the confusion matrix
// over the test set with the most confident mistakes. Works from the first start with the
// shipped weights.
#include <QWidget>

#include <memory>

#include "app/core/inspect_model.hpp"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace cs::core {
class TrainingController;
class TrainingData;
}  // namespace cs::core

namespace cs::gui {

class ConfusionView;
class DrawPad;
class MapRangeControls;
class InspectMapsView;
class InspectProbabilities;
class Language;

class InspectPage : public QWidget {
    Q_OBJECT
  public:
    InspectPage(core::TrainingController* training, core::TrainingData* data,
                const Language* language, QWidget* parent = nullptr);

    void retranslate();
    // Which network: 0 and 1 the shipped LeNets (modern, d2l), 2 the one on the Train page.
    void choose_network(int index);
    void show_test_picture(int64_t index);
    void show_input(const Tensor& input, int64_t label = -1);
    bool open_photo(const QString& path);  // false after showing the message
    void compute_confusion(int64_t limit = 0);

    std::shared_ptr<const Network> network() const { return network_; }
    const core::Inspection& inspection() const { return inspection_; }
    const Tensor& input() const { return input_; }
    DrawPad* draw_pad() const { return pad_; }
    InspectProbabilities* probabilities() const { return probabilities_; }
    InspectMapsView* maps() const { return maps_; }
    MapRangeControls* range_controls() const { return range_; }
    QLabel* prediction_label() const { return prediction_; }
    QLabel* message_label() const { return message_; }
    ConfusionView* confusion() const { return confusion_; }
    core::ConfusionJob* confusion_job() const { return job_; }
    QComboBox* network_box() const { return network_box_; }

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void refresh();
    void refresh_data_state();
    QStringList classes() const;

    core::TrainingController* training_;
    core::TrainingData* data_;
    const Language* language_;
    std::shared_ptr<const Network> network_;
    core::Inspection inspection_;
    Tensor input_;
    int64_t label_ = -1;
    std::shared_ptr<const Network> shipped_[2];

    QLabel* network_label_ = nullptr;
    QComboBox* network_box_ = nullptr;
    QLabel* sample_label_ = nullptr;
    QSpinBox* sample_ = nullptr;
    QPushButton* random_ = nullptr;
    QLabel* draw_label_ = nullptr;
    DrawPad* pad_ = nullptr;
    QPushButton* clear_ = nullptr;
    QPushButton* photo_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* prediction_ = nullptr;
    InspectMapsView* maps_ = nullptr;
    MapRangeControls* range_ = nullptr;
    InspectProbabilities* probabilities_ = nullptr;
    QPushButton* compute_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    ConfusionView* confusion_ = nullptr;
    core::ConfusionJob* job_ = nullptr;
};

}  // namespace cs::gui
