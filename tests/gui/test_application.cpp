#include <catch2/catch.hpp>

#include <QApplication>
#include <QEvent>
#include <QMessageBox>
#include <QWidget>

#include <new>
#include <stdexcept>

#include "app/gui/application.hpp"
#include "engine/error.hpp"
#include "gui_helpers.hpp"

namespace {

// A widget whose handler fails the way an engine call can: with a message, or out of memory.
class Failing : public QWidget {
  public:
    bool out_of_memory = false;

  protected:
    bool event(QEvent* e) override {
        if (e->type() == QEvent::User) {
            if (out_of_memory) {
                throw std::bad_alloc();
            }
            throw cs::Error("conv2d: padding 4096 is too large for this lesson");
        }
        return QWidget::event(e);
    }
};

QString reported_error() {
    for (QWidget* w : QApplication::topLevelWidgets()) {
        if (auto* box = qobject_cast<QMessageBox*>(w);
            box != nullptr && box->objectName() == "uncaught_error" && box->isVisible()) {
            return box->text();
        }
    }
    return {};
}

void close_reports() {
    for (QWidget* w : QApplication::topLevelWidgets()) {
        if (w->objectName() == "uncaught_error") {
            w->close();
        }
    }
    QCoreApplication::processEvents();
}

}  // namespace

TEST_CASE("application: an exception thrown by an event handler is shown, not fatal") {
    REQUIRE(dynamic_cast<cs::gui::Application*>(QCoreApplication::instance()) != nullptr);
    Failing widget;
    widget.show();
    QEvent fail(QEvent::User);
    QCoreApplication::sendEvent(&widget, &fail);
    REQUIRE(cs::test::wait_until([] { return !reported_error().isEmpty(); }));
    CHECK(reported_error().contains("padding 4096"));
    close_reports();

    widget.out_of_memory = true;
    QCoreApplication::sendEvent(&widget, &fail);
    REQUIRE(cs::test::wait_until([] { return !reported_error().isEmpty(); }));
    CHECK(reported_error().contains("not enough memory"));
    CHECK_FALSE(reported_error().contains("bad_alloc"));
    close_reports();
}
