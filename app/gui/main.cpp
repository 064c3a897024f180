// convscope: the ConvScope desktop app. Opens the image given on the command line, or a sample.
#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTimer>

#include "app/gui/mainwindow.hpp"

int main(int argc, char** argv) {
    QApplication::setHighDpiScaleFactorRoundingPolicy(
        Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setOrganizationName("ConvScope");
    QApplication::setApplicationName("ConvScope");
    QApplication::setApplicationVersion(CONVSCOPE_VERSION);
    QApplication::setDesktopFileName("convscope");

    cs::gui::MainWindow window;
    window.show();
    const QStringList args = QApplication::arguments();
    const QString path = args.size() > 1 ? args[1] : QString(":/sample_images/chelsea.png");
    // After the first frame is on screen: decoding a large photo must not delay the window.
    QTimer::singleShot(0, &window, [&window, path] {
        path.endsWith(".json", Qt::CaseInsensitive) ? window.open_lesson(path)
                                                    : window.open_image(path);
    });
    return QApplication::exec();
}
