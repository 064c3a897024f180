// GUI tests: the app's QApplication on the offscreen platform, then Catch (as Pencil2D's tests do).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QDir>
#include <QTemporaryDir>

#include "app/gui/application.hpp"

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // Settings and autosaves of the tests go to a folder of their own, never the user's.
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", QDir(home.path()).filePath("config").toUtf8());
    qputenv("XDG_DATA_HOME", QDir(home.path()).filePath("data").toUtf8());
    cs::gui::Application app(argc, argv);  // the app's own: it catches what handlers throw
    QApplication::setOrganizationName("ConvScopeTests");
    QApplication::setApplicationName("ConvScopeTests");
    return Catch::Session().run(argc, argv);
}
