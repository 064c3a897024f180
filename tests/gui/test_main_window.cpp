#include <catch2/catch.hpp>

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoCommand>
#include <QUndoStack>

#include <fstream>

#include "app/core/frame_painter.hpp"
#include "app/core/op_text.hpp"
#include "app/gui/lesson_canvas.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/parameter_panel.hpp"
#include "app/gui/playground_view.hpp"
#include "app/gui/training_page.hpp"
#include "app/gui/training_tab.hpp"
#include "engine/op_call.hpp"
#include "gui_helpers.hpp"

using cs::gui::MainWindow;

namespace {

// Shortcuts (Space, arrows, Home/End) reach only the active window.
void show_active(MainWindow& window) {
    window.show();
    QApplication::setActiveWindow(&window);
    REQUIRE(QTest::qWaitForWindowActive(&window));
}

void open_5x5_lesson(MainWindow& window) {
    REQUIRE(window.open_lesson(
        cs::test::resource_path("resources/lessons/conv_5x5_pad1_stride1.json")));
}

}  // namespace

TEST_CASE("main window: changing the stride updates the output-size label and the output grid") {
    MainWindow window;
    window.show();
    open_5x5_lesson(window);
    auto* panel = window.parameters();
    CHECK(window.controller()->output().shape() == cs::Shape{1, 1, 5, 5});
    CHECK(panel->formula_label()->text().contains("= 5"));

    panel->stride_h()->setValue(2);
    panel->stride_w()->setValue(2);
    CHECK(window.controller()->output().shape() == cs::Shape{1, 1, 3, 3});
    CHECK(panel->formula_label()->text().contains("/ 2⌋ + 1 = 3"));
    CHECK(window.controller()->total_steps() == 9);
}

TEST_CASE("main window: an invalid combination shows the engine's message and disables playback") {
    MainWindow window;
    window.show();
    open_5x5_lesson(window);
    window.parameters()->stride_h()->setValue(0);
    CHECK_FALSE(window.controller()->valid());
    CHECK(window.parameters()->error_label()->text().contains("stride"));
    CHECK(window.controller()->total_steps() == 0);
    window.playback()->play();
    CHECK_FALSE(window.playback()->playing());
    window.controller()->undo_stack()->undo();  // back to stride 1: everything works again
    CHECK(window.controller()->valid());
}

TEST_CASE("main window: with invalid parameters the canvas header shows no output size") {
    MainWindow window;
    open_5x5_lesson(window);
    CHECK_FALSE(cs::core::frame_state(*window.controller(), 0, false).formula.isEmpty());
    window.parameters()->stride_h()->setValue(0);
    REQUIRE_FALSE(window.controller()->valid());
    const cs::core::FrameState state = cs::core::frame_state(*window.controller(), 0, false);
    CHECK(state.formula.isEmpty());  // not the size stride 1 gave
    CHECK_FALSE(state.error.isEmpty());
    window.controller()->undo_stack()->undo();
    CHECK_THAT(cs::core::frame_state(*window.controller(), 0, false).formula.toStdString(),
               Catch::Contains("5"));
}

TEST_CASE("main window: stepping shows the trace's numbers in the arithmetic panel") {
    MainWindow window;
    show_active(window);
    open_5x5_lesson(window);
    QTest::keyClick(&window, Qt::Key_Right);
    QTest::keyClick(&window, Qt::Key_Right);
    REQUIRE(window.controller()->step() == 2);
    const cs::Step& trace = *window.controller()->current_trace();
    CHECK(trace.at == cs::Index4{0, 0, 0, 2});
    const cs::Step expected = cs::trace_step(window.controller()->animation_call(), {0, 0, 0, 2});
    CHECK(trace.output == expected.output);
    const QString text = cs::core::arithmetic_text(trace);
    CHECK(text.endsWith("= " + cs::core::format_value(expected.output)));
    for (const cs::Tap& tap : expected.taps) {
        CHECK(text.contains(cs::core::format_value(tap.value)));
    }
    QTest::keyClick(&window, Qt::Key_End);
    CHECK(window.controller()->step() == 24);
    QTest::keyClick(&window, Qt::Key_Home);
    CHECK(window.controller()->step() == 0);
}

TEST_CASE("main window: clicking an output cell jumps to its step") {
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    open_5x5_lesson(window);
    QImage frame = window.canvas()->grab().toImage();  // paints, which lays out the cells
    REQUIRE_FALSE(frame.isNull());
    // The output grid is drawn right of the kernel; find the cell of step 7 = (1, 2) by probing.
    bool jumped = false;
    for (int x = window.canvas()->width() - 1; x > window.canvas()->width() / 2 && !jumped;
         x -= 4) {
        for (int y = 0; y < window.canvas()->height() && !jumped; y += 4) {
            QTest::mouseClick(window.canvas(), Qt::LeftButton, {}, QPoint(x, y));
            jumped = window.controller()->step() == 24;  // the bottom-right output cell
        }
    }
    CHECK(jumped);
}

TEST_CASE("main window: a lesson saved and reopened restores the state") {
    QTemporaryDir dir;
    const QString path = dir.filePath("mine.json");
    {
        MainWindow window;
        open_5x5_lesson(window);
        window.parameters()->stride_h()->setValue(2);
        window.controller()->set_weight_value(4, 7.5f);
        window.controller()->set_param("padding_mode", "reflect");
        window.controller()->set_step(3);
        REQUIRE(window.save_lesson(path));
    }
    MainWindow reopened;
    REQUIRE(reopened.open_lesson(path));
    const auto& lesson = reopened.controller()->lesson();
    CHECK(lesson.params["stride"] == nlohmann::json({2, 1}));
    CHECK(lesson.params["padding_mode"] == "reflect");
    CHECK(lesson.weight.data()[4] == 7.5f);
    CHECK(reopened.controller()->step() == 3);
    CHECK(lesson.input.shape() == cs::Shape{1, 1, 5, 5});
}

TEST_CASE("main window: a corrupt image shows an error and the app stays usable") {
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.png");
    std::ofstream(path.toStdString()) << "\x89PNG this is not really a PNG";
    MainWindow window;
    show_active(window);
    open_5x5_lesson(window);
    window.open_image(path);
    REQUIRE(cs::test::wait_until(
        [&] { return window.findChild<QMessageBox*>("error_message") != nullptr; }));
    auto* box = window.findChild<QMessageBox*>("error_message");
    CHECK(box->text().contains("broken.png"));
    box->close();
    QCoreApplication::processEvents();
    show_active(window);
    // The lesson that was open is untouched and still works.
    CHECK(window.controller()->valid());
    QTest::keyClick(&window, Qt::Key_Right);
    CHECK(window.controller()->step() == 1);
}

TEST_CASE("main window: opening a sample image loads it off the UI thread") {
    MainWindow window;
    window.show();
    window.open_image(cs::test::resource_path("sample_images/checkerboard.png"));
    REQUIRE(
        cs::test::wait_until([&] { return !window.controller()->lesson().image_path.isEmpty(); }));
    CHECK(window.controller()->lesson().input.shape() == cs::Shape{1, 1, 256, 256});
    CHECK(window.controller()->valid());
}

TEST_CASE("main window: the PyTorch panel shows the equivalent F.conv2d call") {
    MainWindow window;
    open_5x5_lesson(window);
    window.controller()->set_param("dilation", 2);
    const QString code = window.torch_panel()->toPlainText();
    CHECK(code.contains("F.conv2d(x, w"));
    CHECK(code.contains("dilation=2"));
    CHECK(code.contains("padding=1"));
}

TEST_CASE("main window: fits a 1600 × 1000 screen with its docks, on every tab, in Chinese") {
    MainWindow window;
    window.set_language("zh_CN");
    window.show();
    REQUIRE(window.open_image(cs::test::resource_path("sample_images/chelsea.png")));
    REQUIRE(cs::test::wait_until([&] { return window.shape_label()->isHidden(); }));
    for (int tab = 0; tab < window.workspaces()->count(); ++tab) {
        window.workspaces()->setCurrentIndex(tab);
        QCoreApplication::processEvents();
        INFO("tab " << tab << ": minimum " << window.minimumSizeHint().width() << " × "
                    << window.minimumSizeHint().height());
        CHECK(window.minimumSizeHint().width() <= 1600);
        CHECK(window.minimumSizeHint().height() <= 1000);
    }
    // The Training tab's "all 60,000" is not cut off in Chinese (全部 60,000).
    window.workspaces()->setCurrentWidget(window.training_workspace());
    QCoreApplication::processEvents();
    QSpinBox* limit = window.training_tab()->train_page()->limit_box();
    const auto* field = limit->findChild<QLineEdit*>();
    REQUIRE(field != nullptr);
    CHECK(limit->specialValueText().startsWith("全部"));
    CHECK(field->width() >= field->fontMetrics().horizontalAdvance(limit->specialValueText()));
    // The status bar's shape line gives way to a message, and comes back after it; it
    // describes the lesson, so only the Lessons tab shows it.
    CHECK(window.statusBar()->currentMessage().contains("chelsea.png"));
    window.statusBar()->clearMessage();
    CHECK(window.shape_label()->isHidden());
    window.workspaces()->setCurrentIndex(0);
    CHECK(window.shape_label()->isVisible());
    window.statusBar()->showMessage("hello");
    CHECK(window.shape_label()->isHidden());
    window.statusBar()->clearMessage();
    window.workspaces()->setCurrentIndex(1);
    CHECK(window.shape_label()->isHidden());
}

TEST_CASE("main window: Undo and Redo name the edit in the window's language") {
    MainWindow window;
    window.set_language("zh_CN");
    window.show();
    QCoreApplication::processEvents();  // LanguageChange reaches every widget
    QAction* undo = window.findChild<QMenu*>("edit_menu")->actions().value(0);
    REQUIRE(undo != nullptr);
    CHECK(undo->text() == "撤销(&U)");
    CHECK_FALSE(undo->isEnabled());
    cs::core::LessonEdit edit = window.controller()->current_edit();
    edit.params["stride"] = 2;
    window.controller()->apply_edit(edit, "步幅 2");
    CHECK(undo->isEnabled());
    CHECK(undo->text() == "撤销 步幅 2(&U)");
    undo->trigger();
    CHECK_FALSE(undo->isEnabled());

    // The playground's tool button keeps its short text; its tooltip names the edit.
    auto* playground_undo = window.playground()->findChild<QToolButton*>("playground_undo");
    REQUIRE(playground_undo != nullptr);
    window.playground()->controller()->undo_stack()->push(new QUndoCommand("打开 x.json"));
    CHECK(playground_undo->text() == "撤销");
    CHECK(playground_undo->toolTip() == "撤销 打开 x.json");
    window.set_language("en");
    QCoreApplication::processEvents();
    CHECK(playground_undo->text() == "Undo");
    CHECK(playground_undo->toolTip() == "Undo 打开 x.json");
    CHECK(undo->text() == "&Undo");
}

TEST_CASE("main window: the Chinese translation loads and switches without restarting") {
    MainWindow window;
    window.set_language("zh_CN");
    QCoreApplication::processEvents();  // LanguageChange reaches every widget
    CHECK(window.language()->chinese());
    CHECK(window.windowTitle() == "ConvScope");
    CHECK(QCoreApplication::translate("cs::gui::MainWindow", "&File") == "文件(&F)");
    CHECK(window.parameters()->findChildren<QLabel*>().size() > 0);
    bool found_chinese_label = false;
    for (QLabel* label : window.parameters()->findChildren<QLabel*>()) {
        found_chinese_label = found_chinese_label || label->text() == "步幅";
    }
    CHECK(found_chinese_label);
    window.set_language("en");
    CHECK(QCoreApplication::translate("cs::gui::MainWindow", "&File") == "&File");
}

TEST_CASE("main window: the status bar message is said again in the new language") {
    MainWindow window;
    window.set_language("en");
    window.show();
    window.open_image(cs::test::resource_path("sample_images/checkerboard.png"));
    REQUIRE(cs::test::wait_until(
        [&] { return window.statusBar()->currentMessage() == "Opened checkerboard.png"; }));
    window.set_language("zh_CN");
    QCoreApplication::processEvents();
    CHECK(window.statusBar()->currentMessage() == "已打开 checkerboard.png");
    window.set_language("en");
    QCoreApplication::processEvents();
    CHECK(window.statusBar()->currentMessage() == "Opened checkerboard.png");
    // An error's title and message, each said in the window's language.
    window.set_language("zh_CN");
    QCoreApplication::processEvents();
    window.open_image("/nonexistent/photo.png");
    REQUIRE(cs::test::wait_until(
        [&] { return window.statusBar()->currentMessage().startsWith("无法打开图像"); }));
    const QString detail = window.statusBar()->currentMessage().section("：", 1);
    window.set_language("en");
    QCoreApplication::processEvents();
    CHECK(window.statusBar()->currentMessage() == "Cannot open the image: " + detail);
    qDeleteAll(window.findChildren<QMessageBox*>());
}

TEST_CASE("main window: every parameter the engine describes has a Chinese label and meaning") {
    MainWindow window;
    window.set_language("zh_CN");
    QCoreApplication::processEvents();
    const std::vector<std::string> listed = cs::core::translated_param_texts();
    for (const std::string& op : cs::op_names()) {
        for (const cs::ParamSpec& spec : cs::op_handler(op).params) {
            INFO(op << "." << spec.name);
            CHECK(std::find(listed.begin(), listed.end(), spec.name) != listed.end());
            CHECK(std::find(listed.begin(), listed.end(), spec.meaning) != listed.end());
            CHECK(cs::core::param_label(spec.name) != QString::fromStdString(spec.name));
            CHECK(cs::core::param_meaning(spec) != QString::fromStdString(spec.meaning));
        }
    }
    window.set_language("en");
}

TEST_CASE("main window: the operation menu offers every lesson op with its own parameters") {
    MainWindow window;
    open_5x5_lesson(window);
    auto* combo = window.parameters()->findChild<QComboBox*>("operation");
    REQUIRE(combo != nullptr);
    CHECK(combo->count() == static_cast<int>(cs::lesson_ops().size()));
    combo->setCurrentIndex(combo->findData("adaptive_avg_pool2d"));
    CHECK(window.controller()->lesson().op == "adaptive_avg_pool2d");
    CHECK(window.controller()->valid());
    bool output_size_row = false;
    for (QLabel* label : window.parameters()->findChildren<QLabel*>()) {
        output_size_row = output_size_row || (label->isVisibleTo(window.parameters()) &&
                                              label->text().startsWith("output_size"));
    }
    CHECK(output_size_row);
    if (const QString dir = qEnvironmentVariable("CONVSCOPE_SHOTS"); !dir.isEmpty()) {
        window.resize(1280, 800);
        window.show();
        QTest::qWait(200);
        window.grab().save(dir + "/adaptive_pool_parameters.png");
        window.set_language("zh_CN");
        QCoreApplication::processEvents();
        QTest::qWait(200);
        window.grab().save(dir + "/adaptive_pool_parameters_zh.png");
        window.set_language("en");
    }
    window.set_language("zh_CN");
    QCoreApplication::processEvents();
    bool chinese_row = false;
    for (QLabel* label : window.parameters()->findChildren<QLabel*>()) {
        chinese_row = chinese_row || label->text() == "output_size（输出大小）";
    }
    CHECK(chinese_row);
    window.set_language("en");
    QCoreApplication::processEvents();
    combo->setCurrentIndex(combo->findData("clamp"));
    CHECK(window.controller()->lesson().params["min"] == 0);
    CHECK(window.controller()->valid());
    combo->setCurrentIndex(combo->findData("conv_transpose2d"));
    CHECK(window.controller()->valid());
    CHECK(window.controller()->output().size(2) == 2 * window.controller()->lesson().input.size(2));
}
