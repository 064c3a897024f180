// convscope: the ConvScope desktop app. Opens the image or lesson given on the command line,
// or a sample photo.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMessageBox>
#include <QTabWidget>
#include <QTimer>

#include <QTabWidget>

#include "app/gui/application.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/playground_view.hpp"
#include "app/gui/training_tab.hpp"
#include "engine/safe_file.hpp"

namespace {

// --screenshot: grab the window once the image or lesson is shown, save it and quit. Used for
// the README's screenshot and to look at the window without a screen (offscreen platform).
void schedule_screenshot(cs::gui::MainWindow& window, const QString& path, int delay_ms) {
    QTimer::singleShot(delay_ms, &window, [&window, path] {
        window.grab().save(path);
        QApplication::quit();
    });
}

// --tab training/inspect: show a workspace tab (and a page of it) for screenshots.
void open_tab(cs::gui::MainWindow& window, const QString& name) {
    const QStringList parts = name.split('/');
    if (parts.first() == "training") {
        window.workspaces()->setCurrentWidget(window.training_workspace());
        const QStringList pages = {"train", "inspect", "kernel"};
        if (parts.size() > 1 && pages.contains(parts[1])) {
            window.training_tab()->setCurrentIndex(static_cast<int>(pages.indexOf(parts[1])));
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    QApplication::setHighDpiScaleFactorRoundingPolicy(
        Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    cs::ignore_file_size_signal();  // past a file-size limit a save fails; it must not kill us
    cs::gui::Application app(argc, argv);
    QApplication::setOrganizationName("ConvScope");
    QApplication::setApplicationName("ConvScope");
    QApplication::setApplicationVersion(CONVSCOPE_VERSION);
    QApplication::setDesktopFileName("convscope");

    QCommandLineParser parser;
    parser.setApplicationDescription("ConvScope: see how convolutional networks compute");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file",
                                 "An image, a lesson, a pipeline or a weights file (.csw) to open");
    const QCommandLineOption lang({"l", "lang"}, "Language: en or zh_CN (default: as set)", "code");
    const QCommandLineOption shot("screenshot", "Save the window to this PNG and quit", "png");
    const QCommandLineOption image_mode("image-mode", "Start in image mode");
    const QCommandLineOption presenter("presenter", "Start in presenter mode");
    const QCommandLineOption autosave_ms(
        "autosave-interval-ms", "Autosave interval in milliseconds (default 30000)", "ms", "30000");
    const QCommandLineOption playground("playground", "Start on the feature-map playground tab");
    const QCommandLineOption tab(
        "tab", "Open a workspace tab: lessons or training[/inspect|/kernel]", "name");
    const QCommandLineOption pipeline("pipeline", "Open a pipeline file in the playground", "file");
    const QCommandLineOption weights("weights", "Load a weights file (.csw) into the training tab",
                                     "file");
    parser.addOptions(
        {lang, shot, image_mode, presenter, autosave_ms, playground, tab, pipeline, weights});
    parser.process(app);

    cs::gui::MainWindow window;
    if (parser.isSet(lang)) {
        window.set_language(parser.value(lang));
    }
    window.show();
    window.autosave()->start(std::max(100, parser.value(autosave_ms).toInt()));
    const bool offered = window.offer_recovery();
    if (parser.isSet(playground)) {
        window.workspaces()->setCurrentIndex(1);  // the playground
    }
    const QStringList files = parser.positionalArguments();
    const QString path = files.isEmpty() ? QString(":/sample_images/chelsea.png") : files.first();
    // After the first frame is on screen: decoding a large photo must not delay the window.
    QTimer::singleShot(0, &window, [&] {
        if (offered && files.isEmpty()) {
            return;  // the restore question decides what is shown
        }
        window.open_file(path);
        if (parser.isSet(presenter)) {
            window.set_presenter_mode(true);
        }
    });
    if (parser.isSet(image_mode)) {
        QObject::connect(&window, &cs::gui::MainWindow::image_opened, &window,
                         [&window] { window.set_image_mode(true); });
    }
    if (parser.isSet(pipeline)) {
        window.playground()->controller()->open_file(parser.value(pipeline));
    }
    if (parser.isSet(weights)) {
        try {
            window.training_tab()->controller()->load_weights_file(parser.value(weights));
        } catch (const std::exception& e) {
            QMessageBox::warning(&window, QObject::tr("Cannot open the weights"),
                                 QString::fromUtf8(e.what()));
        }
    }
    if (parser.isSet(tab)) {
        open_tab(window, parser.value(tab));
    }
    if (parser.isSet(shot)) {
        schedule_screenshot(window, parser.value(shot), 2500);
    }
    return QApplication::exec();
}
