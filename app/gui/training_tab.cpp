#include "app/gui/training_tab.hpp"

#include <QEvent>

#include "app/gui/inspect_page.hpp"
#include "app/gui/kernel_learning_view.hpp"
#include "app/gui/training_page.hpp"

namespace cs::gui {

TrainingTab::TrainingTab(const Language* language, const QString& data_dir, QWidget* parent)
    : QTabWidget(parent),
      data_dir_(data_dir),
      data_(new core::TrainingData(this)),
      controller_(new core::TrainingController(this)),
      kernel_learning_(new core::KernelLearningController(this)) {
    setDocumentMode(true);
    train_ = new TrainingPage(controller_, data_, language, this);
    inspect_ = new InspectPage(controller_, data_, language, this);
    kernel_ = new KernelLearningView(kernel_learning_, language, this);
    addTab(train_, QString());
    addTab(inspect_, QString());
    addTab(kernel_, QString());
    retranslate();
}

void TrainingTab::load_data() {
    if (!data_->ready() && !data_->loading() && data_->error().isEmpty()) {
        data_->load(data_dir_);
    }
}

void TrainingTab::showEvent(QShowEvent* event) {
    QTabWidget::showEvent(event);
    load_data();
}

void TrainingTab::retranslate() {
    setTabText(0, tr("Train"));
    setTabText(1, tr("Look Inside"));
    setTabText(2, tr("Learn a Kernel"));
}

void TrainingTab::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        train_->retranslate();
        inspect_->retranslate();
        kernel_->retranslate();
    }
    QTabWidget::changeEvent(event);
}

}  // namespace cs::gui
