// Saving on a full disk: every document keeps its previous copy and the user is told.
#include <catch2/catch.hpp>

#include <QFile>
#include <QMessageBox>
#include <QTemporaryDir>

#include "app/core/training_controller.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/playground_view.hpp"
#include "app/gui/training_tab.hpp"
#include "gui_helpers.hpp"
#include "hostile_files.hpp"

namespace {

QByteArray file_bytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The window's error box, if one is open.
QString shown_error(const QWidget& window) {
    const auto* box = window.findChild<QMessageBox*>("error_message");
    return box != nullptr ? box->text() : QString();
}

}  // namespace

TEST_CASE("saving: Save Lesson on a full disk keeps the old file and says why") {
    QTemporaryDir dir;
    const QString path = dir.filePath("mine.json");
    cs::gui::MainWindow window;
    REQUIRE(window.open_lesson(cs::test::resource_path("resources/lessons/pool_max_2x2.json")));
    REQUIRE(window.save_lesson(path));
    const QByteArray before = file_bytes(path);
    REQUIRE(
        window.open_lesson(cs::test::resource_path("resources/lessons/conv_7x7_dilation2.json")));
    {
        const cs::test::hostile::FileSizeLimit full(64);
        CHECK_FALSE(window.save_lesson(path));
    }
    CHECK(file_bytes(path) == before);
    CHECK(shown_error(window).contains("file-size limit"));
    CHECK(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size() == 1);
}

TEST_CASE("saving: a pipeline and a training run on a full disk keep their old files") {
    QTemporaryDir dir;
    cs::gui::MainWindow window;
    auto* playground = window.playground();
    const QString pipeline = dir.filePath("mine.json");
    REQUIRE(playground->save_pipeline(pipeline));
    const QByteArray pipeline_before = file_bytes(pipeline);
    auto* training = window.training_tab()->controller();
    training->load_weights_file(cs::test::resource_path("resources/weights/lenet_d2l.csw"));
    const QString weights = dir.filePath("run.csw");
    QFile small(weights);
    REQUIRE(small.open(QIODevice::WriteOnly));
    small.write("an older run");
    small.close();
    {
        const cs::test::hostile::FileSizeLimit full(16);
        CHECK_FALSE(playground->save_pipeline(pipeline, true));
        CHECK_THROWS(training->save_weights_file(weights));
    }
    CHECK(file_bytes(pipeline) == pipeline_before);
    CHECK(file_bytes(weights) == "an older run");
    playground->controller()->wait_idle();
}
