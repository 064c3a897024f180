#pragma once
// The lesson sidebar: every lesson shipped in resources/lessons, by title in the UI language.
#include <QListWidget>

namespace cs::gui {

class LessonList : public QListWidget {
    Q_OBJECT
  public:
    explicit LessonList(QWidget* parent = nullptr);

    // Lists the lessons again with titles in the given language.
    void reload(bool chinese);
    static QStringList lesson_paths();  // ":/resources/lessons/*.json", sorted

  signals:
    void lesson_chosen(const QString& path);
};

}  // namespace cs::gui
