#include "app/gui/lesson_description.hpp"

#include <QEvent>

#include "app/core/lesson_controller.hpp"
#include "app/gui/language.hpp"

namespace cs::gui {

LessonDescription::LessonDescription(core::LessonController* controller, const Language* language,
                                     QWidget* parent)
    : QLabel(parent), controller_(controller), language_(language) {
    setObjectName("lesson_description");
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Wraps to the canvas width and takes the height its lines need, never more.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    connect(controller_, &core::LessonController::lesson_changed, this,
            &LessonDescription::refresh);
    set_theme(theme_);
}

void LessonDescription::set_theme(const core::Theme& theme) {
    theme_ = theme;
    // Presenter mode scales it with the canvas's text (13 px, as the canvas's formula line).
    QFont f = font();
    f.setPixelSize(std::max(11, static_cast<int>(14 * theme.font_scale)));
    setFont(f);
    const int margin = static_cast<int>(10 * theme.font_scale);
    setContentsMargins(margin, margin / 2, margin, margin / 2);
    setStyleSheet(QString("QLabel#lesson_description { background: %1; color: %2; "
                          "border-bottom: 1px solid %3; }")
                      .arg(theme.panel_fill.name(), theme.text.name(), theme.grid_line.name()));
    refresh();
}

void LessonDescription::set_page_shows_it(bool shows) {
    page_shows_it_ = shows;
    refresh();
}

void LessonDescription::refresh() {
    const QString text =
        controller_->lesson().description(language_ != nullptr && language_->chinese());
    setText(text);
    setVisible(!text.isEmpty() && !page_shows_it_);
}

void LessonDescription::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        refresh();
    }
    QLabel::changeEvent(event);
}

}  // namespace cs::gui
