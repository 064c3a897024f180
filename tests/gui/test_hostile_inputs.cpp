// Bad input everywhere (issue 11) in the window: every hostile file either opens and draws, or
// shows the engine's reason in a window-modal message box (never a blocking dialog in the
// test) and the status bar, and the app stays usable.
#include <catch2/catch.hpp>

#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>

#include "app/core/lesson_controller.hpp"
#include "app/core/pipeline_controller.hpp"
#include "app/gui/image_mode_view.hpp"
#include "app/gui/kernel_editor.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/playground_view.hpp"
#include "app/gui/training_page.hpp"
#include "app/gui/training_tab.hpp"
#include "gui_helpers.hpp"
#include "hostile_files.hpp"

namespace hostile = cs::test::hostile;
using cs::gui::MainWindow;

namespace {

// Waits for the message box called `name` under `parent`, returns its text and closes it.
QString take_message(QWidget& parent, const char* name) {
    QMessageBox* box = nullptr;
    const bool shown = cs::test::wait_until([&] {
        box = parent.findChild<QMessageBox*>(name);
        return box != nullptr;
    });
    if (!shown) {
        return "(no message box)";
    }
    CHECK_FALSE(box->windowModality() == Qt::ApplicationModal);
    const QString text = box->text();
    delete box;
    return text;
}

QString status_bar_text(MainWindow& window) {
    QString text = window.statusBar()->currentMessage();
    for (QLabel* label : window.statusBar()->findChildren<QLabel*>()) {
        text += " | " + label->text();
    }
    return text;
}

}  // namespace

TEST_CASE("hostile GUI: bad images show their reason, odd ones open and draw") {
    hostile::Folder dir;
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    struct Refused {
        std::string path;
        QString message;
    };
    const std::vector<Refused> refused = {
        {hostile::png_claiming(dir, "zero.png", 0, 0), "has no pixels"},
        {hostile::blank_png(dir, "huge.png", 20000, 20000),
         "20000×20000 pixels (400 megapixels); ConvScope opens images of at most 100 megapixels"},
        {hostile::png_claiming(dir, "bomb.png", 100000, 100000), "at most 100 megapixels"},
        {hostile::tiff_claiming(dir, "huge.tiff", 20000, 20000), "at most 100 megapixels"},
        {hostile::animated_gif(), "GIF is not supported"},
        {hostile::truncated_png(dir), "truncated"},
    };
    for (const Refused& r : refused) {
        INFO(r.path);
        window.open_image(QString::fromStdString(r.path));
        const QString text = take_message(window, "error_message");
        CHECK(text.contains(r.message));
        CHECK(text.contains(QFileInfo(QString::fromStdString(r.path)).fileName()));
        CHECK(status_bar_text(window).contains(r.message));
    }

    struct Opens {
        std::string path;
        cs::Shape shape;
    };
    const std::vector<Opens> opens = {
        {hostile::gray_png(dir, "one.png", 1, 1), {1, 3, 1, 1}},
        {hostile::gray_png(dir, "line.png", 100000, 1), {1, 3, 1, 100000}},
        {hostile::gray_png(dir, "column.png", 1, 100000), {1, 3, 100000, 1}},
        {hostile::tiff16(dir), {1, 3, 2, 3}},
        {hostile::tiff_float(dir), {1, 3, 2, 3}},
        {hostile::cmyk_jpeg(), {1, 3, 8, 16}},
    };
    for (const Opens& o : opens) {
        INFO(o.path);
        const QString path = QFileInfo(QString::fromStdString(o.path)).absoluteFilePath();
        window.open_image(path);
        REQUIRE(cs::test::wait_until(
            [&] { return window.controller()->lesson().image_path == path; }, 10000));
        const cs::Tensor& input = window.controller()->lesson().input;
        // The main window's lessons take gray input; the shape's channel count is the lesson's.
        CHECK(input.size(2) == o.shape[2]);
        CHECK(input.size(3) == o.shape[3]);
        for (float v : input.values()) {
            REQUIRE(std::isfinite(v));
        }
        // Image mode draws the photo and its map however extreme the aspect.
        REQUIRE(cs::test::wait_until([&] { return !window.image_view()->busy(); }, 10000));
        CHECK_FALSE(window.image_view()->grab().isNull());
        CHECK(window.findChild<QMessageBox*>("error_message") == nullptr);
    }
}

TEST_CASE("hostile GUI: lessons with wrong types, NaN weights or a kernel too large") {
    hostile::Folder dir;
    MainWindow window;
    window.show();
    struct Refused {
        std::string patch;
        QString message;
    };
    const std::vector<Refused> refused = {
        {R"({"input": 5})", "lesson field \"input\" must be a matrix"},
        {R"({"view": {"mode": 7}})", "lesson field \"view.mode\" must be text, got 7"},
        {R"({"view": {"show_values": "yes"}})", "\"view.show_values\" must be true or false"},
        {R"({"version": "1"})", "\"version\" must be a whole number"},
        {R"({"weight": {"shape": [1, 1, 3, 3], "data": [0, 0, 0, 0, 1e39, 0, 0, 0, 0]}})",
         "weight.data[4] is 1e+39, which is not a finite"},
        {R"({"bias": {"shape": [1], "data": [-1e39]}})", "bias.data[0] is"},
    };
    int n = 0;
    for (const Refused& r : refused) {
        INFO(r.patch);
        const std::string path =
            hostile::lesson(dir, "bad" + std::to_string(n++) + ".json", r.patch);
        CHECK_FALSE(window.open_lesson(QString::fromStdString(path)));
        CHECK(take_message(window, "error_message").contains(r.message));
    }

    // An op parameter of the wrong type opens the lesson without an output; the status bar
    // names the parameter and the canvas still paints (nothing throws out of a paint event).
    REQUIRE(window.open_lesson(QString::fromStdString(
        hostile::lesson(dir, "two.json", R"({"params": {"stride": "two"}})"))));
    CHECK_FALSE(window.controller()->valid());
    CHECK(status_bar_text(window).contains("conv2d: stride must be a whole number, got \"two\""));
    CHECK_FALSE(window.grab().isNull());
    QCoreApplication::processEvents();

    // A kernel larger than the input opens, and the status bar says why there is no output.
    REQUIRE(window.open_lesson(QString::fromStdString(hostile::lesson(
        dir, "big_kernel.json",
        R"({"params": {"padding": 0}, "input": {"shape": [1, 1, 2, 2], "data": [1, 2, 3, 4]}})"))));
    CHECK_FALSE(window.controller()->valid());
    CHECK(status_bar_text(window).contains("is larger than the padded input"));
    // A 1×1 image under that lesson: the same clear message.
    window.open_image(QString::fromStdString(hostile::gray_png(dir, "one.png", 1, 1)));
    REQUIRE(cs::test::wait_until(
        [&] { return !window.controller()->lesson().image_path.isEmpty(); }, 10000));
    CHECK(window.controller()->lesson().input.shape() == cs::Shape{1, 1, 1, 1});
    CHECK(status_bar_text(window).contains("is larger than the padded input"));
}

TEST_CASE("hostile GUI: the kernel editor refuses NaN, infinity and text with a message") {
    MainWindow window;
    window.show();
    REQUIRE(window.open_lesson(
        cs::test::resource_path("resources/lessons/conv_5x5_pad1_stride1.json")));
    auto* editor = window.kernel_editor();
    auto* table = editor->table();
    const cs::Tensor before = window.controller()->lesson().weight;
    for (const QString& typed : {QString("nan"), QString("inf"), QString("-inf"), QString("two")}) {
        INFO(typed.toStdString());
        table->item(1, 1)->setText(typed);
        CHECK(window.controller()->lesson().weight.values() == before.values());
        CHECK(editor->message()->isVisibleTo(editor));
        CHECK(editor->message()->text().contains(typed));
        CHECK(table->item(1, 1)->text() != typed);  // the old value is shown again
    }
    table->item(1, 1)->setText("2.5");
    CHECK(window.controller()->lesson().weight.data()[4] == 2.5f);
    CHECK_FALSE(editor->message()->isVisibleTo(editor));
    // The controller refuses a non-finite weight from any caller.
    CHECK_THROWS(window.controller()->set_weight_value(0, std::nanf("")));
}

TEST_CASE("hostile GUI: the playground refuses a 1,000-layer pipeline and shows thin images") {
    hostile::Folder dir;
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    window.workspaces()->setCurrentIndex(1);  // the playground tab
    auto* view = window.playground();
    const size_t layers_before = view->controller()->spec().layers.size();
    CHECK_FALSE(view->open_pipeline(QString::fromStdString(hostile::long_pipeline(dir, 1000))));
    CHECK(take_message(*view, "playground_error").contains("1000 layers; at most 256"));
    CHECK(view->controller()->spec().layers.size() == layers_before);

    // A 100,000 × 1 photo: the edge bank's 2×2 max-pool cannot work on one row, and says so.
    view->controller()->open_image(
        QString::fromStdString(hostile::gray_png(dir, "line.png", 100000, 1)));
    REQUIRE(cs::test::wait_until(
        [&] { return view->controller()->has_image() && !view->controller()->busy(); }, 20000));
    CHECK_FALSE(view->controller()->plan().ok());
    CHECK(view->status_label()->text().contains("layer 3 (max_pool2d)"));
    CHECK_FALSE(view->grab().isNull());

    // Too large a photo: refused with the limit, the previous one stays.
    view->controller()->open_image(
        QString::fromStdString(hostile::blank_png(dir, "huge.png", 20000, 20000)));
    CHECK(take_message(*view, "playground_error").contains("at most 100 megapixels"));
}

TEST_CASE("hostile GUI: a NaN or truncated weights file is refused on the Training tab") {
    hostile::Folder dir;
    MainWindow window;
    window.show();
    auto* page = window.training_tab()->train_page();
    CHECK_FALSE(page->load_weights_from(QString::fromStdString(hostile::weights_with_nan(dir))));
    CHECK(take_message(*page, "training_error").contains("tensor 0.weight holds NaN at index 3"));
    CHECK(page->status_label()->text().contains("holds NaN"));
    CHECK_FALSE(page->load_weights_from(QString::fromStdString(hostile::truncated_weights(dir))));
    CHECK(take_message(*page, "training_error").contains("truncated"));
}
