#include "app/core/model_lesson.hpp"

#include <QObject>

#include <algorithm>

#include "engine/error.hpp"

namespace cs::core {

bool can_make_conv_lesson(const OnnxModel& model, size_t node) {
    const std::vector<GraphNode>& nodes = model.graph.nodes();
    if (node >= nodes.size() || nodes[node].op != "conv2d" || nodes[node].inputs.empty()) {
        return false;
    }
    const auto weight = nodes[node].tensors.find("weight");
    return weight != nodes[node].tensors.end() && weight->second.dim() == 4;
}

Lesson conv_lesson(const OnnxModel& model, const ModelRun& run, size_t node, int64_t out_channel,
                   int64_t in_channel) {
    if (!can_make_conv_lesson(model, node)) {
        throw Error("only a conv2d node with weights becomes a lesson");
    }
    const GraphNode& conv = model.graph.nodes()[node];
    // weight (OC, C/groups, KH, KW); input (1, C, H, W)
    const Tensor& weight = conv.tensors.at("weight");
    const int64_t out_channels = weight.size(0), group_inputs = weight.size(1);
    const int64_t kh = weight.size(2), kw = weight.size(3);
    const int64_t groups = conv.params.value("groups", int64_t{1});
    require(out_channel >= 0 && out_channel < out_channels,
            "output channel " + std::to_string(out_channel) + " is not in [0, " +
                std::to_string(out_channels) + ")");
    require(in_channel >= 0 && in_channel < group_inputs,
            "input channel " + std::to_string(in_channel) + " is not in [0, " +
                std::to_string(group_inputs) + ")");
    const std::string& source = conv.inputs[0];
    const Tensor& input = source == graph_input_name
                              ? run.input
                              : run.outputs.at(static_cast<size_t>(model.graph.index_of(source)));
    require(input.dim() == 4, "the node's input is not a stack of feature maps");
    // The input channel this kernel slice reads: its group's first channel + in_channel.
    const int64_t group = out_channel / std::max<int64_t>(1, out_channels / groups);
    const int64_t channel = group * group_inputs + in_channel;
    const int64_t h = std::min(input.size(2), model_lesson_side);
    const int64_t w = std::min(input.size(3), model_lesson_side);
    std::vector<float> plane;
    plane.reserve(static_cast<size_t>(h * w));
    const float* values = input.data() + channel * input.size(2) * input.size(3);
    for (int64_t y = 0; y < h; ++y) {
        plane.insert(plane.end(), values + y * input.size(3), values + y * input.size(3) + w);
    }
    const float* kernel = weight.data() + (out_channel * group_inputs + in_channel) * kh * kw;

    Lesson lesson;
    lesson.op = "conv2d";
    for (const char* key : {"stride", "padding", "dilation", "padding_mode"}) {
        if (conv.params.contains(key)) {
            lesson.params[key] = conv.params[key];
        }
    }
    lesson.input = Tensor({1, 1, h, w}, plane);
    lesson.weight = Tensor({1, 1, kh, kw}, std::vector<float>(kernel, kernel + kh * kw));
    if (const auto bias = conv.tensors.find("bias"); bias != conv.tensors.end()) {
        lesson.bias = Tensor({1}, {bias->second.data()[out_channel]});
    }
    const QString name = QString::fromStdString(conv.name);
    lesson.title_en = QString("%1: output channel %2 from input channel %3")
                          .arg(name)
                          .arg(out_channel)
                          .arg(channel);
    lesson.title_zh =
        QString("%1：输入通道 %3 → 输出通道 %2").arg(name).arg(out_channel).arg(channel);
    lesson.description_en =
        QString(
            "The layer's real kernel and bias, on the top-left %1 × %2 of its real input "
            "(channel %3 of %4). The layer adds such a sum for every input channel.")
            .arg(h)
            .arg(w)
            .arg(QString::fromStdString(source == graph_input_name ? "the input" : source))
            .arg(channel);
    lesson.description_zh =
        QString(
            "该层真实的卷积核和偏置，作用在它真实输入（%3 的通道 %4）左上角的 %1 × %2 "
            "区域上。该层会对每个输入通道都做这样的求和并相加。")
            .arg(h)
            .arg(w)
            .arg(QString::fromStdString(source == graph_input_name ? "输入" : source))
            .arg(channel);
    lesson.view.show_values = true;
    lesson.view.colormap = Colormap::diverging;
    return lesson;
}

}  // namespace cs::core
