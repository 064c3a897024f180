#pragma once
// The live curves of a training run (Qt Charts): the training loss per epoch, with the
// running loss of the epoch in progress, and the train and test accuracy per epoch.
#include <QWidget>

#include <vector>

#include "engine/train/trainer.hpp"

class QChart;
class QChartView;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace cs::gui {

class TrainingCharts : public QWidget {
    Q_OBJECT
  public:
    explicit TrainingCharts(QWidget* parent = nullptr);

    // Shows these finished epochs (replacing what was shown).
    void set_history(const std::vector<EpochReport>& history);
    void add_epoch(const EpochReport& report);
    // The epoch in progress: `fraction` of epoch `epoch` done, running loss and accuracy.
    void set_running(double epoch, double loss, double accuracy);
    void retranslate();

    QLineSeries* loss_series() const { return loss_; }
    QLineSeries* train_series() const { return train_; }
    QLineSeries* test_series() const { return test_; }

  private:
    void rescale();

    QChart* loss_chart_ = nullptr;
    QChart* accuracy_chart_ = nullptr;
    QLineSeries* loss_ = nullptr;
    QLineSeries* running_loss_ = nullptr;
    QLineSeries* train_ = nullptr;
    QLineSeries* running_train_ = nullptr;
    QLineSeries* test_ = nullptr;
    QValueAxis* loss_x_ = nullptr;
    QValueAxis* loss_y_ = nullptr;
    QValueAxis* acc_x_ = nullptr;
    QValueAxis* acc_y_ = nullptr;
    double max_loss_ = 1.0;
    double last_epoch_ = 0.0;
};

}  // namespace cs::gui
