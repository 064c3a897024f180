#include "app/core/torch_code.hpp"

#include <QCoreApplication>
#include <QStringList>

namespace cs::core {
namespace {

QString number(float v) {
    return QString::number(static_cast<double>(v), 'g', 8);
}

// torch.tensor([...]).reshape(...) for a tensor, values in row-major order.
QString tensor_literal(const Tensor& t) {
    QStringList values;
    values.reserve(static_cast<int>(t.numel()));
    for (float v : t.values()) {
        values << number(v);
    }
    QStringList dims;
    for (int64_t d : t.shape()) {
        dims << QString::number(d);
    }
    return QString("torch.tensor([%1]).reshape(%2)").arg(values.join(", "), dims.join(", "));
}

}  // namespace

QString torch_code(const OpCall& call, bool from_image) {
    QString code = "import torch\nimport torch.nn.functional as F\n\n";
    if (from_image) {
        // A comment in the window's language: the students read it beside their own code.
        code += "# " +
                QCoreApplication::translate(
                    "cs::core::TorchCode",
                    "the region of the image shown on screen, as a [N, C, H, W] tensor in [0, 1]") +
                "\n";
    }
    code += "x = " + tensor_literal(call.input) + "\n";
    if (!call.weight.empty()) {
        code += "w = " + tensor_literal(call.weight) + "\n";
    }
    if (!call.bias.empty()) {
        code += "b = " + tensor_literal(call.bias) + "\n";
    }
    // The engine writes the call; torch returns the argmax too where the op can (max pooling).
    const bool indices = op_handler(call.op).reduce == WindowReduce::max &&
                         find_param(call.op, "kernel_size") != nullptr;
    QString expression = QString::fromStdString(torch_call(call));
    if (indices) {
        expression.insert(expression.size() - 1, ", return_indices=True");
    }
    // A multi-line call (conv2d's explicit F.pad) assigns y on its last line.
    const qsizetype last_line = expression.lastIndexOf('\n') + 1;
    expression.insert(last_line, indices ? "y, indices = " : "y = ");
    code += expression + "\nprint(y)\n";
    return code;
}

}  // namespace cs::core
