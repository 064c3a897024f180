#include "app/gui/training_page.hpp"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/core/inspect_model.hpp"
#include "app/core/training_data.hpp"
#include "app/core/training_shipped.hpp"
#include "app/gui/inspect_maps_view.hpp"
#include "app/gui/language.hpp"
#include "app/gui/training_charts.hpp"
#include "engine/error.hpp"
#include "engine/op_call.hpp"

namespace cs::gui {
namespace {

QString shape_text(const Shape& shape) {
    QStringList parts;
    for (int64_t d : shape) {
        parts << QString::number(d);
    }
    return parts.join(QStringLiteral("×"));
}

QString duration_text(double seconds) {
    const int s = static_cast<int>(seconds + 0.5);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

TrainingPage::TrainingPage(core::TrainingController* controller, core::TrainingData* data,
                           const Language* language, QWidget* parent)
    : QWidget(parent), controller_(controller), data_(data), language_(language) {
    network_label_ = new QLabel(this);
    network_ = new QComboBox(this);
    network_->addItems({QString(), QString()});
    epochs_label_ = new QLabel(this);
    epochs_ = new QSpinBox(this);
    epochs_->setRange(1, 100);
    epochs_->setValue(10);
    limit_label_ = new QLabel(this);
    limit_ = new QSpinBox(this);
    limit_->setRange(0, 60000);
    limit_->setSingleStep(1000);
    start_ = new QPushButton(this);
    pause_ = new QPushButton(this);
    cancel_ = new QPushButton(this);
    reset_ = new QPushButton(this);
    load_ = new QPushButton(this);
    save_ = new QPushButton(this);
    auto* controls = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{network_label_, network_, epochs_label_,
                                                      epochs_, limit_label_, limit_, start_, pause_,
                                                      cancel_, reset_, load_, save_}) {
        controls->addWidget(w);
    }
    controls->addStretch(1);

    status_ = new QLabel(this);
    status_->setWordWrap(true);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setTextVisible(false);
    progress_text_ = new QLabel(this);
    auto* progress_row = new QHBoxLayout;
    progress_row->addWidget(progress_, 1);
    progress_row->addWidget(progress_text_, 2);

    description_ = new QLabel(this);
    description_->setWordWrap(true);
    layers_ = new QTableWidget(0, 3, this);
    layers_->verticalHeader()->hide();
    layers_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layers_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    total_ = new QLabel(this);
    auto* left = new QWidget(this);
    auto* left_column = new QVBoxLayout(left);
    left_column->setContentsMargins(0, 0, 0, 0);
    left_column->addWidget(description_);
    left_column->addWidget(layers_, 1);
    left_column->addWidget(total_);

    charts_ = new TrainingCharts(this);

    sample_label_ = new QLabel(this);
    sample_ = new QSpinBox(this);
    sample_->setRange(0, 9999);
    maps_ = new InspectMapsView(this);
    maps_->set_tile_size(40);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(maps_);
    scroll->setWidgetResizable(true);
    auto* right = new QWidget(this);
    auto* right_column = new QVBoxLayout(right);
    right_column->setContentsMargins(0, 0, 0, 0);
    auto* sample_row = new QHBoxLayout;
    sample_row->addWidget(sample_label_);
    sample_row->addWidget(sample_);
    sample_row->addStretch(1);
    right_column->addLayout(sample_row);
    right_column->addWidget(scroll, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(charts_);
    splitter->addWidget(right);
    splitter->setSizes({380, 420, 500});

    auto* column = new QVBoxLayout(this);
    column->addLayout(controls);
    column->addWidget(status_);
    column->addLayout(progress_row);
    column->addWidget(splitter, 1);

    connect(network_, &QComboBox::activated, this, &TrainingPage::choose_network);
    connect(start_, &QPushButton::clicked, this, &TrainingPage::start);
    connect(pause_, &QPushButton::clicked, this, [this] {
        controller_->state() == core::TrainingController::State::paused ? controller_->resume()
                                                                        : controller_->pause();
    });
    connect(cancel_, &QPushButton::clicked, controller_, &core::TrainingController::cancel);
    connect(reset_, &QPushButton::clicked, this,
            [this] { choose_network(network_->currentIndex()); });
    connect(load_, &QPushButton::clicked, this, &TrainingPage::load_weights);
    connect(save_, &QPushButton::clicked, this, &TrainingPage::save_weights);
    connect(sample_, &QSpinBox::valueChanged, this, &TrainingPage::refresh_maps);
    connect(controller_, &core::TrainingController::state_changed, this,
            &TrainingPage::refresh_buttons);
    connect(controller_, &core::TrainingController::lesson_changed, this, [this] {
        // A loaded weights file or a restored run names its network: the combo box follows.
        const int shipped = static_cast<int>(core::shipped_lesson_names().indexOf(
            QString::fromStdString(controller_->lesson().name)));
        if (shipped >= 0 && shipped < network_->count()) {
            network_->setCurrentIndex(shipped);
        }
        refresh_layers();
        charts_->set_history(controller_->history());
        has_progress_ = false;
        progress_->setValue(0);
        progress_text_->clear();
        refresh_buttons();
    });
    connect(controller_, &core::TrainingController::progress, this, &TrainingPage::show_progress);
    connect(controller_, &core::TrainingController::epoch_finished, charts_,
            &TrainingCharts::add_epoch);
    connect(controller_, &core::TrainingController::snapshot_changed, this,
            &TrainingPage::refresh_maps);
    connect(controller_, &core::TrainingController::finished, this, [this](bool completed) {
        if (completed) {
            progress_->setValue(progress_->maximum());
        }
        show_data_status();
    });
    connect(controller_, &core::TrainingController::failed, this, [this](const QString& message) {
        status_->setText(tr("Training stopped: %1").arg(message));
    });
    connect(data_, &core::TrainingData::loaded, this, [this] {
        show_data_status();
        refresh_buttons();
        refresh_maps();
    });
    connect(data_, &core::TrainingData::failed, this, [this] {
        show_data_status();
        refresh_buttons();
    });
    network_->setCurrentIndex(1);
    if (controller_->snapshot() == nullptr) {
        choose_network(1);
    }
    retranslate();
}

void TrainingPage::retranslate() {
    network_label_->setText(tr("Network:"));
    for (int i = 0; i < network_->count(); ++i) {
        try {
            const Lesson lesson = core::shipped_lesson(core::shipped_lesson_names()[i]);
            network_->setItemText(
                i, QString::fromStdString(lesson.title.in(language_->chinese() ? "zh" : "en")));
        } catch (const Error&) {
            network_->setItemText(i, core::shipped_lesson_names()[i]);
        }
    }
    epochs_label_->setText(tr("Epochs:"));
    limit_label_->setText(tr("Examples per epoch:"));
    limit_->setSpecialValueText(tr("all 60,000"));
    limit_->updateGeometry();  // the size hint counts this text, but the layout must ask again
    limit_->setToolTip(tr("Train on the first examples only, for a quick run"));
    start_->setText(tr("Start"));
    cancel_->setText(tr("Cancel"));
    reset_->setText(tr("Reset"));
    reset_->setToolTip(tr("Start again from freshly initialised weights"));
    load_->setText(tr("Load Weights…"));
    save_->setText(tr("Save Weights…"));
    sample_label_->setText(tr("Test picture #"));
    layers_->setHorizontalHeaderLabels({tr("Layer"), tr("Output shape"), tr("Parameters")});
    charts_->retranslate();
    refresh_layers();
    refresh_buttons();
    refresh_maps();
    show_data_status();
    if (has_progress_) {
        show_progress(last_progress_);
    }
}

void TrainingPage::choose_network(int index) {
    try {
        controller_->set_lesson(core::shipped_lesson(core::shipped_lesson_names()[index]));
    } catch (const Error& e) {
        status_->setText(QString::fromUtf8(e.what()));
    }
}

void TrainingPage::start() {
    if (!data_->ready()) {
        return;
    }
    EpochOptions options;
    options.batch_size = controller_->lesson().training.batch_size;
    options.limit = limit_->value();
    status_->setText(tr("Training on %1 examples per epoch…")
                         .arg(QLocale().toString(limit_->value() > 0 ? limit_->value() : 60000)));
    controller_->start(data_->train(), data_->test(), epochs_->value(), options);
}

void TrainingPage::load_weights() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load Weights"), QString(),
                                                      tr("ConvScope weights (*.csw)"));
    if (!path.isEmpty()) {
        load_weights_from(path);
    }
}

bool TrainingPage::load_weights_from(const QString& path) {
    try {
        controller_->load_weights_file(path);
        status_->setText(tr("Loaded %1: %2 epochs done; Start continues the run.")
                             .arg(path)
                             .arg(controller_->epochs_done()));
        return true;
    } catch (const std::exception& e) {
        show_error(tr("Cannot load weights"), QString::fromUtf8(e.what()));
        return false;
    }
}

void TrainingPage::show_error(const QString& title, const QString& message) {
    status_->setText(title + ": " + message);
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName("training_error");
    box->open();  // window-modal, never blocks the event loop
}

void TrainingPage::save_weights() {
    const QString weights_filter = tr("ConvScope weights (*.csw)");
    const QString onnx_filter = tr("ONNX models for other tools (*.onnx)");
    QString filter = weights_filter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Weights"), QString::fromStdString(controller_->lesson().name) + ".csw",
        weights_filter + ";;" + onnx_filter, &filter);
    if (path.isEmpty()) {
        return;
    }
    try {
        if (filter == onnx_filter || path.endsWith(".onnx")) {
            const QString file = path.endsWith(".onnx") ? path : path + ".onnx";
            controller_->export_onnx(file);
            status_->setText(tr("Exported %1").arg(file));
            return;
        }
        controller_->save_weights_file(path);
        status_->setText(tr("Saved %1").arg(path));
    } catch (const std::exception& e) {
        show_error(tr("Cannot save weights"), QString::fromUtf8(e.what()));
    }
}

void TrainingPage::refresh_layers() {
    const auto network = controller_->snapshot();
    if (network == nullptr) {
        return;
    }
    const Lesson& lesson = controller_->lesson();
    description_->setText(
        QString::fromStdString(lesson.description.in(language_->chinese() ? "zh" : "en")));
    const std::vector<LayerInfo>& infos = network->layers();
    layers_->setRowCount(static_cast<int>(infos.size()) + 1);
    auto set_row = [this](int row, const QString& label, const QString& shape, const QString& n,
                          const QString& tip) {
        const QStringList cells = {label, shape, n};
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(tip);
            if (c == 2) {
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }
            layers_->setItem(row, c, item);
        }
    };
    set_row(0, tr("Input"), shape_text(network->spec().input), QString(), QString());
    int64_t total = 0;
    for (size_t i = 0; i < infos.size(); ++i) {
        const LayerInfo& info = infos[i];
        QStringList formulas;
        for (const std::string& f : info.formulas) {
            formulas << QString::fromStdString(f);
        }
        set_row(static_cast<int>(i) + 1, QString::fromStdString(info.label),
                shape_text(info.output_shape),
                info.parameter_count > 0 ? QLocale().toString(info.parameter_count) : QString(),
                formulas.join('\n'));
        total += info.parameter_count;
    }
    layers_->resizeColumnsToContents();
    // The shapes the data takes through the network, in one line: 1×28×28 → 6×28×28 → …
    QStringList path = {shape_text(network->spec().input)};
    for (const LayerInfo& info : infos) {
        const OpFamily family = op_handler(info.type).family;
        if (family == OpFamily::convolution || family == OpFamily::pooling ||
            family == OpFamily::dense) {
            path << shape_text(info.output_shape);
        }
    }
    total_->setText(tr("%1\n%2 parameters in all; %3 epochs trained")
                        .arg(path.join(QStringLiteral(" → ")))
                        .arg(QLocale().toString(total))
                        .arg(controller_->epochs_done()));
}

void TrainingPage::refresh_buttons() {
    using State = core::TrainingController::State;
    const State state = controller_->state();
    start_->setEnabled(state == State::idle && data_->ready());
    pause_->setEnabled(state != State::idle);
    pause_->setText(state == State::paused ? tr("Resume") : tr("Pause"));
    cancel_->setEnabled(state != State::idle);
    for (QWidget* w :
         std::initializer_list<QWidget*>{network_, reset_, load_, save_, epochs_, limit_}) {
        w->setEnabled(state == State::idle);
    }
    if (state == State::paused) {
        status_->setText(tr("Paused after a batch; Resume continues, Cancel stops."));
    }
    refresh_layers();
}

void TrainingPage::show_progress(const core::TrainingProgress& p) {
    last_progress_ = p;
    has_progress_ = true;
    progress_->setValue(static_cast<int>(p.fraction() * progress_->maximum()));
    progress_text_->setText(tr("Epoch %1 (%2 of %3) · batch %4/%5 · %6 examples/s · %7 left")
                                .arg(p.epoch)
                                .arg(p.run_epoch)
                                .arg(p.run_epochs)
                                .arg(p.batch)
                                .arg(p.batches)
                                .arg(QLocale().toString(p.examples_per_second, 'f', 0))
                                .arg(duration_text(p.seconds_left)));
    const double epoch =
        static_cast<double>(p.epoch - 1) +
        static_cast<double>(p.batch) / static_cast<double>(std::max<int64_t>(1, p.batches));
    charts_->set_running(epoch, p.loss, p.accuracy);
}

void TrainingPage::show_data_status() {
    if (controller_->busy()) {
        return;
    }
    if (data_->loading()) {
        status_->setText(tr("Loading Fashion-MNIST from %1…").arg(data_->directory()));
    } else if (!data_->error().isEmpty()) {
        status_->setText(
            tr("Training needs the Fashion-MNIST data set, which could not be loaded: %1\n"
               "Install it (Debian/Ubuntu: sudo apt install dataset-fashion-mnist) and restart. "
               "Look inside still works with the shipped weights.")
                .arg(data_->error()));
    } else if (data_->ready()) {
        status_->setText(tr("Fashion-MNIST is loaded: 60,000 training and 10,000 test pictures."));
    }
}

void TrainingPage::refresh_maps() {
    const auto network = controller_->snapshot();
    if (network == nullptr) {
        return;
    }
    std::vector<InspectMapsView::Row> rows;
    const int64_t w = network->weight_index(0);
    if (w >= 0) {
        const Tensor& kernels = network->parameters()[static_cast<size_t>(w)].value;
        rows.push_back({tr("First layer's kernels"),
                        kernels.reshaped({1, kernels.size(0) * kernels.size(1), kernels.size(2),
                                          kernels.size(3)}),
                        Colormap::diverging,
                        {Normalization::Kind::symmetric}});
    }
    if (data_->ready()) {
        const Tensor input = data_->test()->images({sample_->value()});
        const core::Inspection seen = core::inspect(*network, input);
        rows.push_back(
            {tr("Test picture"), input, Colormap::gray, {Normalization::Kind::fixed, 0.0f, 1.0f}});
        const std::vector<LayerInfo>& infos = network->layers();
        for (size_t i = 0; i < infos.size() && i < seen.outputs.size(); ++i) {
            if (infos[i].output_shape.size() == 3) {
                rows.push_back({QString::fromStdString(infos[i].label) + "  " +
                                    shape_text(infos[i].output_shape),
                                seen.outputs[i]});
            }
        }
    }
    maps_->set_rows(std::move(rows));
}

}  // namespace cs::gui
