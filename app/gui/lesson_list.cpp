#include "app/gui/lesson_list.hpp"

#include <QDir>
#include <QFileInfo>

#include "app/core/lesson.hpp"

namespace cs::gui {

LessonList::LessonList(QWidget* parent) : QListWidget(parent) {
    setMinimumWidth(180);
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit lesson_chosen(item->data(Qt::UserRole).toString());
    });
    connect(this, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        emit lesson_chosen(item->data(Qt::UserRole).toString());
    });
}

QStringList LessonList::lesson_paths() {
    QStringList paths;
    const QDir dir(":/resources/lessons");
    for (const QString& name : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        paths << dir.filePath(name);
    }
    return paths;
}

void LessonList::reload(bool chinese) {
    clear();
    for (const QString& path : lesson_paths()) {
        QString title;
        try {
            title = core::read_lesson_titles(path).title(chinese);
        } catch (const std::exception&) {
            continue;  // a broken shipped lesson is caught by the tests, not shown here
        }
        auto* item =
            new QListWidgetItem(title.isEmpty() ? QFileInfo(path).baseName() : title, this);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
    }
}

}  // namespace cs::gui
