#include "app/gui/application.hpp"

#include <QMessageBox>
#include <QTimer>
#include <QWidget>

#include <new>

namespace cs::gui {

Application::Application(int& argc, char** argv) : QApplication(argc, argv) {}

QString Application::describe(const std::exception& e) {
    if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) {
        return QApplication::translate(
            "Application",
            "There is not enough memory for this. Try a smaller image, lesson or network; "
            "the last step was not carried out.");
    }
    return QString::fromUtf8(e.what());
}

bool Application::notify(QObject* receiver, QEvent* event) {
    try {
        return QApplication::notify(receiver, event);
    } catch (const std::exception& e) {
        report(describe(e));
    } catch (...) {
        report(QApplication::translate("Application", "An unknown error occurred."));
    }
    return false;
}

// Shown after the event that failed has unwound, never from inside it.
void Application::report(const QString& message) {
    if (reporting_) {
        return;
    }
    reporting_ = true;
    QTimer::singleShot(0, this, [this, message] {
        QWidget* parent = activeWindow();
        auto* box = new QMessageBox(QMessageBox::Warning,
                                    QApplication::translate("Application", "Something went wrong"),
                                    message, QMessageBox::Ok, parent);
        box->setObjectName("uncaught_error");
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QObject::destroyed, this, [this] { reporting_ = false; });
        box->open();
    });
}

}  // namespace cs::gui
