#include "app/core/model_nodes.hpp"

#include <QStringList>

#include "app/core/model_controller.hpp"

namespace cs::core {

ModelNodes::ModelNodes(ModelController* controller, QObject* parent)
    : QAbstractListModel(parent), controller_(controller) {
    connect(controller_, &ModelController::about_to_open, this, [this] { beginResetModel(); });
    connect(controller_, &ModelController::opened, this, [this] { endResetModel(); });
}

int ModelNodes::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !controller_->has_model()) {
        return 0;
    }
    return static_cast<int>(controller_->model().graph.nodes().size());
}

QString ModelNodes::count_text(int64_t count) {
    if (count < 10000) {
        return QString::number(count);
    }
    const char* units[] = {"k", "M", "G", "T"};
    double value = static_cast<double>(count);
    int unit = -1;
    while (value >= 1000.0 && unit < 3) {
        value /= 1000.0;
        ++unit;
    }
    return QString("%1 %2").arg(value, 0, 'g', 3).arg(units[unit]);
}

QString ModelNodes::shape_text(const std::vector<int64_t>& shape) {
    QStringList parts;
    for (int64_t size : shape) {
        parts << QString::number(size);
    }
    return parts.join(" × ");
}

QVariant ModelNodes::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const Graph& graph = controller_->model().graph;
    const auto row = static_cast<size_t>(index.row());
    const GraphNode& node = graph.nodes()[row];
    const NodeInfo& info = graph.infos()[row];
    switch (role) {
        case Qt::DisplayRole: {
            QString text =
                QString("%1  %2 · %3")
                    .arg(row + 1)
                    .arg(QString::fromStdString(node.name), QString::fromStdString(node.op));
            // The chain (a node reading the one above) needs no words; other inputs do.
            const bool chain = node.inputs.size() == 1 &&
                               (row == 0 ? node.inputs[0] == graph_input_name
                                         : node.inputs[0] == graph.nodes()[row - 1].name);
            if (!chain) {
                QStringList reads;
                for (const std::string& input : node.inputs) {
                    reads << (input == graph_input_name ? tr("input")
                                                        : QString::fromStdString(input));
                }
                text += "  ← " + reads.join(", ");
            }
            text += QString("\n    → %1").arg(shape_text(info.output_shape));
            if (info.parameter_count > 0) {
                text += "  ·  " + tr("%1 parameters").arg(count_text(info.parameter_count));
            }
            if (info.multiply_adds > 0) {
                text += "  ·  " + tr("%1 multiply-adds").arg(count_text(info.multiply_adds));
            }
            return text;
        }
        case Qt::ToolTipRole: {
            QStringList lines;
            lines << tr("Output %1").arg(shape_text(info.output_shape));
            for (const std::string& formula : info.formulas) {
                lines << QString::fromStdString(formula);
            }
            lines << tr("Parameters: %1").arg(info.parameter_count);
            lines << tr("Multiply-adds: %1").arg(info.multiply_adds);
            return lines.join("\n");
        }
        default:
            return {};
    }
}

}  // namespace cs::core
