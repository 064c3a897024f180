// The engine's messages in the window's language: every rule a student can break from the
// parameter panel or the playground raises a message id, the app's table says it in Chinese,
// and English (the CLI's words) stays the engine's own text.
#include <catch2/catch.hpp>

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QRegularExpression>
#include <QSpinBox>

#include "app/core/engine_message.hpp"
#include "app/core/pipeline_controller.hpp"
#include "app/core/pipeline_model.hpp"
#include "app/core/torch_code.hpp"
#include "app/gui/image_mode_view.hpp"
#include "app/gui/language.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/parameter_panel.hpp"
#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/pipeline/pipeline.hpp"
#include "gui_helpers.hpp"

using cs::Error;
using cs::OpCall;
using cs::Tensor;

namespace {

bool has_chinese(const QString& text) {
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    return text.contains(han);
}

OpCall conv(const std::string& op, nlohmann::json params, cs::Shape input = {1, 1, 5, 5},
            cs::Shape weight = {1, 1, 3, 3}) {
    return OpCall{op, Tensor(std::move(input), 1.0f), Tensor(std::move(weight), 1.0f), Tensor(),
                  std::move(params)};
}

OpCall pool(const std::string& op, nlohmann::json params) {
    return OpCall{op, Tensor({1, 1, 5, 5}, 1.0f), Tensor(), Tensor(), std::move(params)};
}

// What a student can set wrong in the parameter panel (stride, padding, kernel size, dilation,
// groups, channels, output_padding, padding mode, the pooling options), one call each.
std::vector<std::pair<std::string, OpCall>> broken_calls() {
    return {
        {"stride 0", conv("conv2d", {{"stride", {0, 1}}})},
        {"dilation 0", conv("conv2d", {{"dilation", 0}})},
        {"negative padding", conv("conv2d", {{"padding", -1}})},
        {"kernel larger than the input", conv("conv2d", {}, {1, 1, 2, 2})},
        {"dilated kernel larger than the input", conv("conv2d", {{"dilation", 3}})},
        {"groups 0", conv("conv2d", {{"groups", 0}})},
        {"groups not dividing the output channels",
         conv("conv2d", {{"groups", 2}}, {1, 2, 5, 5}, {3, 1, 3, 3})},
        {"groups not dividing the input channels",
         conv("conv2d", {{"groups", 2}}, {1, 3, 5, 5}, {2, 1, 3, 3})},
        {"input channels", conv("conv2d", {}, {1, 2, 5, 5}, {1, 1, 3, 3})},
        {"same padding with stride 2", conv("conv2d", {{"padding", "same"}, {"stride", 2}})},
        {"reflect padding too large",
         conv("conv2d", {{"padding", 5}, {"padding_mode", "reflect"}})},
        {"circular padding too large",
         conv("conv2d", {{"padding", 6}, {"padding_mode", "circular"}})},
        {"transposed stride 0", conv("conv_transpose2d", {{"stride", 0}})},
        {"output_padding not below the stride",
         conv("conv_transpose2d", {{"stride", 2}, {"output_padding", 2}})},
        {"negative output_padding", conv("conv_transpose2d", {{"output_padding", -1}})},
        {"transposed output not positive", conv("conv_transpose2d", {{"padding", 4}})},
        {"transposed groups",
         conv("conv_transpose2d", {{"groups", 2}}, {1, 3, 5, 5}, {3, 1, 3, 3})},
        {"transposed input channels", conv("conv_transpose2d", {}, {1, 2, 5, 5}, {1, 1, 3, 3})},
        {"conv1d stride 0", conv("conv1d", {{"stride", 0}}, {1, 1, 5}, {1, 1, 3})},
        {"conv1d same with stride 2",
         conv("conv1d", {{"padding", "same"}, {"stride", 2}}, {1, 1, 5}, {1, 1, 3})},
        {"pool kernel 0", pool("max_pool2d", {{"kernel_size", 0}})},
        {"pool stride 0", pool("max_pool2d", {{"kernel_size", 2}, {"stride", 0}})},
        {"pool padding over half", pool("max_pool2d", {{"kernel_size", 2}, {"padding", 2}})},
        {"pool kernel larger than the input", pool("avg_pool2d", {{"kernel_size", 6}})},
        {"pool dilation 0", pool("max_pool2d", {{"kernel_size", 2}, {"dilation", 0}})},
        {"divisor_override 0", pool("avg_pool2d", {{"kernel_size", 2}, {"divisor_override", 0}})},
        {"norm_type 0", pool("lp_pool2d", {{"kernel_size", 2}, {"norm_type", 0}})},
    };
}

// Installs the Chinese translation for the scope of a test.
struct Chinese {
    cs::gui::Language language;
    Chinese() { REQUIRE(language.apply("zh_CN") == "zh_CN"); }
    ~Chinese() { language.apply("en"); }
};

}  // namespace

TEST_CASE("engine messages: every parameter rule a student can break has an id Chinese can say") {
    for (const auto& [what, call] : broken_calls()) {
        INFO(what);
        std::optional<cs::core::EngineMessage> message;
        try {
            cs::infer_shape(call);
        } catch (const Error& e) {
            message = cs::core::EngineMessage::from(e);
        }
        REQUIRE(message.has_value());
        INFO(message->english);
        REQUIRE_FALSE(message->id.empty());
        REQUIRE_FALSE(cs::core::engine_message_source(message->id).empty());
        // The table's sentence, filled in, is word for word what the engine (and the CLI) says.
        CHECK(cs::core::engine_message_english(message->id, message->args) == message->english);
        CHECK(message->said().toStdString() == message->english);
        Chinese chinese;
        const QString said = message->said();
        INFO(said.toStdString());
        CHECK(has_chinese(said));
        CHECK_FALSE(said.contains(QRegularExpression("\\{[a-z_]+\\}")));  // every value filled in
    }
}

TEST_CASE("engine messages: every id of the table has a Chinese translation") {
    Chinese chinese;
    const std::vector<std::string> ids = cs::core::engine_message_ids();
    REQUIRE(ids.size() >= 20);
    for (const std::string& id : ids) {
        INFO(id);
        const std::string source = cs::core::engine_message_source(id);
        const QString translated =
            QCoreApplication::translate("cs::core::EngineMessage", source.c_str());
        CHECK(translated != QString::fromStdString(source));
        CHECK(has_chinese(translated));
        // Every placeholder of the English sentence is kept by the translation.
        static const QRegularExpression placeholder("\\{[a-z_]+\\}");
        auto it = placeholder.globalMatch(QString::fromStdString(source));
        while (it.hasNext()) {
            const QString name = it.next().captured();
            CHECK(translated.contains(name));
        }
    }
}

TEST_CASE("engine messages: a playground layer's broken groups is said in Chinese") {
    cs::pipeline::PipelineSpec spec;
    cs::pipeline::LayerSpec layer;
    layer.op = "conv2d";
    layer.out_channels = 4;
    layer.params = {{"groups", 2}};
    spec.layers.push_back(layer);
    const cs::pipeline::Plan plan = cs::pipeline::plan_pipeline(spec, {1, 3, 8, 8});
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.error_id == "layer.groups_divide_channels");
    CHECK(cs::core::PipelineModel::error_text(plan, spec).toStdString() == plan.error);
    Chinese chinese;
    const QString said = cs::core::PipelineModel::error_text(plan, spec);
    INFO(said.toStdString());
    CHECK(said.startsWith(QString::fromUtf8("第 1 层（conv2d）：groups=2 必须同时整除")));
}

TEST_CASE(
    "engine messages: an activation's shape explanation and the PyTorch comment follow the "
    "language") {
    const OpCall relu{"relu", Tensor({1, 3, 4, 4}), Tensor(), Tensor(), nlohmann::json::object()};
    const std::string formula = cs::infer_shape(relu).formulas.at(0);
    CHECK(formula == "relu keeps the shape: [1, 3, 4, 4]");
    CHECK(cs::core::shape_formula_text(formula).toStdString() == formula);
    const OpCall call{"conv2d", Tensor({1, 1, 3, 3}), Tensor({1, 1, 2, 2}), Tensor(),
                      nlohmann::json::object()};
    CHECK(cs::core::torch_code(call, true).contains("# the region of the image shown on screen"));
    Chinese chinese;
    CHECK(cs::core::shape_formula_text(formula) ==
          QString::fromUtf8("relu 保持形状不变：[1, 3, 4, 4]"));
    CHECK(cs::core::shape_formula_text("⌊(5 − 3) / 1⌋ + 1 = 3") ==
          QString::fromUtf8("⌊(5 − 3) / 1⌋ + 1 = 3"));
    const QString code = cs::core::torch_code(call, true);
    CHECK(code.contains(QString::fromUtf8("# 屏幕上显示的图像区域")));
    CHECK(code.contains("F.conv2d("));
}

TEST_CASE("main window: stride 0 is explained in Chinese, and in English after switching back") {
    cs::gui::MainWindow window;
    window.show();
    window.set_language("zh_CN");
    QSpinBox* stride = window.parameters()->stride_h();
    stride->setValue(0);
    QCoreApplication::processEvents();
    REQUIRE_FALSE(window.controller()->valid());
    QLabel* error = window.parameters()->error_label();
    INFO(error->text().toStdString());
    CHECK(error->text().contains(
        QString::fromUtf8("conv2d：stride（步幅）在两个方向上都必须至少为 1，当前为 (0, 1)")));
    CHECK(window.shape_label()->text().contains(QString::fromUtf8("在两个方向上都必须至少为 1")));
    window.set_language("en");
    QCoreApplication::processEvents();
    INFO(error->text().toStdString());
    CHECK(error->text().contains("stride must be at least 1 in both directions, got (0, "));
    CHECK_FALSE(has_chinese(error->text()));
    CHECK_FALSE(has_chinese(window.shape_label()->text()));
    stride->setValue(1);
}

TEST_CASE("image mode: the colormap names follow the window's language") {
    cs::gui::MainWindow window;
    QComboBox* colormaps = nullptr;
    for (QComboBox* box : window.image_view()->findChildren<QComboBox*>()) {
        if (box->itemData(0).toString() == "diverging") {
            colormaps = box;
        }
    }
    REQUIRE(colormaps != nullptr);
    window.set_language("zh_CN");
    QCoreApplication::processEvents();
    CHECK(colormaps->itemText(0) == QString::fromUtf8("发散"));
    CHECK(colormaps->itemText(1) == QString::fromUtf8("灰度"));
    CHECK(colormaps->itemData(2).toString() == "viridis");
    window.set_language("en");
    QCoreApplication::processEvents();
    CHECK(colormaps->itemText(0) == "Diverging");
    CHECK(colormaps->itemText(2) == "Viridis");
}
