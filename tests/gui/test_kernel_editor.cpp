// The kernel editor follows the lesson: its grid and its preset box say what the lesson holds.
#include <catch2/catch.hpp>

#include <QComboBox>
#include <QTableWidget>
#include <QUndoStack>

#include "app/core/lesson_controller.hpp"
#include "app/gui/kernel_editor.hpp"
#include "app/gui/mainwindow.hpp"
#include "gui_helpers.hpp"

using cs::gui::KernelEditor;
using cs::gui::MainWindow;

namespace {

QString lesson(const char* name) {
    return cs::test::resource_path(QString("resources/lessons/%1.json").arg(name));
}

}  // namespace

TEST_CASE("kernel editor: the preset box names the kernel's preset, or Custom") {
    MainWindow window;
    window.set_language("en");
    auto* editor = window.findChild<KernelEditor*>();
    REQUIRE(editor != nullptr);
    // The lesson's kernel is [1 0 −1] in each row: no preset, so not "Identity".
    REQUIRE(window.open_lesson(lesson("conv_5x5_pad1_stride1")));
    CHECK(editor->presets()->currentData().toString() == "custom");
    CHECK(editor->presets()->currentText() == "Custom");
    editor->apply_preset("sobel_x");
    CHECK(editor->presets()->currentData().toString() == "sobel_x");
    // One weight typed by hand: the kernel is no longer Sobel.
    editor->table()->item(1, 1)->setText("3");
    CHECK(editor->presets()->currentData().toString() == "custom");
    window.controller()->undo_stack()->undo();
    CHECK(editor->presets()->currentData().toString() == "sobel_x");
    // The 1-D lesson's [1 0 −1] is no preset either.
    REQUIRE(window.open_lesson(lesson("conv1d_signal")));
    CHECK(editor->presets()->currentData().toString() == "custom");
}

TEST_CASE("kernel editor: a pooling lesson shows no kernel, not the previous lesson's") {
    MainWindow window;
    auto* editor = window.findChild<KernelEditor*>();
    REQUIRE(editor != nullptr);
    REQUIRE(window.open_lesson(lesson("conv_image_sobel")));
    CHECK(editor->table()->rowCount() == 3);
    for (const char* pooling : {"pool_max_2x2", "pool_avg_3x3_ceil", "pool_lp2"}) {
        INFO(pooling);
        REQUIRE(window.open_lesson(lesson(pooling)));
        CHECK(editor->table()->rowCount() == 0);
        CHECK(editor->table()->columnCount() == 0);
        CHECK_FALSE(editor->isEnabled());
    }
}
