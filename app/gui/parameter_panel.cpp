#include "app/gui/parameter_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/window_geometry.hpp"

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
    op_ = new QComboBox(this);
    for (const char* name : {"conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "lp_pool2d",
                             "relu", "leaky_relu", "sigmoid", "tanh"}) {
        op_->addItem(name, name);
    }
    output_padding_h_ = spin(0, 6, this);
    output_padding_w_ = spin(0, 6, this);
    ceil_mode_ = new QCheckBox(this);
    count_include_pad_ = new QCheckBox(this);
    divisor_override_ = spin(0, 99, this);
    norm_type_ = new QDoubleSpinBox(this);
    norm_type_->setRange(0.5, 10.0);
    norm_type_->setSingleStep(0.5);
    norm_type_->setKeyboardTracking(false);
    negative_slope_ = new QDoubleSpinBox(this);
    negative_slope_->setRange(-1.0, 1.0);
    negative_slope_->setDecimals(3);
    negative_slope_->setSingleStep(0.01);
    negative_slope_->setKeyboardTracking(false);
    trace_view_ = new QComboBox(this);
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

    const std::vector<QWidget*> fields = {op_,
                                          pair_widget(input_rows_, input_cols_, this),
                                          in_channels_,
                                          out_channels_,
                                          pair_widget(kernel_rows_, kernel_cols_, this),
                                          pair_widget(stride_h_, stride_w_, this),
                                          padding_row,
                                          padding_mode_,
                                          pair_widget(dilation_h_, dilation_w_, this),
                                          groups_,
                                          bias_,
                                          flip_,
                                          pair_widget(output_padding_h_, output_padding_w_, this),
                                          ceil_mode_,
                                          count_include_pad_,
                                          divisor_override_,
                                          norm_type_,
                                          negative_slope_,
                                          trace_view_};
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
    connect(op_, &QComboBox::currentIndexChanged, this, [this] {
        if (!syncing_) {
            controller_->set_op(op_->currentData().toString().toStdString());
        }
    });
    connect(output_padding_h_, &QSpinBox::valueChanged, this,
            [this] { send_pair("output_padding", output_padding_h_, output_padding_w_); });
    connect(output_padding_w_, &QSpinBox::valueChanged, this,
            [this] { send_pair("output_padding", output_padding_h_, output_padding_w_); });
    connect(ceil_mode_, &QCheckBox::toggled, this, [this](bool on) {
        if (!syncing_) {
            controller_->set_param("ceil_mode", on);
        }
    });
    connect(count_include_pad_, &QCheckBox::toggled, this, [this](bool on) {
        if (!syncing_) {
            controller_->set_param("count_include_pad", on);
        }
    });
    connect(divisor_override_, &QSpinBox::valueChanged, this, [this](int d) {
        if (!syncing_) {  // 0 in the box means "no override" (torch's None)
            controller_->set_param("divisor_override",
                                   d > 0 ? nlohmann::json(d) : nlohmann::json());
        }
    });
    connect(norm_type_, &QDoubleSpinBox::valueChanged, this, [this](double p) {
        if (!syncing_) {
            controller_->set_param("norm_type", p);
        }
    });
    connect(negative_slope_, &QDoubleSpinBox::valueChanged, this, [this](double slope) {
        if (!syncing_) {
            controller_->set_param("negative_slope", slope);
        }
    });
    connect(trace_view_, &QComboBox::currentIndexChanged, this, [this] {
        if (!syncing_) {
            controller_->set_trace_view(trace_view_->currentData().toString().toStdString());
        }
    });
    connect(flip_, &QCheckBox::toggled, this, [this](bool on) {
        if (!syncing_) {
            controller_->set_param("flip", on);
        }
    });
}

void ParameterPanel::retranslate() {
    const QStringList names = {tr("Operation"),
                               tr("Input size"),
                               tr("Input channels"),
                               tr("Output channels"),
                               tr("Kernel size"),
                               tr("Stride"),
                               tr("Padding"),
                               tr("Padding mode"),
                               tr("Dilation"),
                               tr("Groups"),
                               tr("Bias"),
                               tr("Flip kernel"),
                               tr("Output padding"),
                               tr("Ceil mode"),
                               tr("Count padding"),
                               tr("Divisor override"),
                               tr("Norm p"),
                               tr("Negative slope"),
                               tr("View")};
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
    ceil_mode_->setText(tr("round the output size up"));
    count_include_pad_->setText(tr("padding cells count in the divisor"));
    divisor_override_->setSpecialValueText(tr("none"));
    {
        const QSignalBlocker view_block(trace_view_);
        const int view_index = std::max(0, trace_view_->currentIndex());
        trace_view_->clear();
        trace_view_->addItem(tr("insert zeros, then convolve"), "insert");
        trace_view_->addItem(tr("scatter: each input stamps the kernel"), "scatter");
        trace_view_->setCurrentIndex(view_index);
    }
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
    if (controller_->lesson().op == "conv1d") {  // one number per parameter in 1-D
        controller_->set_param(name, w->value());
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

// Shows only the parameters the op has (rows in the order build() adds them).
void ParameterPanel::show_rows_for(const std::string& op) {
    const bool conv = op == "conv2d" || op == "conv1d" || op == "conv_transpose2d";
    const bool pool = op == "max_pool2d" || op == "avg_pool2d" || op == "lp_pool2d";
    const bool window = conv || pool;
    const std::vector<bool> visible = {
        true,                                              // operation
        true,                                              // input size
        true,                                              // input channels
        conv,                                              // output channels
        window,                                            // kernel size
        window,                                            // stride
        conv || op == "max_pool2d" || op == "avg_pool2d",  // padding
        op == "conv2d" || op == "conv1d",                  // padding mode
        conv || op == "max_pool2d",                        // dilation
        conv,                                              // groups
        conv,                                              // bias
        op == "conv2d" || op == "conv1d",                  // flip
        op == "conv_transpose2d",                          // output padding
        pool,                                              // ceil mode
        op == "avg_pool2d",                                // count_include_pad
        op == "avg_pool2d",                                // divisor_override
        op == "lp_pool2d",                                 // norm_type
        op == "leaky_relu",                                // negative_slope
        op == "conv_transpose2d",                          // trace view
    };
    for (size_t row = 0; row < visible.size(); ++row) {
        form_->setRowVisible(static_cast<int>(row), visible[row]);
    }
    padding_kind_->setEnabled(op == "conv2d" || op == "conv1d");
}

void ParameterPanel::sync_from_lesson() {
    syncing_ = true;
    const auto& lesson = controller_->lesson();
    const auto& params = lesson.params;
    const Tensor& input = lesson.input;
    const bool matrix = lesson.image_path.isEmpty();
    // Image lessons: the size is that of the region the animation runs on.
    in_channels_->setEnabled(matrix);
    const Tensor& animated = controller_->animation_call().input;
    if (animated.dim() >= 3) {
        const Tensor planes = core::as_planes(animated);
        set_quietly(input_rows_, static_cast<int>(planes.size(2)));
        set_quietly(input_cols_, static_cast<int>(planes.size(3)));
        set_quietly(in_channels_, static_cast<int>(input.size(1)));
    }
    const std::string& op = lesson.op;
    show_rows_for(op);
    {
        const QSignalBlocker block(op_);
        if (op_->findData(QString::fromStdString(op)) < 0) {
            op_->addItem(QString::fromStdString(op), QString::fromStdString(op));
        }
        op_->setCurrentIndex(op_->findData(QString::fromStdString(op)));
    }
    const Tensor& w = lesson.weight;
    if (w.dim() >= 3) {
        // conv_transpose2d's weight is (in, out/groups, kH, kW).
        const int groups = params.value("groups", 1);
        set_quietly(out_channels_,
                    static_cast<int>(op == "conv_transpose2d" ? w.size(1) * groups : w.size(0)));
        set_quietly(kernel_rows_, w.dim() == 4 ? static_cast<int>(w.size(2)) : 1);
        set_quietly(kernel_cols_, static_cast<int>(w.size(-1)));
    } else if (params.contains("kernel_size")) {
        const auto [kh, kw] = pair_of(params, "kernel_size", 2);
        set_quietly(kernel_rows_, kh);
        set_quietly(kernel_cols_, kw);
    }
    kernel_rows_->setEnabled(op != "conv1d");
    input_rows_->setEnabled(op != "conv1d" && animated.dim() == 4);
    input_cols_->setEnabled(animated.dim() == 4);
    in_channels_->setEnabled(matrix && animated.dim() == 4);
    const auto [oph, opw] = pair_of(params, "output_padding", 0);
    set_quietly(output_padding_h_, oph);
    set_quietly(output_padding_w_, opw);
    set_quietly(divisor_override_, params.value("divisor_override", nlohmann::json()).is_number()
                                       ? params["divisor_override"].get<int>()
                                       : 0);
    {
        const QSignalBlocker b1(ceil_mode_);
        const QSignalBlocker b2(count_include_pad_);
        const QSignalBlocker b3(norm_type_);
        const QSignalBlocker b4(negative_slope_);
        const QSignalBlocker b5(trace_view_);
        ceil_mode_->setChecked(params.value("ceil_mode", false));
        count_include_pad_->setChecked(params.value("count_include_pad", true));
        norm_type_->setValue(params.value("norm_type", 2.0));
        negative_slope_->setValue(params.value("negative_slope", 0.01));
        trace_view_->setCurrentIndex(lesson.view.trace_view == "scatter" ? 1 : 0);
    }
    const bool pooling = op == "max_pool2d" || op == "avg_pool2d" || op == "lp_pool2d";
    const auto [kh0, kw0] = pair_of(params, "kernel_size", 1);
    auto [sh, sw] = pair_of(params, "stride", 1);
    if (pooling && !(params.contains("stride") && !params["stride"].is_null())) {
        sh = kh0;  // torch: stride defaults to kernel_size
        sw = kw0;
    }
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
    formula_->setText(controller_->valid() ? tr("Output size:") + "\n" +
                                                 core::formula_text(controller_->shape_info(), "\n")
                                           : QString());
    error_->setText(controller_->error());
    error_->setVisible(!controller_->valid());
    syncing_ = false;
}

}  // namespace cs::gui
