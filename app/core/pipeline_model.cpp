#include "app/core/pipeline_model.hpp"

#include <QStringList>

#include "app/core/engine_message.hpp"
#include "app/core/pipeline_controller.hpp"

namespace cs::core {

PipelineModel::PipelineModel(PipelineController* controller, QObject* parent)
    : QAbstractListModel(parent), controller_(controller) {
    connect(controller_, &PipelineController::spec_changed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

void PipelineModel::retranslate() {
    // A layout change (not a reset) keeps the selection while the view measures rows again.
    emit layoutAboutToBeChanged();
    emit layoutChanged();
}

QString PipelineModel::field_text(size_t row) const {
    const auto one = [](const pipeline::LayerField& f) {
        return f.whole ? tr("the whole input") : QString::fromStdString(f.formula);
    };
    const pipeline::LayerField& largest = controller_->fields()[row];
    const std::vector<PathField>& paths = row < controller_->path_fields().size()
                                              ? controller_->path_fields()[row].paths
                                              : std::vector<PathField>{};
    if (paths.size() < 2) {
        return one(largest);
    }
    // A join sees the input through several paths: each has its own field.
    QStringList lines{tr("%1 (the largest of its %2 paths)").arg(one(largest)).arg(paths.size())};
    for (const PathField& path : paths) {
        const QString size = path.field.whole
                                 ? tr("the whole input")
                                 : QString("%1 × %2").arg(path.field.h.size).arg(path.field.w.size);
        lines << QString("  %1: %2").arg(QString::fromStdString(route_text(path.route)), size);
    }
    return lines.join("\n");
}

int PipelineModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(controller_->spec().layers.size());
}

QString PipelineModel::error_text(const pipeline::Plan& plan, const pipeline::PipelineSpec& spec) {
    const QString english = QString::fromStdString(plan.error);
    if (plan.error_id.empty() || !plan.error_layer || *plan.error_layer >= spec.layers.size()) {
        return english;
    }
    const QString message = engine_message_text(plan.error_id, plan.error_args, plan.error_message);
    if (message == QString::fromStdString(plan.error_message)) {
        return english;  // not translated: the engine's own words
    }
    return layer_message_text(*plan.error_layer, spec.layers[*plan.error_layer].op, message);
}

QString PipelineModel::shape_text(const std::vector<int64_t>& shape) {
    QStringList parts;
    for (size_t i = 1; i < shape.size(); ++i) {  // without the batch dimension
        parts << QString::number(shape[i]);
    }
    return parts.join(" × ");
}

QVariant PipelineModel::data(const QModelIndex& index, int role) const {
    const auto row = static_cast<size_t>(index.row());
    const pipeline::Plan& plan = controller_->plan();
    if (!index.isValid() || row >= controller_->spec().layers.size()) {
        return {};
    }
    const pipeline::LayerSpec& layer = controller_->spec().layers[row];
    const bool planned = row < plan.layers.size();
    const bool failed = plan.error_layer && *plan.error_layer == row;
    switch (role) {
        case Qt::DisplayRole: {
            QString text = QString("%1  ").arg(row + 1);
            if (!layer.name.empty()) {
                text += QString::fromStdString(layer.name) + " · ";
            }
            text += QString::fromStdString(pipeline::layer_summary(layer));
            if (!layer.inputs.empty()) {
                QStringList reads;
                for (const std::string& key : layer.inputs) {
                    reads << (key == "input" ? tr("input") : QString::fromStdString(key));
                }
                text += "  ← " + reads.join(", ");
            }
            if (planned) {
                text += QString("\n    → %1").arg(shape_text(plan.layers[row].output.shape));
                if (plan.layers[row].parameters > 0) {
                    text += "  ·  " + tr("%1 parameters").arg(plan.layers[row].parameters);
                }
            } else {
                text += "\n    " + (failed ? tr("✗ does not fit") : tr("(after an error)"));
            }
            return text;
        }
        case Qt::ToolTipRole:
            if (failed) {
                return error_text(plan, controller_->spec());
            }
            if (planned) {
                return tr("Output %1\n%2\nParameters: %3\nReceptive field: %4")
                    .arg(shape_text(plan.layers[row].output.shape))
                    .arg(data(index, ShapeFormulaRole).toString())
                    .arg(QString::fromStdString(plan.layers[row].parameter_formula))
                    .arg(data(index, ReceptiveFieldRole).toString());
            }
            return {};
        case ShapeRole:
            return planned ? shape_text(plan.layers[row].output.shape) : QString();
        case ParametersRole:
            return planned ? QVariant(static_cast<qint64>(plan.layers[row].parameters))
                           : QVariant();
        case ShapeFormulaRole: {
            if (!planned) {
                return QString();
            }
            QStringList formulas;
            for (const std::string& f : plan.layers[row].output.formulas) {
                formulas << shape_formula_text(f);
            }
            return formulas.join("; ");
        }
        case ParameterFormulaRole:
            return planned ? QString::fromStdString(plan.layers[row].parameter_formula) : QString();
        case ReceptiveFieldRole:
            if (!planned || row >= controller_->fields().size()) {
                return QString();
            }
            return field_text(row);
        case ErrorRole:
            return failed ? error_text(plan, controller_->spec()) : QString();
        case OpRole:
            return QString::fromStdString(layer.op);
        case Qt::ForegroundRole:
            return failed || !planned ? QVariant(QColor(200, 40, 40)) : QVariant();
        default:
            return {};
    }
}

}  // namespace cs::core
