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

#include <algorithm>
#include <cmath>
#include <functional>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/op_text.hpp"
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
    // In a narrow dock (a 1280 px window) a field goes below its label instead of off the edge.
    form_->setRowWrapPolicy(QFormLayout::WrapLongRows);
    outer->addLayout(form_);
    op_ = new QComboBox(this);
    op_->setObjectName("operation");
    for (const std::string& name : lesson_ops()) {
        op_->addItem(QString::fromStdString(name), QString::fromStdString(name));
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
    // Parameters of the op that the rows above do not show (output_size, clamp's bounds …),
    // built from the op's description whenever the op changes.
    extra_form_ = new QFormLayout;
    outer->addLayout(extra_form_);
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
    extra_op_.clear();  // the described parameters' rows are rebuilt in the new language
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
    if (op_handler(controller_->lesson().op).spatial_dims == 1) {  // one number per parameter
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

// The parameters the fixed rows edit, in the order build() adds the rows; "" for rows that
// every op has (operation, input size, input channels) and "*" for rows of ops with weights.
const std::vector<std::string>& ParameterPanel::row_params() {
    static const std::vector<std::string> names = {"",
                                                   "",
                                                   "",
                                                   "*out_channels",
                                                   "kernel_size",
                                                   "stride",
                                                   "padding",
                                                   "padding_mode",
                                                   "dilation",
                                                   "groups",
                                                   "*bias",
                                                   "flip",
                                                   "output_padding",
                                                   "ceil_mode",
                                                   "count_include_pad",
                                                   "divisor_override",
                                                   "norm_type",
                                                   "negative_slope",
                                                   "*view"};
    return names;
}

// Shows only the parameters the op has (rows in the order build() adds them).
void ParameterPanel::show_rows_for(const std::string& op) {
    const OpHandler& description = op_handler(op);
    const bool weights = description.weight_layout != WeightLayout::none;
    const std::vector<std::string>& names = row_params();
    for (size_t row = 0; row < names.size(); ++row) {
        const std::string& name = names[row];
        bool visible = name.empty();
        if (name == "*out_channels" || name == "*bias") {
            visible = weights;
        } else if (name == "*view") {
            visible = !description.trace_views.empty();
        } else if (!name.empty()) {
            visible = find_param(op, name) != nullptr;
        }
        form_->setRowVisible(static_cast<int>(row), visible);
    }
    const ParamSpec* padding = find_param(op, "padding");
    padding_kind_->setEnabled(padding && !padding->choices.empty());
    build_extra_rows(op);
}

// One row per parameter that no fixed row edits, from the op's description.
void ParameterPanel::build_extra_rows(const std::string& op) {
    if (op == extra_op_) {
        return;
    }
    extra_op_ = op;
    extra_refreshers_.clear();
    while (extra_form_->rowCount() > 0) {
        extra_form_->removeRow(0);
    }
    const std::vector<std::string>& names = row_params();
    for (const ParamSpec& spec : op_handler(op).params) {
        const bool shown_above =
            std::find(names.begin(), names.end(), spec.name) != names.end() || spec.weight_shape;
        if (!shown_above) {
            add_extra_row(spec);
        }
    }
}

void ParameterPanel::add_extra_row(const ParamSpec& spec) {
    const std::string name = spec.name;
    const double fallback = spec.initial().is_number() ? spec.initial().get<double>() : 0.0;
    QWidget* field = nullptr;
    if (spec.kind == ParamKind::flag) {
        auto* box = new QCheckBox(this);
        connect(box, &QCheckBox::toggled, this, [this, name](bool on) {
            if (!syncing_) {
                controller_->set_param(name, on);
            }
        });
        extra_refreshers_.push_back([this, box, name, spec] {
            const QSignalBlocker block(box);
            box->setChecked(controller_->lesson().params.value(
                name, spec.fallback.is_boolean() && spec.fallback.get<bool>()));
        });
        field = box;
    } else if (spec.kind == ParamKind::choice) {
        auto* box = new QComboBox(this);
        for (const std::string& choice : spec.choices) {
            box->addItem(QString::fromStdString(choice), QString::fromStdString(choice));
        }
        connect(box, &QComboBox::currentIndexChanged, this, [this, box, name] {
            if (!syncing_) {
                controller_->set_param(name, box->currentData().toString().toStdString());
            }
        });
        extra_refreshers_.push_back([this, box, name, spec] {
            const QSignalBlocker block(box);
            const nlohmann::json& params = controller_->lesson().params;
            const std::string value = params.contains(name) && params[name].is_string()
                                          ? params[name].get<std::string>()
                                          : spec.choices.front();
            box->setCurrentIndex(std::max(0, box->findData(QString::fromStdString(value))));
        });
        field = box;
    } else {
        // Numbers: one box for both axes of a size (a lesson's windows are square here).
        auto* box = new QDoubleSpinBox(this);
        const bool whole = spec.kind != ParamKind::number;
        box->setDecimals(whole ? 0 : 3);
        box->setSingleStep(whole ? 1.0 : 0.1);
        box->setRange(spec.nullable ? spec.low - 1.0 : spec.low, spec.high);
        if (spec.nullable) {
            box->setSpecialValueText(tr("None"));
        }
        box->setKeyboardTracking(false);
        connect(box, &QDoubleSpinBox::valueChanged, this, [this, box, name, spec, whole](double v) {
            if (syncing_) {
                return;
            }
            if (spec.nullable && v < spec.low) {
                controller_->set_param(name, nlohmann::json());
            } else if (whole) {
                controller_->set_param(name, static_cast<int64_t>(std::llround(v)));
            } else {
                controller_->set_param(name, v);
            }
        });
        extra_refreshers_.push_back([this, box, name, spec, fallback] {
            const QSignalBlocker block(box);
            const nlohmann::json& params = controller_->lesson().params;
            const nlohmann::json value = params.contains(name) ? params[name] : nlohmann::json();
            if (value.is_number()) {
                box->setValue(value.get<double>());
            } else if (value.is_array() && !value.empty() && value[0].is_number()) {
                box->setValue(value[0].get<double>());
            } else {
                box->setValue(spec.nullable && value.is_null() ? spec.low - 1.0 : fallback);
            }
        });
        field = box;
    }
    field->setToolTip(core::param_meaning(spec));
    auto* label = new QLabel(core::param_label(spec.name), this);
    label->setToolTip(core::param_meaning(spec));
    extra_form_->addRow(label, field);
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
                    static_cast<int>(layer_width(op_handler(op).weight_layout, w.shape(), groups)));
        set_quietly(kernel_rows_, w.dim() == 4 ? static_cast<int>(w.size(2)) : 1);
        set_quietly(kernel_cols_, static_cast<int>(w.size(-1)));
    } else if (params.contains("kernel_size")) {
        const auto [kh, kw] = pair_of(params, "kernel_size", 2);
        set_quietly(kernel_rows_, kh);
        set_quietly(kernel_cols_, kw);
    }
    const bool one_dimensional = op_handler(op).spatial_dims == 1;
    kernel_rows_->setEnabled(!one_dimensional);
    input_rows_->setEnabled(!one_dimensional && animated.dim() == 4);
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
    const ParamSpec* stride = find_param(op, "stride");
    const auto [kh0, kw0] = pair_of(params, "kernel_size", 1);
    auto [sh, sw] = pair_of(params, "stride", 1);
    if (stride && stride->nullable && !(params.contains("stride") && !params["stride"].is_null())) {
        sh = kh0;  // torch: a pool's stride defaults to kernel_size
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
    for (const auto& refresh : extra_refreshers_) {
        refresh();
    }
    formula_->setText(controller_->valid() ? tr("Output size:") + "\n" +
                                                 core::formula_text(controller_->shape_info(), "\n")
                                           : QString());
    error_->setText(controller_->error());
    error_->setVisible(!controller_->valid());
    syncing_ = false;
}

}  // namespace cs::gui
