#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <csignal>

#include "app/gui/mainwindow.hpp"
#include "app/gui/playground_view.hpp"
#include "app/gui/training_tab.hpp"
#include "engine/pipeline/pipeline_spec.hpp"
#include "gui_helpers.hpp"

namespace {

// The app's own names, so that this process looks in the folder the real app writes to.
struct AppNames {
    AppNames() {
        QCoreApplication::setOrganizationName("ConvScope");
        QCoreApplication::setApplicationName("ConvScope");
    }
    ~AppNames() {
        QCoreApplication::setOrganizationName("ConvScopeTests");
        QCoreApplication::setApplicationName("ConvScopeTests");
    }
};

QString app_autosave_folder() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath("autosave");
}

}  // namespace

// One test case: its sections share the app's autosave folder, so they must not run in parallel.
TEST_CASE("autosave: a killed app's work is restored, a clean exit leaves nothing") {
    const AppNames names;
    SECTION("after the app is killed with SIGKILL, the next start restores the lesson") {
        const QString folder = app_autosave_folder();
        QDir(folder).removeRecursively();

        // A real convscope process with a lesson on screen, autosaving every 200 ms.
        QProcess app;
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(CONVSCOPE_GUI,
                  {cs::test::resource_path("resources/lessons/conv_7x7_dilation2.json"),
                   "--autosave-interval-ms", "200"});
        REQUIRE(app.waitForStarted(10000));
        REQUIRE(cs::test::wait_until(
            [&] { return QFile::exists(QDir(folder).filePath("lesson.json")); }, 15000));
        cs::test::wait_until([] { return false; }, 400);  // let it write the opened lesson
        ::kill(static_cast<pid_t>(app.processId()), SIGKILL);
        REQUIRE(app.waitForFinished(5000));

        cs::gui::MainWindow window;
        REQUIRE(window.autosave()->recovery_available());
        REQUIRE(window.restore_autosave());
        const auto& lesson = window.controller()->lesson();
        CHECK(lesson.title_en.contains("Dilated convolution"));
        CHECK(lesson.params["dilation"] == 2);
        CHECK(lesson.input.shape() == cs::Shape{1, 1, 7, 7});
        CHECK(window.controller()->output().shape() == cs::Shape{1, 1, 3, 3});
        CHECK_FALSE(window.autosave()->recovery_available());
    }
    SECTION("the playground's pipeline and photo, the training run and the tab come back too") {
        const QString folder = app_autosave_folder();
        QDir(folder).removeRecursively();
        QProcess app;
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(CONVSCOPE_GUI,
                  {cs::test::resource_path("resources/lessons/conv_7x7_dilation2.json"),
                   "--pipeline", cs::test::resource_path("resources/pipelines/vgg_block.json"),
                   "--weights", cs::test::resource_path("resources/weights/lenet_d2l.csw"), "--tab",
                   "training", "--autosave-interval-ms", "200"});
        REQUIRE(app.waitForStarted(10000));
        const auto saved = [&](const char* name) {
            return QFile::exists(QDir(folder).filePath(name));
        };
        REQUIRE(cs::test::wait_until(
            [&] {
                return saved("lesson.json") && saved("pipeline.json") && saved("training.csw") &&
                       saved("window.json");
            },
            20000));
        cs::test::wait_until([] { return false; }, 600);  // let it write what it opened
        ::kill(static_cast<pid_t>(app.processId()), SIGKILL);
        REQUIRE(app.waitForFinished(5000));

        cs::gui::MainWindow window;
        REQUIRE(window.autosave()->recovery_available());
        REQUIRE(window.restore_autosave());
        const auto* pipeline = window.playground()->controller();
        const auto shipped = cs::pipeline::read_pipeline_file(
            cs::test::resource_path("resources/pipelines/vgg_block.json").toStdString());
        CHECK(pipeline->spec().name == shipped.name);
        CHECK(pipeline->spec().layers.size() == shipped.layers.size());
        auto* training = window.training_tab()->controller();
        CHECK(training->epochs_done() == 10);
        CHECK(training->history().size() == 10);
        CHECK(window.workspaces()->currentWidget() == window.training_workspace());
        CHECK_FALSE(window.autosave()->recovery_available());
        window.playground()->controller()->wait_idle();
    }
    SECTION("a clean exit leaves nothing to recover") {
        QDir(app_autosave_folder()).removeRecursively();
        {
            cs::gui::MainWindow window;
            REQUIRE(
                window.open_lesson(cs::test::resource_path("resources/lessons/pool_max_2x2.json")));
            CHECK(window.autosave()->save_now());
            CHECK_FALSE(window.autosave()->save_now());  // unchanged: not written again
        }
        cs::gui::MainWindow next;
        CHECK_FALSE(next.autosave()->recovery_available());
    }
}
