// Every lesson explains itself: its description is on screen in the window's language, and
// the play bar is shown only where stepping changes what is drawn.
#include <catch2/catch.hpp>

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTest>

#include "app/core/lesson.hpp"
#include "app/gui/lesson_list.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/playback_bar.hpp"
#include "app/gui/pool_backward_page.hpp"
#include "gui_helpers.hpp"

using cs::gui::LessonList;
using cs::gui::MainWindow;

namespace {

// The shipped lessons shown on the Lessons tab (not the training lessons or the pipeline).
QStringList canvas_lessons() {
    QStringList paths;
    for (const QString& path : LessonList::lesson_paths()) {
        try {
            const cs::core::Lesson lesson = cs::core::read_lesson(path);
            if (lesson.view.page != "playground") {
                paths << path;
            }
        } catch (const std::exception&) {
            // a training lesson: the Training tab opens instead
        }
    }
    return paths;
}

// Whether a visible label of the Lessons tab shows `text` in full (without clipping it).
bool shown(const MainWindow& window, const QString& text) {
    for (const QLabel* label : window.workspaces()->widget(0)->findChildren<QLabel*>()) {
        if (!label->isVisible()) {
            continue;
        }
        const QString said = label->text();
        if (said.contains(text) || said.contains(text.toHtmlEscaped())) {
            const bool fits =
                !label->wordWrap() || label->height() >= label->heightForWidth(label->width());
            return fits;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("lessons: every shipped lesson shows its description in English and in Chinese") {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    const QStringList paths = canvas_lessons();
    REQUIRE(paths.size() >= 20);
    for (const QString& path : paths) {
        INFO(path.toStdString());
        REQUIRE(window.open_lesson(path));
        const cs::core::Lesson& lesson = window.controller()->lesson();
        for (const QString language : {"en", "zh_CN"}) {
            INFO(language.toStdString());
            window.set_language(language);
            const QString description = lesson.description(language == "zh_CN");
            REQUIRE_FALSE(description.isEmpty());
            // Layouts settle in posted events after a language change.
            CHECK(cs::test::wait_until([&] { return shown(window, description); }, 2000));
        }
    }
    window.set_language("en");
}

TEST_CASE("lessons: on every page the play bar changes what is drawn per step or is hidden") {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    auto* bar = window.findChild<cs::gui::PlaybackBar*>();
    auto* stack = window.findChild<QStackedWidget*>("lesson_stack");
    REQUIRE(bar != nullptr);
    REQUIRE(stack != nullptr);
    int with_bar = 0;
    for (const QString& path : canvas_lessons()) {
        INFO(path.toStdString());
        REQUIRE(window.open_lesson(path));
        auto* controller = window.controller();
        // Pages that compute off the UI thread settle first.
        QTest::qWait(300);
        if (!bar->isVisible()) {
            // Nor does the status line count steps there.
            CHECK_FALSE(window.shape_label()->text().contains("step"));
            continue;
        }
        ++with_bar;
        REQUIRE(controller->total_steps() > 1);
        controller->set_step(0);
        QTest::qWait(50);
        const QImage first = stack->currentWidget()->grab().toImage();
        controller->set_step(controller->total_steps() - 1);
        QTest::qWait(50);
        const QImage last = stack->currentWidget()->grab().toImage();
        CHECK(first != last);
    }
    CHECK(with_bar >= 10);  // the canvas lessons keep it
}

TEST_CASE("lessons: the pooling backward page follows the play bar") {
    MainWindow window;
    window.show();
    REQUIRE(
        window.open_lesson(cs::test::resource_path("resources/lessons/pool_backward_2x2.json")));
    auto* page = window.findChild<cs::gui::PoolBackwardPage*>();
    REQUIRE(page != nullptr);
    CHECK(window.findChild<cs::gui::PlaybackBar*>()->isVisible());
    window.controller()->set_step(6);  // output (2, 0) of the 3×3 pooled map
    CHECK(page->selected_output() == 6);
    CHECK(page->explanation().contains("(2, 0)"));
    page->select_output(4);  // a click on the centre output moves the play bar there
    CHECK(window.controller()->step() == 4);
}

// Not a check: every lesson of the Lessons tab at a projector's 1280×800 and at 1600×1000,
// in English and Chinese, with and without presenter mode, for a person to look at.
//   CONVSCOPE_SHOTS=/tmp/shots convscope_gui_tests "[.shots]"
TEST_CASE("lessons: screenshots of every lesson at both sizes and in both languages", "[.shots]") {
    const QString folder = qEnvironmentVariable("CONVSCOPE_SHOTS", QDir::tempPath());
    const QString only = qEnvironmentVariable("CONVSCOPE_SHOTS_LESSON");
    for (const QSize size : {QSize(1280, 800), QSize(1600, 1000)}) {
        for (const bool presenter : {false, true}) {
            for (const QString language : {"en", "zh_CN"}) {
                MainWindow window;
                window.resize(size);
                window.show();
                window.set_language(language);
                if (presenter) {
                    // Presenter mode on a projector of this size (the offscreen screen is
                    // 800×800: full screen would not be the size asked for).
                    window.set_presenter_mode(true);
                    window.showNormal();
                }
                window.resize(size);
                for (const QString& path : canvas_lessons()) {
                    const QString name = QFileInfo(path).completeBaseName();
                    if (!only.isEmpty() && !name.contains(only)) {
                        continue;
                    }
                    REQUIRE(window.open_lesson(path));
                    window.controller()->set_step(std::min<int64_t>(
                        4, std::max<int64_t>(0, window.controller()->total_steps() - 1)));
                    QTest::qWait(presenter ? 400 : 300);
                    window.grab().save(QString("%1/lesson-%2-%3x%4-%5%6.png")
                                           .arg(folder, name)
                                           .arg(size.width())
                                           .arg(size.height())
                                           .arg(language, presenter ? "-presenter" : ""));
                }
                window.set_presenter_mode(false);
                window.set_language("en");
            }
        }
    }
}
