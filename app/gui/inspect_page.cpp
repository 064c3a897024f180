#include "app/gui/inspect_page.hpp"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "app/core/training_controller.hpp"
#include "app/core/training_data.hpp"
#include "app/core/training_shipped.hpp"
#include "app/gui/confusion_view.hpp"
#include "app/gui/draw_pad.hpp"
#include "app/gui/inspect_maps_view.hpp"
#include "app/gui/inspect_probabilities.hpp"
#include "app/gui/language.hpp"
#include "app/gui/map_range_controls.hpp"

namespace cs::gui {
namespace {

QString shape_text(const Shape& shape) {
    QStringList parts;
    for (int64_t d : shape) {
        parts << QString::number(d);
    }
    return parts.join(QStringLiteral("×"));
}

}  // namespace

InspectPage::InspectPage(core::TrainingController* training, core::TrainingData* data,
                         const Language* language, QWidget* parent)
    : QWidget(parent), training_(training), data_(data), language_(language) {
    setAcceptDrops(true);
    network_label_ = new QLabel(this);
    network_box_ = new QComboBox(this);
    network_box_->addItems({QString(), QString(), QString()});
    sample_label_ = new QLabel(this);
    sample_ = new QSpinBox(this);
    sample_->setRange(0, 9999);
    random_ = new QPushButton(this);
    draw_label_ = new QLabel(this);
    draw_label_->setWordWrap(true);
    pad_ = new DrawPad(this);
    clear_ = new QPushButton(this);
    photo_ = new QPushButton(this);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    prediction_ = new QLabel(this);
    prediction_->setWordWrap(true);
    QFont big = prediction_->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    prediction_->setFont(big);

    auto* left = new QWidget(this);
    auto* controls = new QVBoxLayout(left);
    controls->addWidget(network_label_);
    controls->addWidget(network_box_);
    auto* sample_row = new QHBoxLayout;
    sample_row->addWidget(sample_label_);
    sample_row->addWidget(sample_, 1);
    sample_row->addWidget(random_);
    controls->addLayout(sample_row);
    controls->addWidget(draw_label_);
    controls->addWidget(pad_);
    auto* pad_row = new QHBoxLayout;
    pad_row->addWidget(clear_);
    pad_row->addWidget(photo_);
    controls->addLayout(pad_row);
    controls->addWidget(prediction_);
    controls->addWidget(message_);
    controls->addStretch(1);

    maps_ = new InspectMapsView(this);
    // The maps under their colour choice (robust or full, per map or per layer).
    auto* middle = new QWidget(this);
    auto* middle_column = new QVBoxLayout(middle);
    middle_column->setContentsMargins(0, 0, 0, 0);
    range_ = new MapRangeControls(true, middle);
    auto* range_row = new QHBoxLayout;
    range_row->addWidget(range_);
    range_row->addStretch(1);
    middle_column->addLayout(range_row);
    connect(range_, &MapRangeControls::changed, maps_, &InspectMapsView::set_range);
    auto* scroll = new QScrollArea(middle);
    scroll->setWidget(maps_);
    scroll->setWidgetResizable(true);
    middle_column->addWidget(scroll, 1);
    probabilities_ = new InspectProbabilities(this);

    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(left);
    top->addWidget(middle);
    top->addWidget(probabilities_);
    top->setSizes({240, 700, 340});

    compute_ = new QPushButton(this);
    cancel_ = new QPushButton(this);
    cancel_->setEnabled(false);
    progress_ = new QProgressBar(this);
    confusion_ = new ConfusionView(this);
    job_ = new core::ConfusionJob(this);
    auto* bottom = new QWidget(this);
    auto* bottom_column = new QVBoxLayout(bottom);
    bottom_column->setContentsMargins(0, 0, 0, 0);
    auto* confusion_row = new QHBoxLayout;
    confusion_row->addWidget(compute_);
    confusion_row->addWidget(cancel_);
    confusion_row->addWidget(progress_, 1);
    bottom_column->addLayout(confusion_row);
    bottom_column->addWidget(confusion_, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setSizes({520, 420});
    auto* column = new QVBoxLayout(this);
    column->addWidget(splitter);

    connect(network_box_, &QComboBox::activated, this, &InspectPage::choose_network);
    connect(sample_, &QSpinBox::valueChanged, this, [this](int i) { show_test_picture(i); });
    connect(random_, &QPushButton::clicked, this, [this] {
        sample_->setValue(static_cast<int>(QRandomGenerator::global()->bounded(10000)));
    });
    connect(pad_, &DrawPad::drawn, this, [this] { show_input(pad_->input()); });
    connect(clear_, &QPushButton::clicked, this, [this] {
        pad_->clear();
        show_input(pad_->input());
    });
    connect(photo_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Photo"), QString(), tr("Images (*.png *.jpg *.jpeg *.bmp *.webp)"));
        if (!path.isEmpty()) {
            open_photo(path);
        }
    });
    connect(compute_, &QPushButton::clicked, this, [this] { compute_confusion(); });
    connect(cancel_, &QPushButton::clicked, job_, &core::ConfusionJob::cancel);
    connect(job_, &core::ConfusionJob::progress, this, [this](int done, int total) {
        progress_->setRange(0, total);
        progress_->setValue(done);
    });
    auto job_over = [this] {
        compute_->setEnabled(data_->ready());
        cancel_->setEnabled(false);
    };
    connect(job_, &core::ConfusionJob::finished, this,
            [this, job_over](const core::ConfusionMatrix& m) {
                job_over();
                confusion_->set_matrix(m, data_->test(), classes());
            });
    connect(job_, &core::ConfusionJob::cancelled, this, [this, job_over] {
        job_over();
        progress_->setValue(0);
    });
    connect(job_, &core::ConfusionJob::failed, this, [this, job_over](const QString& message) {
        job_over();
        message_->setText(message);
    });
    connect(confusion_, &ConfusionView::mistake_chosen, this,
            [this](int64_t index) { sample_->setValue(static_cast<int>(index)); });
    connect(data_, &core::TrainingData::loaded, this, [this] {
        refresh_data_state();
        show_test_picture(sample_->value());
    });
    connect(data_, &core::TrainingData::failed, this, &InspectPage::refresh_data_state);
    connect(training_, &core::TrainingController::snapshot_changed, this, [this] {
        if (network_box_->currentIndex() == 2) {
            choose_network(2);
        }
    });

    choose_network(0);
    refresh_data_state();
    retranslate();
}

QStringList InspectPage::classes() const {
    return core::class_names(language_->chinese());
}

void InspectPage::retranslate() {
    network_label_->setText(tr("Network:"));
    network_box_->setItemText(0, tr("Shipped weights: LeNet with ReLU (modern)"));
    network_box_->setItemText(1, tr("Shipped weights: LeNet (d2l, sigmoid)"));
    network_box_->setItemText(2, tr("The network on the Train page"));
    sample_label_->setText(tr("Test picture #"));
    random_->setText(tr("Random"));
    draw_label_->setText(tr("Draw with the mouse, or drop a photo here:"));
    clear_->setText(tr("Clear"));
    photo_->setText(tr("Open Photo…"));
    compute_->setText(tr("Confusion Matrix over the Test Set"));
    cancel_->setText(tr("Cancel"));
    probabilities_->retranslate();
    confusion_->set_classes(classes());
    refresh_data_state();
    refresh();
}

void InspectPage::refresh_data_state() {
    const bool ready = data_->ready();
    sample_->setEnabled(ready);
    random_->setEnabled(ready);
    compute_->setEnabled(ready && !job_->running());
    if (!data_->error().isEmpty()) {
        message_->setText(tr("The Fashion-MNIST test pictures are not available (%1); draw or "
                             "open a photo instead.")
                              .arg(data_->error()));
    } else if (data_->loading()) {
        message_->setText(tr("Loading the test pictures…"));
    } else {
        message_->clear();
    }
}

void InspectPage::choose_network(int index) {
    network_box_->setCurrentIndex(index);
    if (index == 2) {
        network_ = training_->snapshot();
    } else {
        if (shipped_[index] == nullptr) {
            try {
                auto network = std::make_shared<Network>(
                    core::shipped_lesson(core::shipped_lesson_names()[1 - index]).network);
                network->load_parameters(
                    core::shipped_weights(core::shipped_lesson_names()[1 - index]).parameters);
                shipped_[index] = network;
            } catch (const std::exception& e) {
                message_->setText(QString::fromUtf8(e.what()));
                return;
            }
        }
        network_ = shipped_[index];
    }
    if (input_.empty()) {
        input_ = pad_->input();
    }
    refresh();
}

void InspectPage::show_test_picture(int64_t index) {
    if (!data_->ready()) {
        return;
    }
    const auto& test = *data_->test();
    show_input(test.images({index}), test.labels_of({index}).front());
    pad_->set_input(input_);
}

void InspectPage::show_input(const Tensor& input, int64_t label) {
    input_ = input;
    label_ = label;
    refresh();
}

bool InspectPage::open_photo(const QString& path) {
    try {
        const PreparedImage prepared = core::prepare_photo(path);
        pad_->set_input(prepared.input);
        show_input(prepared.input);
        message_->setText(prepared.inverted
                              ? tr("The photo has a light background, so it was inverted: "
                                   "Fashion-MNIST shows light clothes on black.")
                              : QString());
        return true;
    } catch (const std::exception& e) {
        message_->setText(tr("Cannot open the photo: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

void InspectPage::compute_confusion(int64_t limit) {
    if (!data_->ready() || network_ == nullptr) {
        return;
    }
    compute_->setEnabled(false);
    cancel_->setEnabled(true);
    progress_->setValue(0);
    job_->start(network_, data_->test(), limit);
}

void InspectPage::refresh() {
    if (network_ == nullptr || input_.empty()) {
        return;
    }
    inspection_ = core::inspect(*network_, input_);
    const QStringList names = classes();
    probabilities_->set_probabilities(inspection_.probabilities, names);
    const auto predicted = static_cast<int>(inspection_.predicted);
    QString text =
        tr("Prediction: %1 (%2%)")
            .arg(names.value(predicted))
            .arg(100.0 * inspection_.probabilities[static_cast<size_t>(predicted)], 0, 'f', 1);
    if (label_ >= 0) {
        text += "\n" + tr("True class: %1").arg(names.value(static_cast<int>(label_)));
    }
    prediction_->setText(text);
    std::vector<InspectMapsView::Row> rows;
    rows.push_back({tr("What the network sees (28×28)"),
                    input_,
                    Colormap::gray,
                    {Normalization::Kind::fixed, 0.0f, 1.0f}});
    const std::vector<LayerInfo>& infos = network_->layers();
    for (size_t i = 0; i < infos.size() && i < inspection_.outputs.size(); ++i) {
        rows.push_back(
            {QString::fromStdString(infos[i].label) + "  " + shape_text(infos[i].output_shape),
             inspection_.outputs[i]});
    }
    maps_->set_rows(std::move(rows));
}

void InspectPage::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void InspectPage::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        open_photo(urls.first().toLocalFile());
        event->acceptProposedAction();
    }
}

}  // namespace cs::gui
