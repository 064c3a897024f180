#include "app/gui/kernel_editor.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>

#include "app/core/frame_painter.hpp"
#include "app/core/kernel_presets.hpp"
#include "app/core/lesson_controller.hpp"

namespace cs::gui {

KernelEditor::KernelEditor(core::LessonController* controller, bool* chinese, QWidget* parent)
    : QWidget(parent), controller_(controller), chinese_(chinese) {
    auto* grid = new QGridLayout(this);
    slice_label_ = new QLabel(this);
    out_channel_ = new QSpinBox(this);
    in_channel_ = new QSpinBox(this);
    table_ = new QTableWidget(this);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->setMinimumHeight(150);
    preset_label_ = new QLabel(this);
    presets_ = new QComboBox(this);
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

    connect(out_channel_, &QSpinBox::valueChanged, this, &KernelEditor::sync_from_lesson);
    connect(in_channel_, &QSpinBox::valueChanged, this, &KernelEditor::sync_from_lesson);
    connect(table_, &QTableWidget::cellChanged, this, &KernelEditor::cell_edited);
    connect(apply_, &QPushButton::clicked, this,
            [this] { apply_preset(presets_->currentData().toString()); });
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
    const Tensor& weight = controller_->lesson().weight;
    if (id == "random") {
        const int rows = weight.dim() == 4 ? static_cast<int>(weight.size(2)) : 3;
        const int cols = weight.dim() == 4 ? static_cast<int>(weight.size(3)) : 3;
        controller_->apply_kernel_preset(core::random_kernel(rows, cols, random_seed_++));
    } else if (const auto* preset = core::find_kernel_preset(id)) {
        controller_->apply_kernel_preset(*preset);
    }
}

void KernelEditor::sync_from_lesson() {
    syncing_ = true;
    const Tensor& weight = controller_->lesson().weight;
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
    }
    syncing_ = false;
}

void KernelEditor::cell_edited(int row, int col) {
    if (syncing_) {
        return;
    }
    const Tensor& weight = controller_->lesson().weight;
    bool ok = false;
    const float value = table_->item(row, col)->text().replace("−", "-").toFloat(&ok);
    if (!ok) {
        sync_from_lesson();  // not a number: show the old value again
        return;
    }
    const int64_t flat =
        ((out_channel_->value() * weight.size(1) + in_channel_->value()) * weight.size(2) + row) *
            weight.size(3) +
        col;
    controller_->set_weight_value(flat, value);
}

}  // namespace cs::gui
