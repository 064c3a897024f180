#include "app/gui/parameter_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include "app/core/lesson_controller.hpp"

namespace cs::gui {
namespace {

QSpinBox* spin(int low, int high, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setRange(low, high);
    box->setKeyboardTracking(false);
    return box;
}

QWidget* pair_widget(QSpinBox* a, QSpinBox* b, QWidget* parent) {
    auto* w = new QWidget(parent);
    auto* row = new QHBoxLayout(w);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(a);
    row->addWidget(new QLabel("×", w));
    row->addWidget(b);
    return w;
}

// (h, w) of an int-or-pair JSON parameter.
std::pair<int, int> pair_of(const nlohmann::json& params, const char* name, int fallback) {
    if (!params.contains(name) || params[name].is_null() || params[name].is_string()) {
        return {fallback, fallback};
    }
    const auto& v = params[name];
    if (v.is_array() && v.size() == 2) {
        return {v[0].get<int>(), v[1].get<int>()};
    }
    return {v.get<int>(), v.get<int>()};
}

void set_quietly(QSpinBox* box, int value) {
    const QSignalBlocker block(box);
    box->setValue(value);
}

}  // namespace

ParameterPanel::ParameterPanel(core::LessonController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    build();
    retranslate();
    sync_from_lesson();
    connect(controller_, &core::LessonController::lesson_changed, this,
            &ParameterPanel::sync_from_lesson);
}

void ParameterPanel::build() {
    auto* outer = new QVBoxLayout(this);
    form_ = new QFormLayout;
    outer->addLayout(form_);
    input_rows_ = spin(1, 32, this);
    input_cols_ = spin(1, 32, this);
    in_channels_ = spin(1, 8, this);
    out_channels_ = spin(1, 8, this);
    kernel_rows_ = spin(1, 7, this);
    kernel_cols_ = spin(1, 7, this);
    stride_h_ = spin(0, 7, this);
    stride_w_ = spin(0, 7, this);
    padding_kind_ = new QComboBox(this);
    padding_h_ = spin(0, 7, this);
    padding_w_ = spin(0, 7, this);
    padding_mode_ = new QComboBox(this);
    for (const char* mode : {"zeros", "reflect", "replicate", "circular"}) {
        padding_mode_->addItem(mode, mode);
    }
    dilation_h_ = spin(0, 5, this);
    dilation_w_ = spin(0, 5, this);
    groups_ = spin(1, 8, this);
    bias_ = new QCheckBox(this);
    flip_ = new QCheckBox(this);
    formula_ = new QLabel(this);
    formula_->setWordWrap(true);
    formula_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet("color: #c81e1e; font-weight: bold;");

    auto* padding_row = new QWidget(this);
    auto* padding_layout = new QHBoxLayout(padding_row);
    padding_layout->setContentsMargins(0, 0, 0, 0);
    padding_layout->addWidget(padding_kind_);
    padding_layout->addWidget(pair_widget(padding_h_, padding_w_, padding_row));

    const std::vector<QWidget*> fields = {pair_widget(input_rows_, input_cols_, this),
                                          in_channels_,
                                          out_channels_,
                                          pair_widget(kernel_rows_, kernel_cols_, this),
                                          pair_widget(stride_h_, stride_w_, this),
                                          padding_row,
                                          padding_mode_,
                                          pair_widget(dilation_h_, dilation_w_, this),
                                          groups_,
                                          bias_,
                                          flip_};
    for (QWidget* field : fields) {
        auto* label = new QLabel(this);
        row_labels_.push_back(label);
        form_->addRow(label, field);
    }
    outer->addWidget(formula_);
    outer->addWidget(error_);
    outer->addStretch(1);

    connect(input_rows_, &QSpinBox::valueChanged, this,
            [this] { controller_->set_input_size(input_rows_->value(), input_cols_->value()); });
    connect(input_cols_, &QSpinBox::valueChanged, this,
            [this] { controller_->set_input_size(input_rows_->value(), input_cols_->value()); });
    auto channels = [this] {
        controller_->set_channels(in_channels_->value(), out_channels_->value());
    };
    connect(in_channels_, &QSpinBox::valueChanged, this, channels);
    connect(out_channels_, &QSpinBox::valueChanged, this, channels);
    auto kernel = [this] {
        controller_->set_kernel_size(kernel_rows_->value(), kernel_cols_->value());
    };
    connect(kernel_rows_, &QSpinBox::valueChanged, this, kernel);
    connect(kernel_cols_, &QSpinBox::valueChanged, this, kernel);
    connect(stride_h_, &QSpinBox::valueChanged, this,
            [this] { send_pair("stride", stride_h_, stride_w_); });
    connect(stride_w_, &QSpinBox::valueChanged, this,
            [this] { send_pair("stride", stride_h_, stride_w_); });
    connect(dilation_h_, &QSpinBox::valueChanged, this,
            [this] { send_pair("dilation", dilation_h_, dilation_w_); });
    connect(dilation_w_, &QSpinBox::valueChanged, this,
            [this] { send_pair("dilation", dilation_h_, dilation_w_); });
    connect(padding_h_, &QSpinBox::valueChanged, this, &ParameterPanel::send_padding);
    connect(padding_w_, &QSpinBox::valueChanged, this, &ParameterPanel::send_padding);
    connect(padding_kind_, &QComboBox::currentIndexChanged, this, &ParameterPanel::send_padding);
    connect(padding_mode_, &QComboBox::currentIndexChanged, this, [this] {
        if (!syncing_) {
            controller_->set_param("padding_mode",
                                   padding_mode_->currentData().toString().toStdString());
        }
    });
    connect(groups_, &QSpinBox::valueChanged, this, [this](int g) {
        if (!syncing_) {
            controller_->set_param("groups", g);
        }
    });
    connect(bias_, &QCheckBox::toggled, this, [this](bool on) {
        if (!syncing_) {
            controller_->set_bias_enabled(on);
        }
    });
    connect(flip_, &QCheckBox::toggled, this, [this](bool on) {
        if (!syncing_) {
            controller_->set_param("flip", on);
        }
    });
}

void ParameterPanel::retranslate() {
    const QStringList names = {tr("Input size"),   tr("Input channels"), tr("Output channels"),
                               tr("Kernel size"),  tr("Stride"),         tr("Padding"),
                               tr("Padding mode"), tr("Dilation"),       tr("Groups"),
                               tr("Bias"),         tr("Flip kernel")};
    for (size_t i = 0; i < row_labels_.size(); ++i) {
        row_labels_[i]->setText(names[static_cast<int>(i)]);
    }
    const QSignalBlocker block(padding_kind_);
    const int index = std::max(0, padding_kind_->currentIndex());
    padding_kind_->clear();
    padding_kind_->addItem(tr("numbers"), "numbers");
    padding_kind_->addItem(tr("same"), "same");
    padding_kind_->addItem(tr("valid"), "valid");
    padding_kind_->setCurrentIndex(index);
    flip_->setText(tr("true convolution (kernel rotated 180°)"));
    flip_->setToolTip(
        tr("Off: cross-correlation, as deep-learning frameworks compute it. "
           "On: mathematical convolution, the kernel rotated by 180°."));
    bias_->setText(tr("add a bias per output channel"));
    sync_from_lesson();
}

void ParameterPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void ParameterPanel::send_pair(const char* name, QSpinBox* h, QSpinBox* w) {
    if (syncing_) {
        return;
    }
    controller_->set_param(name, h->value() == w->value()
                                     ? nlohmann::json(h->value())
                                     : nlohmann::json({h->value(), w->value()}));
}

void ParameterPanel::send_padding() {
    if (syncing_) {
        return;
    }
    const QString kind = padding_kind_->currentData().toString();
    if (kind == "numbers") {
        send_pair("padding", padding_h_, padding_w_);
    } else {
        controller_->set_param("padding", kind.toStdString());
    }
}

void ParameterPanel::sync_from_lesson() {
    syncing_ = true;
    const auto& lesson = controller_->lesson();
    const auto& params = lesson.params;
    const Tensor& input = lesson.input;
    const bool matrix = lesson.image_path.isEmpty();
    input_rows_->setEnabled(matrix);
    input_cols_->setEnabled(matrix);
    in_channels_->setEnabled(matrix);
    if (input.dim() == 4) {
        set_quietly(input_rows_, static_cast<int>(input.size(2)));
        set_quietly(input_cols_, static_cast<int>(input.size(3)));
        set_quietly(in_channels_, static_cast<int>(input.size(1)));
    }
    const bool conv = lesson.op == "conv2d" && lesson.weight.dim() == 4;
    for (QWidget* w : std::initializer_list<QWidget*>{out_channels_, kernel_rows_, kernel_cols_,
                                                      padding_mode_, groups_, bias_, flip_}) {
        w->setEnabled(conv);
    }
    if (conv) {
        set_quietly(out_channels_, static_cast<int>(lesson.weight.size(0)));
        set_quietly(kernel_rows_, static_cast<int>(lesson.weight.size(2)));
        set_quietly(kernel_cols_, static_cast<int>(lesson.weight.size(3)));
    }
    const auto [sh, sw] = pair_of(params, "stride", 1);
    set_quietly(stride_h_, sh);
    set_quietly(stride_w_, sw);
    const auto [dh, dw] = pair_of(params, "dilation", 1);
    set_quietly(dilation_h_, dh);
    set_quietly(dilation_w_, dw);
    {
        const QSignalBlocker block(padding_kind_);
        const bool named = params.contains("padding") && params["padding"].is_string();
        padding_kind_->setCurrentIndex(named ? padding_kind_->findData(QString::fromStdString(
                                                   params["padding"].get<std::string>()))
                                             : 0);
        const auto [ph, pw] = pair_of(params, "padding", 0);
        set_quietly(padding_h_, named ? 0 : ph);
        set_quietly(padding_w_, named ? 0 : pw);
        padding_h_->setEnabled(!named);
        padding_w_->setEnabled(!named);
    }
    {
        const QSignalBlocker block(padding_mode_);
        padding_mode_->setCurrentIndex(padding_mode_->findData(
            QString::fromStdString(params.value("padding_mode", std::string("zeros")))));
    }
    set_quietly(groups_, params.value("groups", 1));
    {
        const QSignalBlocker b1(bias_);
        const QSignalBlocker b2(flip_);
        bias_->setChecked(!lesson.bias.empty());
        flip_->setChecked(params.value("flip", false));
    }
    QString formula;
    for (const auto& f : controller_->shape_info().formulas) {
        formula += QString::fromStdString(f) + "\n";
    }
    formula_->setText(controller_->valid() ? tr("Output size:") + "\n" + formula.trimmed()
                                           : QString());
    error_->setText(controller_->error());
    error_->setVisible(!controller_->valid());
    syncing_ = false;
}

}  // namespace cs::gui
