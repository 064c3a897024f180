#pragma once
// The "Training" workspace tab: Train | Look inside | Learn a kernel. It owns the data set, the
// training controller and the kernel-learning controller, and passes them to its pages.
#include <QTabWidget>

#include "app/core/kernel_learning_controller.hpp"
#include "app/core/training_controller.hpp"
#include "app/core/training_data.hpp"

namespace cs::gui {

class InspectPage;
class KernelLearningView;
class Language;
class TrainingPage;

class TrainingTab : public QTabWidget {
    Q_OBJECT
  public:
    // Fashion-MNIST is loaded from `data_dir`, in the background, when the tab is first shown:
    // decompressed it holds 55 MB that a class using only the lessons or the playground (with a
    // 12-megapixel photo, near the memory limit) does not need.
    TrainingTab(const Language* language, const QString& data_dir, QWidget* parent = nullptr);

    core::TrainingController* controller() { return controller_; }
    core::TrainingData* data() { return data_; }
    core::KernelLearningController* kernel_learning() { return kernel_learning_; }
    TrainingPage* train_page() const { return train_; }
    InspectPage* inspect_page() const { return inspect_; }
    KernelLearningView* kernel_page() const { return kernel_; }

    // Starts loading the data set unless it is loaded, loading or failed.
    void load_data();

  protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    void retranslate();

    QString data_dir_;
    // Children of the tab, created before and destroyed after the pages that use them.
    core::TrainingData* data_;
    core::TrainingController* controller_;
    core::KernelLearningController* kernel_learning_;
    TrainingPage* train_ = nullptr;
    InspectPage* inspect_ = nullptr;
    KernelLearningView* kernel_ = nullptr;
};

}  // namespace cs::gui
