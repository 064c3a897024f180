#pragma once
// Learn a kernel (d2l 6.2.4): the input X, the target Y = X ⋆ K and the current prediction
// X ⋆ K̂ side by side, the learned kernel's values against the true ones, and the loss curve,
// while the controller plays one gradient step per tick.
#include <QWidget>

class QComboBox;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QPushButton;
class QTableWidget;
class QChart;
class QValueAxis;

namespace cs::core {
class KernelLearningController;
}

namespace cs::gui {

class InspectMapsView;
class Language;

class KernelLearningView : public QWidget {
    Q_OBJECT
  public:
    KernelLearningView(core::KernelLearningController* controller, const Language* language,
                       QWidget* parent = nullptr);
    void retranslate();
    // 0: d2l's edge example; 1: Sobel x; 2: Laplacian; 3: the 3×3 kernel in the table.
    void choose_example(int index);

    QComboBox* example_box() const { return example_; }
    QPushButton* play_button() const { return play_; }
    QTableWidget* kernel_table() const { return kernel_; }
    QLineSeries* loss_series() const { return loss_; }

  private:
    void refresh();
    void refresh_table();

    core::KernelLearningController* controller_;
    const Language* language_;
    QLabel* example_label_ = nullptr;
    QComboBox* example_ = nullptr;
    QPushButton* play_ = nullptr;
    QPushButton* step_ = nullptr;
    QPushButton* reset_ = nullptr;
    QLabel* explanation_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* draw_hint_ = nullptr;
    QTableWidget* target_ = nullptr;  // the kernel to learn; editable for the drawn kernel
    QTableWidget* kernel_ = nullptr;  // the learned kernel
    InspectMapsView* images_ = nullptr;
    QChart* chart_ = nullptr;
    QLineSeries* loss_ = nullptr;
    QValueAxis* x_axis_ = nullptr;
    QLogValueAxis* y_axis_ = nullptr;
};

}  // namespace cs::gui
