#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>

#include <csignal>

#include "app/gui/image_mode_view.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/playground_view.hpp"
#include "app/gui/training_tab.hpp"
#include "engine/pipeline/pipeline_spec.hpp"
#include "gui_helpers.hpp"
#include "hostile_files.hpp"

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

// Where the process `pid` autosaves `name` ("" when it has not yet).
QString saved_by(qint64 pid, const QString& name) {
    const QDir root(app_autosave_folder());
    for (const QString& dir :
         root.entryList({QString("session-%1-*").arg(pid)}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString path = root.filePath(dir + "/" + name);
        if (QFile::exists(path)) {
            return path;
        }
    }
    return {};
}

// What a session that ended abnormally leaves: a folder `name` under the autosave folder with
// `files` (file name → content) and the dilation lesson as its lesson.json.
QString abandoned_session(const QString& name, const QMap<QString, QByteArray>& files) {
    const QString dir = QDir(app_autosave_folder()).filePath(name);
    QDir().mkpath(dir);
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        QFile file(dir + "/" + it.key());
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(it.value());
    }
    REQUIRE(QFile::copy(cs::test::resource_path("resources/lessons/conv_7x7_dilation2.json"),
                        dir + "/lesson.json"));
    return dir;
}

QByteArray file_bytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A real convscope process opening `arguments`, autosaving every 200 ms, killed with SIGKILL
// once each document of `saved` (file name → a text it holds) has been written with what it
// opened: waiting on the files' content, not on the clock.
void run_and_kill(const QStringList& arguments, const QMap<QString, QByteArray>& saved) {
    QProcess app;
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    app.start(CONVSCOPE_GUI, arguments + QStringList{"--autosave-interval-ms", "200"});
    REQUIRE(app.waitForStarted(10000));
    const qint64 pid = app.processId();
    REQUIRE(cs::test::wait_until(
        [&] {
            for (auto it = saved.cbegin(); it != saved.cend(); ++it) {
                const QString path = saved_by(pid, it.key());
                if (path.isEmpty() || !file_bytes(path).contains(it.value())) {
                    return false;
                }
            }
            return true;
        },
        20000));
    ::kill(static_cast<pid_t>(pid), SIGKILL);
    REQUIRE(app.waitForFinished(5000));
}

}  // namespace

// One test case: its sections share the app's autosave folder, so they must not run in parallel.
TEST_CASE("autosave: a killed app's work is restored, a clean exit leaves nothing") {
    const AppNames names;
    SECTION("after the app is killed with SIGKILL, the next start restores the lesson") {
        const QString folder = app_autosave_folder();
        QDir(folder).removeRecursively();

        run_and_kill({cs::test::resource_path("resources/lessons/conv_7x7_dilation2.json")},
                     {{"lesson.json", "\"dilation\": 2"}});

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
        run_and_kill(
            {cs::test::resource_path("resources/lessons/conv_7x7_dilation2.json"), "--pipeline",
             cs::test::resource_path("resources/pipelines/vgg_block.json"), "--weights",
             cs::test::resource_path("resources/weights/lenet_d2l.csw"), "--tab", "training"},
            {{"lesson.json", "\"dilation\": 2"},
             {"pipeline.json", "VGG"},
             {"training.csw", "CSW"},
             {"window.json", "\"tab\":2"}});

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

TEST_CASE("autosave: killed while the restore question is open, the next start asks again") {
    const AppNames names;
    QDir(app_autosave_folder()).removeRecursively();
    run_and_kill({cs::test::resource_path("resources/lessons/conv_7x7_dilation2.json")},
                 {{"lesson.json", "\"dilation\": 2"}});
    {
        // A second start shows the question; it is killed before anyone answers.
        QProcess asking;
        asking.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        asking.start(CONVSCOPE_GUI, {"--autosave-interval-ms", "100"});
        REQUIRE(asking.waitForStarted(10000));
        const QString claim_pid = QString::number(asking.processId());
        REQUIRE(cs::test::wait_until(
            [&] {
                const QDir root(app_autosave_folder());
                for (const QString& dir : root.entryList({"session-*"}, QDir::Dirs)) {
                    if (file_bytes(root.filePath(dir + "/claim")).contains(claim_pid.toUtf8())) {
                        return true;
                    }
                }
                return false;
            },
            15000));
        cs::test::wait_until([] { return false; }, 1000);  // ten autosave ticks
        ::kill(static_cast<pid_t>(asking.processId()), SIGKILL);
        REQUIRE(asking.waitForFinished(5000));
    }
    cs::gui::MainWindow window;
    REQUIRE(window.autosave()->recovery_available());
    REQUIRE(window.restore_autosave());
    CHECK(window.controller()->lesson().params["dilation"] == 2);
}

TEST_CASE("autosave: a dead session whose process id now runs another program is offered") {
    const AppNames names;
    QDir root(app_autosave_folder());
    root.removeRecursively();
    // As after a reboot: the id is alive (this very process), its start time is not the one
    // recorded.
    const QString dead = abandoned_session(
        "session-reused", {{"session", QString(R"({"pid": %1, "start": "1", "boot": "another"})")
                                           .arg(QCoreApplication::applicationPid())
                                           .toUtf8()}});
    cs::gui::MainWindow window;
    REQUIRE(window.autosave()->recovery_available());
    REQUIRE(window.restore_autosave());
    CHECK(window.controller()->lesson().params["dilation"] == 2);
    CHECK_FALSE(QDir(dead).exists());  // answered: removed
}

TEST_CASE("autosave: a second window leaves the first one's autosave alone") {
    const AppNames names;
    QDir(app_autosave_folder()).removeRecursively();
    QProcess first;
    first.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    first.start(CONVSCOPE_GUI,
                {cs::test::resource_path("resources/lessons/conv_7x7_dilation2.json"),
                 "--autosave-interval-ms", "200"});
    REQUIRE(first.waitForStarted(10000));
    REQUIRE(cs::test::wait_until(
        [&] { return !saved_by(first.processId(), "lesson.json").isEmpty(); }, 15000));
    {
        cs::gui::MainWindow second;
        CHECK_FALSE(second.autosave()->recovery_available());  // the first is still running
        REQUIRE(second.open_lesson(cs::test::resource_path("resources/lessons/pool_max_2x2.json")));
        CHECK(second.autosave()->save_now());
    }
    CHECK_FALSE(saved_by(first.processId(), "lesson.json").isEmpty());
    ::kill(static_cast<pid_t>(first.processId()), SIGKILL);
    REQUIRE(first.waitForFinished(5000));
    cs::gui::MainWindow third;
    REQUIRE(third.autosave()->recovery_available());
    REQUIRE(third.restore_autosave());
    CHECK(third.controller()->lesson().params["dilation"] == 2);
}

TEST_CASE("autosave: a colour photo in image mode comes back as it was") {
    const AppNames names;
    QDir root(app_autosave_folder());
    root.removeRecursively();
    QString kept;
    {
        cs::gui::MainWindow window;
        QSignalSpy opened(&window, &cs::gui::MainWindow::image_opened);
        window.open_image(QString(CONVSCOPE_SOURCE_DIR) + "/sample_images/chelsea.png");
        REQUIRE(cs::test::wait_until([&] { return opened.count() == 1; }, 15000));
        REQUIRE(window.controller()->lesson().input.size(1) == 3);
        REQUIRE(window.autosave()->save_now());
        // What a crash leaves: the session folder stays, its process is gone.
        kept = root.filePath("session-crashed");
        QDir().mkpath(kept);
        REQUIRE(QFile::copy(window.autosave()->lesson_path(), kept + "/lesson.json"));
    }
    cs::gui::MainWindow window;
    REQUIRE(window.autosave()->recovery_available());
    REQUIRE(window.restore_autosave());
    CHECK(window.controller()->valid());
    CHECK(window.controller()->lesson().input.size(1) == 3);
    CHECK_FALSE(window.image_view()->isHidden());
}

TEST_CASE("autosave: a folder that cannot be written is reported once") {
    const AppNames names;
    QTemporaryDir dir;
    QFile blocker(dir.filePath("not-a-folder"));
    REQUIRE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    // Root may write anywhere: a folder inside a plain file cannot be made by anyone.
    cs::core::Autosave autosave(dir.filePath("not-a-folder/autosave"));
    autosave.add_document("lesson.json", [] { return QByteArray("{}"); });
    QSignalSpy failed(&autosave, &cs::core::Autosave::failed);
    CHECK_FALSE(autosave.save_now());
    CHECK_FALSE(autosave.save_now());
    REQUIRE(failed.count() == 1);
    CHECK(failed.first().first().toString().contains("folder"));
}

TEST_CASE("autosave: on a full disk the last copy stays whole") {
    const AppNames names;
    QDir(app_autosave_folder()).removeRecursively();
    cs::gui::MainWindow window;
    REQUIRE(window.open_lesson(cs::test::resource_path("resources/lessons/pool_max_2x2.json")));
    REQUIRE(window.autosave()->save_now());
    const QByteArray before = file_bytes(window.autosave()->lesson_path());
    REQUIRE_FALSE(before.isEmpty());
    REQUIRE(
        window.open_lesson(cs::test::resource_path("resources/lessons/conv_7x7_dilation2.json")));
    QSignalSpy failed(window.autosave(), &cs::core::Autosave::failed);
    {
        const cs::test::hostile::FileSizeLimit full(64);
        window.autosave()->save_now();
    }
    CHECK(failed.count() == 1);
    CHECK(file_bytes(window.autosave()->lesson_path()) == before);
}

TEST_CASE("autosave: damaged session, claim and window files neither crash nor block restoring") {
    const AppNames names;
    QDir root(app_autosave_folder());
    root.removeRecursively();
    abandoned_session("session-damaged",
                      {{"session", R"({"pid": "seven", "start": 1, "boot": []})"},
                       {"claim", QByteArray(3000, '[')},
                       {"window.json", R"({"tab": "training"})"}});
    cs::gui::MainWindow window;
    REQUIRE(window.autosave()->recovery_available());
    REQUIRE(window.restore_autosave());
    CHECK(window.controller()->lesson().params["dilation"] == 2);
}
