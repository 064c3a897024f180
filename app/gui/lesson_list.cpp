#include "app/gui/lesson_list.hpp"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <vector>

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
    std::vector<std::pair<core::LessonTitles, QString>> lessons;
    for (const QString& path : lesson_paths()) {
        try {
            lessons.emplace_back(core::read_lesson_titles(path), path);
        } catch (const std::exception&) {
            continue;  // a broken shipped lesson is caught by the tests, not shown here
        }
    }
    std::stable_sort(lessons.begin(), lessons.end(),
                     [](const auto& a, const auto& b) { return a.first.order < b.first.order; });
    for (const auto& [titles, path] : lessons) {
        const QString title = titles.title(chinese);
        auto* item =
            new QListWidgetItem(title.isEmpty() ? QFileInfo(path).baseName() : title, this);
        item->setData(Qt::UserRole, path);
        item->setToolTip(title);
    }
}

}  // namespace cs::gui
