#include "app/core/torch_code.hpp"

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

QString python_value(const nlohmann::json& v) {
    if (v.is_boolean()) {
        return v.get<bool>() ? "True" : "False";
    }
    if (v.is_null()) {
        return "None";
    }
    if (v.is_string()) {
        return QString("'%1'").arg(QString::fromStdString(v.get<std::string>()));
    }
    if (v.is_array()) {
        QStringList items;
        for (const auto& item : v) {
            items << python_value(item);
        }
        return "(" + items.join(", ") + ")";
    }
    return QString::fromStdString(v.dump());
}

// conv2d's two ConvScope extras are not parameters of F.conv2d: padding_mode becomes an
// explicit F.pad (as torch.nn.Conv2d does it) and flip rotates the kernel.
QString conv2d_call(const OpCall& call) {
    nlohmann::json params = call.params;
    const std::string mode = params.value("padding_mode", std::string("zeros"));
    const bool flip = params.value("flip", false);
    params.erase("padding_mode");
    params.erase("flip");
    QString x = "x";
    QString lines;
    if (mode != "zeros" && params.contains("padding") && !params["padding"].is_string()) {
        const nlohmann::json p = params["padding"];
        const int64_t ph = p.is_array() ? p[0].get<int64_t>() : p.get<int64_t>();
        const int64_t pw = p.is_array() ? p[1].get<int64_t>() : p.get<int64_t>();
        lines += QString("x_padded = F.pad(x, (%1, %1, %2, %2), mode='%3')\n")
                     .arg(pw)
                     .arg(ph)
                     .arg(QString::fromStdString(mode));
        x = "x_padded";
        params.erase("padding");
    }
    QString w = flip ? "w.flip(-2, -1)" : "w";
    QStringList args = {x, w, call.bias.empty() ? "bias=None" : "bias=b"};
    for (const auto& [key, value] : params.items()) {
        args << QString::fromStdString(key) + "=" + python_value(value);
    }
    return lines + "y = F.conv2d(" + args.join(", ") + ")\n";
}

}  // namespace

QString torch_code(const OpCall& call, bool from_image) {
    QString code = "import torch\nimport torch.nn.functional as F\n\n";
    if (from_image) {
        code += "# the region of the image shown on screen, as a [N, C, H, W] tensor in [0, 1]\n";
    }
    code += "x = " + tensor_literal(call.input) + "\n";
    if (!call.weight.empty()) {
        code += "w = " + tensor_literal(call.weight) + "\n";
    }
    if (!call.bias.empty()) {
        code += "b = " + tensor_literal(call.bias) + "\n";
    }
    if (call.op == "conv2d") {
        return code + conv2d_call(call) + "print(y)\n";
    }
    QStringList args = {"x"};
    if (!call.weight.empty()) {
        args << "w";
        args << (call.bias.empty() ? "bias=None" : "bias=b");
    }
    bool indices = false;
    for (const auto& [key, value] : call.params.items()) {
        args << QString::fromStdString(key) + "=" + python_value(value);
    }
    if (call.op == "max_pool2d") {
        args << "return_indices=True";
        indices = true;
    }
    code += QString(indices ? "y, indices = " : "y = ") + "F." + QString::fromStdString(call.op) +
            "(" + args.join(", ") + ")\nprint(y)\n";
    return code;
}

}  // namespace cs::core
