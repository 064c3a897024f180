#include "app/gui/lesson_list.hpp"

#include <QDir>
#include <QFileInfo>
#include <QStyledItemDelegate>

#include <algorithm>
#include <vector>

#include "app/core/lesson.hpp"

namespace cs::gui {
namespace {

// Sizes each title for the list's width, so a long title wraps onto more lines instead of
// running off the narrow dock (QListView asks for one line as wide as the text).
class WrappingDelegate : public QStyledItemDelegate {
  public:
    explicit WrappingDelegate(QListView* view) : QStyledItemDelegate(view), view_(view) {}

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QStyleOptionViewItem wrapped = option;
        wrapped.rect.setWidth(view_->viewport()->width());
        wrapped.features |= QStyleOptionViewItem::WrapText;
        const QSize hint = QStyledItemDelegate::sizeHint(wrapped, index);
        return {std::min(hint.width(), view_->viewport()->width()), hint.height()};
    }

  private:
    QListView* view_;
};

}  // namespace

LessonList::LessonList(QWidget* parent) : QListWidget(parent) {
    setMinimumWidth(180);
    setWordWrap(true);
    setTextElideMode(Qt::ElideNone);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust);  // a new width lays the titles out again
    setItemDelegate(new WrappingDelegate(this));
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
