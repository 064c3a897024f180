// The lesson list: every shipped entry, clicked as a teacher would, opens without an error.
#include <catch2/catch.hpp>

#include <QApplication>
#include <QFileInfo>
#include <QMessageBox>
#include <QTabWidget>
#include <QTest>

#include "app/core/training_controller.hpp"
#include "app/gui/lesson_list.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/playground_view.hpp"
#include "app/gui/training_tab.hpp"
#include "gui_helpers.hpp"

using cs::gui::LessonList;
using cs::gui::MainWindow;

namespace {

// Every message box the window has opened (the window's, the playground's, a page's).
QStringList open_messages(const MainWindow& window) {
    QStringList texts;
    for (const QMessageBox* box : window.findChildren<QMessageBox*>()) {
        texts << box->objectName() + ": " + box->text();
    }
    return texts;
}

void click(LessonList* list, QListWidgetItem* item) {
    list->scrollToItem(item);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
}

}  // namespace

TEST_CASE("lesson list: every shipped lesson opens without an error") {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    auto* list = window.findChild<LessonList*>();
    REQUIRE(list != nullptr);
    REQUIRE(list->count() == LessonList::lesson_paths().size());  // none left out as broken
    for (int i = 0; i < list->count(); ++i) {
        window.workspaces()->setCurrentIndex(0);  // the list lives on the Lessons tab
        QListWidgetItem* item = list->item(i);
        const QString path = item->data(Qt::UserRole).toString();
        INFO(path.toStdString());
        click(list, item);
        QTest::qWait(50);
        CHECK(open_messages(window).join("\n").toStdString() == "");
        const QString name = QFileInfo(path).completeBaseName();
        if (name.startsWith("lenet")) {
            CHECK(window.workspaces()->currentWidget() == window.training_workspace());
            CHECK(window.training_tab()->controller()->lesson().name == name.toStdString());
        } else if (name.startsWith("playground")) {
            CHECK(window.workspaces()->currentIndex() == 1);
        } else {
            CHECK(window.workspaces()->currentIndex() == 0);
        }
        qDeleteAll(window.findChildren<QMessageBox*>());
    }
}

TEST_CASE("lesson list: a LeNet lesson file opens the Training tab with its network") {
    MainWindow window;
    window.show();
    for (const char* name : {"lenet_d2l", "lenet_modern"}) {
        INFO(name);
        window.workspaces()->setCurrentIndex(0);
        // As `convscope lenet_d2l.json` does: the file's kind is found from its content.
        REQUIRE(window.open_file(
            cs::test::resource_path(QString("resources/lessons/%1.json").arg(name))));
        CHECK(window.workspaces()->currentWidget() == window.training_workspace());
        CHECK(window.training_tab()->controller()->lesson().name == name);
        CHECK(window.training_tab()->controller()->snapshot() != nullptr);
        CHECK(open_messages(window).isEmpty());
    }
}
