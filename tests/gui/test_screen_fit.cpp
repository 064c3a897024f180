// The window on a projector: it opens within the screen, the lesson titles are readable in the
// narrow list, and the playground's layer editor fits its column without a horizontal scroll bar.
#include <catch2/catch.hpp>

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFontMetrics>
#include <QListView>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include "app/core/pipeline_controller.hpp"
#include "app/gui/kernel_editor.hpp"
#include "app/gui/lesson_list.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/parameter_panel.hpp"
#include "app/gui/playground_layer_editor.hpp"
#include "app/gui/playground_view.hpp"
#include "gui_helpers.hpp"

using cs::gui::LessonList;
using cs::gui::MainWindow;

TEST_CASE("main window: opens no larger than a 1280 x 800 screen") {
    for (const QSize screen : {QSize(1280, 800), QSize(1280, 760), QSize(1024, 700)}) {
        INFO(screen.width() << "x" << screen.height());
        const QSize first = MainWindow::first_size(screen);
        CHECK(first.width() <= screen.width());
        CHECK(first.height() + 30 <= screen.height());  // room for the title bar
        CHECK(first.width() >= screen.width() - 10);    // and no smaller than it needs to be
    }
    CHECK(MainWindow::first_size(QSize(1920, 1080)) == QSize(1400, 900));
    // The real window on the offscreen screen (800 × 600, smaller than 1400 × 900).
    MainWindow window;
    const QSize available = window.screen()->availableGeometry().size();
    REQUIRE(available.width() < 1400);
    const QSize least = window.minimumSizeHint();
    INFO("window " << window.width() << "x" << window.height() << ", screen " << available.width()
                   << "x" << available.height());
    CHECK(window.width() <= std::max(available.width(), least.width()));
    CHECK(window.height() <= std::max(available.height(), least.height()));
}

TEST_CASE("lesson list: a long title wraps inside the narrow list and keeps its tooltip") {
    for (const bool chinese : {false, true}) {
        INFO((chinese ? "Chinese" : "English"));
        LessonList list;
        list.resize(200, 700);
        list.show();
        list.reload(chinese);
        QCoreApplication::processEvents();
        const int width = list.viewport()->width();
        const QFontMetrics metrics(list.font());
        int wrapped = 0;
        for (int row = 0; row < list.count(); ++row) {
            QListWidgetItem* item = list.item(row);
            INFO(item->text().toStdString());
            const QRect rect = list.visualItemRect(item);
            CHECK(rect.width() <= width);
            CHECK(item->toolTip() == item->text());
            if (metrics.horizontalAdvance(item->text()) > width) {
                // A title wider than the list takes more than one line instead of being cut.
                CHECK(rect.height() >= 2 * metrics.height());
                ++wrapped;
            }
        }
        CHECK(wrapped > 0);  // the list is narrow enough that some titles need two lines
        CHECK(list.horizontalScrollBar()->maximum() == 0);
    }
}

TEST_CASE("playground: the layer editor fits its column at 1280 in Chinese") {
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    window.workspaces()->setCurrentIndex(1);  // the playground tab
    cs::gui::PlaygroundView* view = window.playground();
    cs::core::PipelineController* controller = view->controller();
    REQUIRE(window.open_image(cs::test::resource_path("sample_images/chelsea.png")));
    auto* area = qobject_cast<QScrollArea*>(view->editor()->parentWidget()->parentWidget());
    REQUIRE(area != nullptr);
    for (const char* pipeline :
         {":/resources/pipelines/vgg_block.json", ":/resources/pipelines/inception_block.json",
          ":/resources/pipelines/lenet.json"}) {
        REQUIRE(view->open_pipeline(pipeline));
        REQUIRE(cs::test::wait_until([&] { return controller->result() && !controller->busy(); },
                                     10000));
        for (const char* language : {"zh_CN", "en"}) {
            window.resize(1280, 800);
            window.set_language(language);
            for (int row = 0; row < static_cast<int>(controller->spec().layers.size()); ++row) {
                view->select_layer(row);
                QTest::qWait(50);
                INFO(language << " " << pipeline << " layer " << row + 1 << ": editor needs "
                              << view->editor()->minimumSizeHint().width() << " px of "
                              << area->viewport()->width());
                CHECK(area->horizontalScrollBar()->maximum() == 0);
            }
        }
    }
    window.set_language("en");
}

TEST_CASE("playground: the Saved note is said again after a language change") {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    window.workspaces()->setCurrentIndex(1);
    cs::gui::PlaygroundView* view = window.playground();
    REQUIRE(window.open_image(cs::test::resource_path("sample_images/chelsea.png")));
    REQUIRE(cs::test::wait_until(
        [&] { return view->controller()->result() && !view->controller()->busy(); }, 10000));
    QTemporaryDir dir;
    const QString path = dir.filePath("mine.json");
    REQUIRE(view->save_pipeline(path));
    CHECK(view->status_label()->text() == "Saved " + path);
    window.set_language("zh_CN");
    QCoreApplication::processEvents();
    CHECK(view->status_label()->text() == QString::fromUtf8("已保存 ") + path);
    window.set_language("en");
    QCoreApplication::processEvents();
    CHECK(view->status_label()->text() == "Saved " + path);
    // A new pipeline is no longer the one saved: the note goes.
    REQUIRE(view->open_pipeline(":/resources/pipelines/vgg_block.json"));
    QCoreApplication::processEvents();
    CHECK_FALSE(view->status_label()->text().startsWith("Saved"));
}

TEST_CASE("main window: the Lessons tab and its docks fit a 1280 x 800 window in both languages") {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    // The docks as on a first start (another test's window may have saved other widths).
    QDockWidget* lessons = window.findChild<QDockWidget*>("lessons");
    QDockWidget* parameters = window.findChild<QDockWidget*>("parameters");
    REQUIRE(lessons != nullptr);
    REQUIRE(parameters != nullptr);
    window.resizeDocks({parameters, lessons}, {370, 230}, Qt::Horizontal);
    for (const char* language : {"en", "zh_CN"}) {
        window.set_language(language);
        QTest::qWait(50);
        INFO(language << ": window " << window.width() << " wide, needs "
                      << window.minimumSizeHint().width());
        CHECK(window.width() == 1280);
        // The parameter and kernel docks scroll vertically when they must, never sideways.
        for (QWidget* panel : {static_cast<QWidget*>(window.parameters()),
                               static_cast<QWidget*>(window.kernel_editor())}) {
            auto* area = qobject_cast<QScrollArea*>(panel->parentWidget()->parentWidget());
            REQUIRE(area != nullptr);
            INFO(panel->metaObject()->className() << " needs " << panel->minimumSizeHint().width()
                                                  << " px of " << area->viewport()->width());
            CHECK(area->horizontalScrollBar()->maximum() == 0);
        }
    }
    window.set_language("en");
}

// By hand: CONVSCOPE_SHOTS=/tmp/dir convscope_gui_tests "screen fit: screenshots" saves the
// window at 1280 × 800 in Chinese with stride 0 (the explanation in Chinese) and the
// playground with a layer whose groups do not divide its channels.
TEST_CASE("screen fit: screenshots", "[.][shots]") {
    const QString dir = qEnvironmentVariable("CONVSCOPE_SHOTS");
    REQUIRE(!dir.isEmpty());
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    window.set_language("zh_CN");
    window.parameters()->stride_h()->setValue(0);
    QTest::qWait(300);
    window.grab().save(dir + "/fit_stride0_zh_1280.png");
    window.parameters()->stride_h()->setValue(1);
    window.workspaces()->setCurrentIndex(1);
    cs::gui::PlaygroundView* view = window.playground();
    REQUIRE(window.open_image(cs::test::resource_path("sample_images/chelsea.png")));
    REQUIRE(view->open_pipeline(":/resources/pipelines/vgg_block.json"));
    REQUIRE(cs::test::wait_until(
        [&] { return view->controller()->result() && !view->controller()->busy(); }, 10000));
    cs::pipeline::LayerSpec layer = view->controller()->spec().layers.at(0);
    layer.params["groups"] = 5;
    view->controller()->set_layer(0, layer, "groups 5");
    view->select_layer(0);
    QTest::qWait(300);
    window.grab().save(dir + "/fit_playground_groups_zh_1280.png");
    window.set_language("en");
}
