#include "app/gui/kernel_editor.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>

#include <cmath>

#include "app/core/frame_painter.hpp"
#include "app/core/kernel_presets.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/window_geometry.hpp"

namespace cs::gui {

KernelEditor::KernelEditor(core::LessonController* controller, bool* chinese, QWidget* parent)
    : QWidget(parent), controller_(controller), chinese_(chinese) {
    auto* grid = new QGridLayout(this);
    slice_label_ = new QLabel(this);
    slice_label_->setWordWrap(true);  // "Slice (out, in)" may take two lines in a narrow dock
    out_channel_ = new QSpinBox(this);
    in_channel_ = new QSpinBox(this);
    table_ = new QTableWidget(this);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->setMinimumHeight(150);
    preset_label_ = new QLabel(this);
    presets_ = new QComboBox(this);
    // A long preset name ("Gaussian 5×5 …") must not widen the dock past a 1280 px window.
    presets_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    presets_->setMinimumContentsLength(6);
    apply_ = new QPushButton(this);
    bias_label_ = new QLabel(this);
    bias_ = new QDoubleSpinBox(this);
    bias_->setRange(-1000, 1000);
    bias_->setDecimals(3);
    bias_->setSingleStep(0.25);
    bias_->setKeyboardTracking(false);

    grid->addWidget(slice_label_, 0, 0);
    grid->addWidget(out_channel_, 0, 1);
    grid->addWidget(in_channel_, 0, 2);
    grid->addWidget(table_, 1, 0, 1, 3);
    grid->addWidget(preset_label_, 2, 0);
    grid->addWidget(presets_, 2, 1);
    grid->addWidget(apply_, 2, 2);
    grid->addWidget(bias_label_, 3, 0);
    grid->addWidget(bias_, 3, 1, 1, 2);
    message_ = new QLabel(this);
    message_->setObjectName("kernel_message");
    message_->setWordWrap(true);
    message_->setStyleSheet("color: #c0392b;");
    message_->hide();
    grid->addWidget(message_, 4, 0, 1, 3);

    connect(out_channel_, &QSpinBox::valueChanged, this, &KernelEditor::sync_from_lesson);
    connect(in_channel_, &QSpinBox::valueChanged, this, &KernelEditor::sync_from_lesson);
    connect(table_, &QTableWidget::cellChanged, this, &KernelEditor::cell_edited);
    connect(apply_, &QPushButton::clicked, this,
            [this] { apply_preset(presets_->currentData().toString()); });
    connect(presets_, &QComboBox::currentIndexChanged, this,
            [this] { apply_->setEnabled(presets_->currentData().toString() != "custom"); });
    connect(bias_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (!syncing_) {
            controller_->set_bias_value(out_channel_->value(), static_cast<float>(v));
        }
    });
    connect(controller_, &core::LessonController::lesson_changed, this,
            &KernelEditor::sync_from_lesson);
    retranslate();
}

void KernelEditor::retranslate() {
    slice_label_->setText(tr("Slice (out, in)"));
    out_channel_->setToolTip(tr("Output channel: which kernel"));
    in_channel_->setToolTip(tr("Input channel: which slice of the 3-D kernel"));
    preset_label_->setText(tr("Preset"));
    apply_->setText(tr("Apply"));
    bias_label_->setText(tr("Bias"));
    const QString current = presets_->currentData().toString();
    const QSignalBlocker block(presets_);
    presets_->clear();
    presets_->addItem(tr("Custom"), "custom");  // a kernel that is none of the presets
    const bool zh = chinese_ != nullptr && *chinese_;
    for (const auto& preset : core::kernel_presets()) {
        presets_->addItem(preset.name(zh), preset.id);
    }
    presets_->addItem(tr("Random"), "random");
    presets_->setCurrentIndex(std::max(0, presets_->findData(current)));
    sync_from_lesson();
}

void KernelEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void KernelEditor::apply_preset(const QString& id) {
    const Tensor weight = core::as_planes(controller_->lesson().weight);
    if (id == "random") {
        const int rows = weight.dim() == 4 ? static_cast<int>(weight.size(2)) : 3;
        const int cols = weight.dim() == 4 ? static_cast<int>(weight.size(3)) : 3;
        controller_->apply_kernel_preset(core::random_kernel(rows, cols, random_seed_++));
    } else if (const auto* preset = core::find_kernel_preset(id)) {
        try {
            controller_->apply_kernel_preset(*preset);
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Kernel preset"), QString::fromUtf8(e.what()));
        }
    }
}

void KernelEditor::sync_from_lesson() {
    syncing_ = true;
    // conv1d's (out, in, k) kernel is edited as a 1 × k grid.
    const Tensor& stored = controller_->lesson().weight;
    const Tensor weight = stored.dim() == 3 ? core::as_planes(stored) : stored;
    const bool has_kernel = weight.dim() == 4;
    setEnabled(has_kernel);
    if (has_kernel) {
        out_channel_->setRange(0, static_cast<int>(weight.size(0) - 1));
        in_channel_->setRange(0, static_cast<int>(weight.size(1) - 1));
        const int64_t o = out_channel_->value();
        const int64_t c = in_channel_->value();
        const int rows = static_cast<int>(weight.size(2));
        const int cols = static_cast<int>(weight.size(3));
        table_->setRowCount(rows);
        table_->setColumnCount(cols);
        // Headers count from 0, as the indices in the arithmetic and in PyTorch.
        QStringList row_names;
        QStringList col_names;
        for (int i = 0; i < rows; ++i) {
            row_names << QString::number(i);
        }
        for (int i = 0; i < cols; ++i) {
            col_names << QString::number(i);
        }
        table_->setVerticalHeaderLabels(row_names);
        table_->setHorizontalHeaderLabels(col_names);
        for (int r = 0; r < rows; ++r) {
            for (int q = 0; q < cols; ++q) {
                auto* item = new QTableWidgetItem(core::format_value(weight(o, c, r, q)));
                item->setTextAlignment(Qt::AlignCenter);
                table_->setItem(r, q, item);
            }
        }
        const Tensor& bias = controller_->lesson().bias;
        bias_->setEnabled(!bias.empty() && o < bias.numel());
        bias_->setValue(!bias.empty() && o < bias.numel() ? bias.data()[o] : 0.0);
    } else {
        // Pooling and activations have no kernel: an empty grid, not the last lesson's.
        table_->setRowCount(0);
        table_->setColumnCount(0);
        bias_->setValue(0.0);
    }
    show_matching_preset();
    syncing_ = false;
}

// The preset box names the shown slice's kernel when it is a preset, "Custom" otherwise: a
// [1 0 −1] kernel is not "Identity", whatever was picked last.
void KernelEditor::show_matching_preset() {
    const Tensor& stored = controller_->lesson().weight;
    const Tensor weight = stored.dim() == 3 ? core::as_planes(stored) : stored;
    QString id = "custom";
    if (weight.dim() == 4) {
        const int64_t o = out_channel_->value();
        const int64_t c = in_channel_->value();
        for (const core::KernelPreset& preset : core::kernel_presets()) {
            if (preset.rows != weight.size(2) || preset.cols != weight.size(3) ||
                preset.values.size() != static_cast<size_t>(preset.rows * preset.cols)) {
                continue;
            }
            bool same = true;
            for (int r = 0; r < preset.rows && same; ++r) {
                for (int q = 0; q < preset.cols && same; ++q) {
                    same =
                        std::abs(weight(o, c, r, q) -
                                 preset.values[static_cast<size_t>(r * preset.cols + q)]) <= 1e-6f;
                }
            }
            if (same) {
                id = preset.id;
                break;
            }
        }
    }
    const QSignalBlocker block(presets_);
    presets_->setCurrentIndex(std::max(0, presets_->findData(id)));
    apply_->setEnabled(id != "custom");
}

void KernelEditor::cell_edited(int row, int col) {
    if (syncing_) {
        return;
    }
    const Tensor weight = core::as_planes(controller_->lesson().weight);
    bool ok = false;
    const QString text = table_->item(row, col)->text().trimmed();
    const float value = QString(text).replace("−", "-").toFloat(&ok);
    // QString::toFloat accepts "nan" and "inf"; a weight that is not a finite number would
    // turn every output into NaN without a word, so it is refused like text.
    if (!ok || !std::isfinite(value)) {
        message_->setText(
            ok ? tr("“%1” is not allowed: a weight must be a finite number, not NaN or infinity.")
                     .arg(text)
               : tr("“%1” is not a number: type a weight such as 0.25 or -1.").arg(text));
        message_->show();
        sync_from_lesson();  // show the old value again
        return;
    }
    message_->clear();
    message_->hide();
    const int64_t flat =
        ((out_channel_->value() * weight.size(1) + in_channel_->value()) * weight.size(2) + row) *
            weight.size(3) +
        col;
    controller_->set_weight_value(flat, value);
}

}  // namespace cs::gui
