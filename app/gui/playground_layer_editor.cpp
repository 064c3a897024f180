#include "app/gui/playground_layer_editor.hpp"

#include <array>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/core/frame_painter.hpp"
#include "app/core/op_text.hpp"
#include "app/core/pipeline_controller.hpp"
#include "engine/op_call.hpp"
#include "engine/pipeline/kernel_bank.hpp"

namespace cs::gui {
namespace {

// Field ids: consecutive edits of one field of one layer merge into one undo step.
enum Field {
    kOutChannels = 1,
    kKernelH,
    kKernelW,
    kSeed,
    kInit,
    kBias,
    kPreset,
    kWeight,
    kReads,
    kParam = 100,  // + a hash of the parameter name
};

int param_field(const std::string& name) {
    return kParam + static_cast<int>(std::hash<std::string>{}(name) % 97);
}

Pair read_pair(const nlohmann::json& params, const std::string& name, int fallback) {
    if (!params.contains(name)) {
        return Pair::both(fallback);
    }
    const auto& v = params.at(name);
    if (v.is_number_integer()) {
        return Pair::both(v.get<int64_t>());
    }
    if (v.is_array() && v.size() == 2 && v[0].is_number_integer() && v[1].is_number_integer()) {
        return {v[0].get<int64_t>(), v[1].get<int64_t>()};
    }
    return Pair::both(fallback);
}

nlohmann::json pair_json(const Pair& p) {
    return p.h == p.w ? nlohmann::json(p.h) : nlohmann::json{p.h, p.w};
}

QSpinBox* spin(QWidget* parent, int low, int high) {
    auto* s = new QSpinBox(parent);
    s->setRange(low, high);
    s->setKeyboardTracking(false);
    return s;
}

bool chinese() {
    return PlaygroundLayerEditor::tr("en", "language code of the UI") == "zh";
}

}  // namespace

PlaygroundLayerEditor::PlaygroundLayerEditor(core::PipelineController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    column->addWidget(title_);
    form_ = new QFormLayout;
    form_->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    // A long label (a Chinese one at 1280 px) puts its field on the next line rather than
    // widening the editor past its column.
    form_->setRowWrapPolicy(QFormLayout::WrapLongRows);
    column->addLayout(form_);
    column->addStretch(1);
    connect(controller_, &core::PipelineController::spec_changed, this, [this] {
        const pipeline::LayerSpec* s = spec();
        const std::string key = s == nullptr
                                    ? ""
                                    : s->op + "/" + std::to_string(static_cast<int>(s->init)) +
                                          "/" + std::to_string(s->out_channels);
        key == built_key_ ? refresh() : rebuild();
    });
    rebuild();
}

const pipeline::LayerSpec* PlaygroundLayerEditor::spec() const {
    const auto& layers = controller_->spec().layers;
    return index_ >= 0 && static_cast<size_t>(index_) < layers.size()
               ? &layers[static_cast<size_t>(index_)]
               : nullptr;
}

void PlaygroundLayerEditor::set_layer(int index) {
    if (index == index_) {
        return;
    }
    index_ = index;
    rebuild();
}

void PlaygroundLayerEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        rebuild();
    }
    QWidget::changeEvent(event);
}

void PlaygroundLayerEditor::edit(const QString& what, int field,
                                 const std::function<void(pipeline::LayerSpec&)>& change) {
    const pipeline::LayerSpec* s = spec();
    if (s == nullptr) {
        return;
    }
    pipeline::LayerSpec layer = *s;
    change(layer);
    controller_->set_layer(static_cast<size_t>(index_), layer, what, field);
}

void PlaygroundLayerEditor::refresh() {
    for (const auto& r : refreshers_) {
        r();
    }
}

void PlaygroundLayerEditor::add_int(const QString& label, int field, int low, int high,
                                    const std::function<int(const pipeline::LayerSpec&)>& get,
                                    const std::function<void(pipeline::LayerSpec&, int)>& set) {
    QSpinBox* box = spin(this, low, high);
    form_->addRow(label, box);
    connect(box, &QSpinBox::valueChanged, this, [this, label, field, set](int v) {
        edit(label, field, [&](pipeline::LayerSpec& l) { set(l, v); });
    });
    refreshers_.push_back([this, box, get] {
        if (const auto* s = spec()) {
            const QSignalBlocker block(box);
            box->setValue(get(*s));
        }
    });
}

void PlaygroundLayerEditor::add_pair(const QString& label, const std::string& param, int field,
                                     int low, int high, int fallback, bool nullable) {
    auto* row = new QWidget(this);
    auto* line = new QHBoxLayout(row);
    line->setContentsMargins(0, 0, 0, 0);
    // A parameter that may be None (a pool's stride: kernel_size) gets one more value below
    // the range, shown as "None".
    const int none = nullable ? low - 1 : low;
    QSpinBox* h = spin(row, none, high);
    QSpinBox* w = spin(row, none, high);
    if (nullable) {
        h->setSpecialValueText(tr("None"));
        w->setSpecialValueText(tr("None"));
    }
    line->addWidget(h);
    line->addWidget(new QLabel("×", row));
    line->addWidget(w);
    form_->addRow(label, row);
    const auto changed = [this, label, param, field, h, w, nullable, none] {
        edit(label, param_field(param) + field * 0, [&](pipeline::LayerSpec& l) {
            if (nullable && (h->value() == none || w->value() == none)) {
                l.params.erase(param);
            } else {
                l.params[param] = pair_json({h->value(), w->value()});
            }
        });
    };
    connect(h, &QSpinBox::valueChanged, this, changed);
    connect(w, &QSpinBox::valueChanged, this, changed);
    refreshers_.push_back([this, h, w, param, fallback, nullable, none] {
        if (const auto* s = spec()) {
            const Pair p = read_pair(s->params, param, nullable ? none : fallback);
            const QSignalBlocker b1(h);
            const QSignalBlocker b2(w);
            h->setValue(static_cast<int>(p.h));
            w->setValue(static_cast<int>(p.w));
        }
    });
}

void PlaygroundLayerEditor::add_sides(const QString& label, const std::string& param, int field,
                                      int high) {
    auto* row = new QWidget(this);
    auto* line = new QHBoxLayout(row);
    line->setContentsMargins(0, 0, 0, 0);
    std::array<QSpinBox*, 4> boxes{};
    const QString tips[] = {tr("left"), tr("right"), tr("top"), tr("bottom")};
    for (size_t k = 0; k < boxes.size(); ++k) {
        boxes[k] = spin(row, 0, high);
        boxes[k]->setToolTip(tips[k]);
        line->addWidget(boxes[k]);
    }
    form_->addRow(label, row);
    const auto changed = [this, label, param, field, boxes] {
        edit(label, param_field(param) + field * 0, [&](pipeline::LayerSpec& l) {
            l.params[param] = nlohmann::json::array(
                {boxes[0]->value(), boxes[1]->value(), boxes[2]->value(), boxes[3]->value()});
        });
    };
    for (QSpinBox* box : boxes) {
        connect(box, &QSpinBox::valueChanged, this, changed);
    }
    refreshers_.push_back([this, boxes, param] {
        if (const auto* s = spec()) {
            const nlohmann::json sides = s->params.value(param, nlohmann::json::array());
            for (size_t k = 0; k < boxes.size(); ++k) {
                const QSignalBlocker block(boxes[k]);
                const bool given = sides.is_array() && k < sides.size() && sides[k].is_number();
                boxes[k]->setValue(given ? sides[k].get<int>() : 0);
            }
        }
    });
}

void PlaygroundLayerEditor::add_number(const QString& label, const std::string& param, int field,
                                       double low, double high, double fallback, bool nullable) {
    auto* box = new QDoubleSpinBox(this);
    const double none = nullable ? low - 1.0 : low;
    box->setRange(none, high);
    if (nullable) {
        box->setSpecialValueText(tr("None"));
    }
    box->setDecimals(3);
    box->setSingleStep(0.1);
    box->setKeyboardTracking(false);
    form_->addRow(label, box);
    connect(box, &QDoubleSpinBox::valueChanged, this,
            [this, label, param, field, nullable, none](double v) {
                edit(label, param_field(param) + field * 0, [&](pipeline::LayerSpec& l) {
                    if (nullable && v <= none) {
                        l.params.erase(param);
                    } else {
                        l.params[param] = v;
                    }
                });
            });
    refreshers_.push_back([this, box, param, fallback, nullable, none] {
        if (const auto* s = spec()) {
            const QSignalBlocker block(box);
            box->setValue(s->params.contains(param) && s->params.at(param).is_number()
                              ? s->params.at(param).get<double>()
                          : nullable ? none
                                     : fallback);
        }
    });
}

void PlaygroundLayerEditor::add_bool(const QString& label, const std::string& param, int field,
                                     bool fallback) {
    auto* box = new QCheckBox(this);
    form_->addRow(label, box);
    connect(box, &QCheckBox::toggled, this, [this, label, param, field](bool on) {
        edit(label, field, [&](pipeline::LayerSpec& l) {
            if (param == "bias") {
                l.bias = on;
                if (on && l.init == pipeline::WeightInit::values) {
                    l.bias_values = Tensor({l.out_channels}, 0.0f);
                }
            } else {
                l.params[param] = on;
            }
        });
    });
    refreshers_.push_back([this, box, param, fallback] {
        if (const auto* s = spec()) {
            const QSignalBlocker block(box);
            box->setChecked(param == "bias" ? s->bias : s->params.value(param, fallback));
        }
    });
}

void PlaygroundLayerEditor::add_choice(const QString& label, const std::string& param, int field,
                                       const std::vector<std::string>& choices) {
    auto* box = new QComboBox(this);
    for (const std::string& c : choices) {
        box->addItem(QString::fromStdString(c), QString::fromStdString(c));
    }
    form_->addRow(label, box);
    connect(box, &QComboBox::currentIndexChanged, this, [this, box, label, param, field] {
        const std::string value = box->currentData().toString().toStdString();
        edit(label, param_field(param) + field * 0,
             [&](pipeline::LayerSpec& l) { l.params[param] = value; });
    });
    refreshers_.push_back([this, box, param, choices] {
        if (const auto* s = spec()) {
            const QSignalBlocker block(box);
            const std::string v = s->params.value(param, choices.front());
            box->setCurrentIndex(std::max(0, box->findData(QString::fromStdString(v))));
        }
    });
}

// One row for a parameter of the op's description, by its kind.
void PlaygroundLayerEditor::add_param(const ParamSpec& spec) {
    const QString label = core::param_label(spec.name);
    const int field = param_field(spec.name);
    const auto number_or = [&spec](double otherwise) {
        return spec.fallback.is_number() ? spec.fallback.get<double>() : otherwise;
    };
    const int low = static_cast<int>(spec.low);
    const int high = static_cast<int>(std::min(spec.high, 1e6));
    switch (spec.kind) {
        case ParamKind::size:
            add_pair(label, spec.name, field, std::max(low, 1), high,
                     static_cast<int>(number_or(1)), spec.nullable);
            break;
        case ParamKind::whole: {
            const std::string name = spec.name;
            const int64_t fallback = static_cast<int64_t>(number_or(0));
            add_int(
                label, field, low, high,
                [name, fallback](const auto& l) {
                    return static_cast<int>(param_int(l.params, l.op, name, fallback));
                },
                [name](auto& l, int v) { l.params[name] = v; });
            break;
        }
        case ParamKind::number:
            add_number(label, spec.name, field, spec.low, spec.high, number_or(0), spec.nullable);
            break;
        case ParamKind::flag:
            add_bool(label, spec.name, field,
                     spec.fallback.is_boolean() && spec.fallback.get<bool>());
            break;
        case ParamKind::choice:
            add_choice(label, spec.name, field, spec.choices);
            break;
        case ParamKind::sides:
            add_sides(label, spec.name, field, high);
            break;
    }
    form_->labelForField(form_->itemAt(form_->rowCount() - 1, QFormLayout::FieldRole)->widget())
        ->setToolTip(core::param_meaning(spec));
}

namespace {

// What a layer can read: the pipeline's input and every layer above `index`, as (text, key).
std::vector<std::pair<QString, QString>> readable_values(const pipeline::PipelineSpec& spec,
                                                         size_t index) {
    std::vector<std::pair<QString, QString>> values;
    values.emplace_back(PlaygroundLayerEditor::tr("input (the photo)"), "input");
    for (size_t j = 0; j < index && j < spec.layers.size(); ++j) {
        const QString key = QString::fromStdString(pipeline::layer_key(spec, j));
        values.emplace_back(
            QString("%1 · %2").arg(key,
                                   QString::fromStdString(pipeline::layer_summary(spec.layers[j]))),
            key);
    }
    return values;
}

void fill_combo(QComboBox* box, const std::vector<std::pair<QString, QString>>& values,
                const QString& current) {
    const QSignalBlocker block(box);
    box->clear();
    for (const auto& [text, key] : values) {
        box->addItem(text, key);
    }
    box->setCurrentIndex(std::max(0, box->findData(current)));
}

}  // namespace

// The layer's name and the values it reads: how branches and joins are made.
void PlaygroundLayerEditor::add_wiring() {
    auto* name = new QLineEdit(this);
    name->setObjectName("layer_name");
    name->setPlaceholderText(tr("by its number, %1").arg(index_ + 1));
    form_->addRow(tr("Name"), name);
    form_->labelForField(name)->setToolTip(
        tr("Other layers read this one by its name (or its number when it has none)."));
    auto* message = new QLabel(this);
    message->setObjectName("name_message");
    message->setWordWrap(true);
    message->setStyleSheet("color: #b00020;");
    message->hide();
    form_->addRow(message);
    connect(name, &QLineEdit::editingFinished, this, [this, name, message] {
        const QString why = controller_->rename_layer(static_cast<size_t>(index_), name->text());
        message->setText(why);
        message->setVisible(!why.isEmpty());
    });
    refreshers_.push_back([this, name] {
        if (const auto* s = spec(); s != nullptr && !name->hasFocus()) {
            const QSignalBlocker block(name);
            name->setText(QString::fromStdString(s->name));
        }
    });

    const OpHandler& handler = op_handler(spec()->op);
    const QString reads_tip =
        tr("Which values this layer reads: the input photo or any layer above it. Reading a "
           "layer other than the one just above makes a branch.");
    if (handler.takes_input_list) {
        // cat: every ticked value, stacked in list order.
        auto* list = new QListWidget(this);
        list->setObjectName("layer_reads");
        list->setMaximumHeight(110);
        form_->addRow(tr("Joins"), list);
        form_->labelForField(list)->setToolTip(reads_tip);
        connect(list, &QListWidget::itemChanged, this, [this, list] {
            std::vector<std::string> inputs;
            for (int r = 0; r < list->count(); ++r) {
                if (list->item(r)->checkState() == Qt::Checked) {
                    inputs.push_back(list->item(r)->data(Qt::UserRole).toString().toStdString());
                }
            }
            edit(tr("Joins"), kReads, [&](pipeline::LayerSpec& l) { l.inputs = inputs; });
        });
        refreshers_.push_back([this, list] {
            const auto* s = spec();
            if (s == nullptr) {
                return;
            }
            const QSignalBlocker block(list);
            list->clear();
            for (const auto& [text, key] :
                 readable_values(controller_->spec(), static_cast<size_t>(index_))) {
                auto* item = new QListWidgetItem(text, list);
                item->setData(Qt::UserRole, key);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                const bool read = std::find(s->inputs.begin(), s->inputs.end(),
                                            key.toStdString()) != s->inputs.end();
                item->setCheckState(read ? Qt::Checked : Qt::Unchecked);
            }
        });
        return;
    }
    // One value, or add's two: a menu each. A single input may stay "the layer above".
    const size_t count = 1 + handler.operand_args.size();
    std::vector<QComboBox*> boxes;
    for (size_t k = 0; k < count; ++k) {
        auto* box = new QComboBox(this);
        box->setObjectName(QString("layer_reads_%1").arg(k));
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(12);
        form_->addRow(count == 1 ? tr("Reads") : tr("Value %1").arg(k + 1), box);
        form_->labelForField(box)->setToolTip(reads_tip);
        boxes.push_back(box);
    }
    for (QComboBox* box : boxes) {
        connect(box, &QComboBox::currentIndexChanged, this, [this, boxes] {
            std::vector<std::string> inputs;
            for (QComboBox* b : boxes) {
                inputs.push_back(b->currentData().toString().toStdString());
            }
            if (inputs.size() == 1 && inputs.front().empty()) {
                inputs.clear();  // the layer above, as in a chain
            }
            edit(tr("Reads"), kReads, [&](pipeline::LayerSpec& l) { l.inputs = inputs; });
        });
    }
    refreshers_.push_back([this, boxes] {
        const auto* s = spec();
        if (s == nullptr) {
            return;
        }
        auto values = readable_values(controller_->spec(), static_cast<size_t>(index_));
        if (boxes.size() == 1) {
            values.insert(values.begin(), {tr("the layer above"), QString()});
        }
        for (size_t k = 0; k < boxes.size(); ++k) {
            fill_combo(boxes[k], values,
                       k < s->inputs.size() ? QString::fromStdString(s->inputs[k]) : QString());
        }
    });
}

// The kernel slice weight[out, in] as an editable table of the weights in use. Editing a cell
// turns the layer's initialisation into stored values.
void PlaygroundLayerEditor::add_weights() {
    auto* pick = new QWidget(this);
    auto* line = new QHBoxLayout(pick);
    line->setContentsMargins(0, 0, 0, 0);
    weight_out_ = spin(pick, 0, 0);
    weight_in_ = spin(pick, 0, 0);
    line->addWidget(new QLabel(tr("out"), pick));
    line->addWidget(weight_out_);
    line->addWidget(new QLabel(tr("in"), pick));
    line->addWidget(weight_in_);
    form_->addRow(tr("Kernel shown"), pick);
    weights_ = new QTableWidget(this);
    weights_->setObjectName("weights");
    weights_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    weights_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    weights_->setMinimumHeight(120);
    form_->addRow(weights_);
    weight_message_ = new QLabel(this);
    weight_message_->setObjectName("weight_message");
    weight_message_->setWordWrap(true);
    weight_message_->setStyleSheet("color: #b00020;");
    weight_message_->hide();
    form_->addRow(weight_message_);
    connect(weight_out_, &QSpinBox::valueChanged, this, &PlaygroundLayerEditor::refresh_weights);
    connect(weight_in_, &QSpinBox::valueChanged, this, &PlaygroundLayerEditor::refresh_weights);
    connect(weights_, &QTableWidget::cellChanged, this, [this](int r, int c) {
        bool ok = false;
        const QString text = weights_->item(r, c)->text().trimmed();
        const float value = QString(text).replace("−", "-").toFloat(&ok);
        const pipeline::Plan& plan = controller_->plan();
        if (static_cast<size_t>(index_) >= plan.layers.size()) {
            refresh_weights();
            return;
        }
        // toFloat accepts "nan" and "inf"; such a weight would turn every map below into NaN
        // without a word, so it is refused like text, and the old value comes back.
        if (!ok || !std::isfinite(value)) {
            weight_message_->setText(
                ok ? tr("“%1” is not allowed: a weight must be a finite number, not NaN or "
                        "infinity.")
                         .arg(text)
                   : tr("“%1” is not a number: type a weight such as 0.25 or -1.").arg(text));
            weight_message_->show();
            refresh_weights();
            return;
        }
        weight_message_->hide();
        const Tensor& current = plan.layers[static_cast<size_t>(index_)].call.weight;
        const Tensor& bias = plan.layers[static_cast<size_t>(index_)].call.bias;
        const int64_t o = weight_out_->value(), i = weight_in_->value();
        edit(tr("weight"), kWeight, [&](pipeline::LayerSpec& l) {
            l.init = pipeline::WeightInit::values;
            l.weight = current;
            l.bias_values = bias;
            l.weight.at({o, i, r, c}) = value;
        });
    });
    refreshers_.push_back([this] { refresh_weights(); });
}

void PlaygroundLayerEditor::refresh_weights() {
    if (weights_ == nullptr) {
        return;
    }
    const QSignalBlocker block(weights_);
    const pipeline::Plan& plan = controller_->plan();
    if (index_ < 0 || static_cast<size_t>(index_) >= plan.layers.size() ||
        plan.layers[static_cast<size_t>(index_)].call.weight.dim() != 4) {
        weights_->clear();
        weights_->setRowCount(0);
        weights_->setColumnCount(0);
        return;
    }
    const Tensor& w = plan.layers[static_cast<size_t>(index_)].call.weight;
    weight_out_->setMaximum(static_cast<int>(w.size(0) - 1));
    weight_in_->setMaximum(static_cast<int>(w.size(1) - 1));
    const int64_t o = weight_out_->value(), i = weight_in_->value();
    weights_->setRowCount(static_cast<int>(w.size(2)));
    weights_->setColumnCount(static_cast<int>(w.size(3)));
    for (int r = 0; r < w.size(2); ++r) {
        for (int c = 0; c < w.size(3); ++c) {
            weights_->setItem(r, c, new QTableWidgetItem(core::format_value(w.at({o, i, r, c}))));
        }
    }
}

void PlaygroundLayerEditor::rebuild() {
    refreshers_.clear();
    weights_ = nullptr;
    weight_message_ = nullptr;
    // The rows go later: this may run inside a signal of one of their widgets.
    while (form_->rowCount() > 0) {
        const QFormLayout::TakeRowResult row = form_->takeRow(0);
        for (QLayoutItem* item : {row.labelItem, row.fieldItem}) {
            if (item != nullptr) {
                if (QWidget* w = item->widget()) {
                    w->hide();
                    w->deleteLater();
                }
                delete item;
            }
        }
    }
    const pipeline::LayerSpec* s = spec();
    built_key_ = s == nullptr ? ""
                              : s->op + "/" + std::to_string(static_cast<int>(s->init)) + "/" +
                                    std::to_string(s->out_channels);
    if (s == nullptr) {
        title_->setText(tr("Select a layer to edit it."));
        return;
    }
    title_->setText(tr("<b>Layer %1: %2</b>").arg(index_ + 1).arg(QString::fromStdString(s->op)));
    const std::string op = s->op;
    add_wiring();
    const OpHandler& description = op_handler(op);
    const bool conv = description.weight_layout == WeightLayout::conv ||
                      description.weight_layout == WeightLayout::conv_transposed;
    if (pipeline::has_weights(op)) {
        add_int(
            core::param_label(description.width_param), kOutChannels, 1, 512,
            [](const auto& l) { return static_cast<int>(l.out_channels); },
            [](auto& l, int v) {
                l.out_channels = v;
                if (l.init == pipeline::WeightInit::preset) {
                    l.presets.resize(static_cast<size_t>(v),
                                     l.presets.empty() ? "identity" : l.presets.back());
                }
                if (l.init == pipeline::WeightInit::values) {
                    l.init = pipeline::WeightInit::random;  // the stored values no longer fit
                }
            });
    }
    if (conv) {
        add_int(
            tr("kernel height"), kKernelH, 1, 15,
            [](const auto& l) { return static_cast<int>(l.kernel_size.h); },
            [](auto& l, int v) {
                l.kernel_size.h = v;
                if (l.init == pipeline::WeightInit::values) {
                    l.init = pipeline::WeightInit::random;
                }
            });
        add_int(
            tr("kernel width"), kKernelW, 1, 15,
            [](const auto& l) { return static_cast<int>(l.kernel_size.w); },
            [](auto& l, int v) {
                l.kernel_size.w = v;
                if (l.init == pipeline::WeightInit::values) {
                    l.init = pipeline::WeightInit::random;
                }
            });
    }
    // Every call parameter the op describes; flip is the lesson's (a trained layer's kernel
    // is what it learnt).
    for (const ParamSpec& spec : description.params) {
        if (!spec.weight_shape && !(spec.kind == ParamKind::flag && !spec.torch)) {
            add_param(spec);
        }
    }
    if (pipeline::has_weights(op)) {
        add_bool(tr("bias"), "bias", kBias, true);
        auto* init = new QComboBox(this);
        init->addItem(tr("random (PyTorch's default)"), "random");
        if (conv) {
            init->addItem(tr("kernel presets"), "preset");
        }
        init->addItem(tr("stored values"), "values");
        init->setCurrentIndex(init->findData(QString(pipeline::weight_init_name(s->init))));
        form_->addRow(tr("weights"), init);
        const Tensor planned_weight =
            static_cast<size_t>(index_) < controller_->plan().layers.size()
                ? controller_->plan().layers[static_cast<size_t>(index_)].call.weight
                : Tensor();
        const Tensor planned_bias =
            static_cast<size_t>(index_) < controller_->plan().layers.size()
                ? controller_->plan().layers[static_cast<size_t>(index_)].call.bias
                : Tensor();
        connect(init, &QComboBox::currentIndexChanged, this,
                [this, init, planned_weight, planned_bias] {
                    const auto kind = pipeline::weight_init_from_name(
                        init->currentData().toString().toStdString());
                    edit(tr("initialisation"), kInit, [&](pipeline::LayerSpec& l) {
                        l.init = kind;
                        if (kind == pipeline::WeightInit::preset &&
                            l.presets.size() != static_cast<size_t>(l.out_channels)) {
                            l.presets.assign(static_cast<size_t>(l.out_channels), "identity");
                        }
                        if (kind == pipeline::WeightInit::values) {
                            l.weight = planned_weight;  // start from the weights in use
                            l.bias_values = planned_bias;
                        }
                    });
                });
        if (s->init == pipeline::WeightInit::random) {
            add_int(
                tr("seed"), kSeed, 0, 1'000'000,
                [](const auto& l) { return static_cast<int>(l.seed); },
                [](auto& l, int v) { l.seed = static_cast<uint64_t>(v); });
        }
        if (s->init == pipeline::WeightInit::preset) {
            for (int64_t c = 0; c < s->out_channels; ++c) {
                auto* box = new QComboBox(this);
                for (const pipeline::Kernel& k : pipeline::preset_kernels()) {
                    box->addItem(QString::fromStdString(chinese() ? k.name_zh : k.name_en),
                                 QString::fromStdString(k.id));
                }
                form_->addRow(tr("channel %1").arg(c), box);
                connect(box, &QComboBox::currentIndexChanged, this, [this, box, c] {
                    const std::string id = box->currentData().toString().toStdString();
                    edit(tr("kernel preset"), kPreset, [&](pipeline::LayerSpec& l) {
                        l.presets[static_cast<size_t>(c)] = id;
                        // The kernel size follows the preset (a 5×5 Gaussian needs 5×5).
                        const pipeline::Kernel& k = pipeline::preset_kernel(id);
                        l.kernel_size = {std::max(l.kernel_size.h, k.rows),
                                         std::max(l.kernel_size.w, k.cols)};
                    });
                });
                refreshers_.push_back([this, box, c] {
                    if (const auto* l = spec(); l && static_cast<size_t>(c) < l->presets.size()) {
                        const QSignalBlocker block(box);
                        box->setCurrentIndex(std::max(0, box->findData(QString::fromStdString(
                                                             l->presets[static_cast<size_t>(c)]))));
                    }
                });
            }
        }
        if (conv) {
            add_weights();
        }
    }
    if (form_->rowCount() == 0) {
        form_->addRow(new QLabel(tr("This layer has no parameters."), this));
    }
    refresh();
}

}  // namespace cs::gui
