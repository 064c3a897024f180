#pragma once
// Lesson pages are read from the back of a lecture hall in presenter mode: their text grows
// with the room they get (full screen, docks hidden) instead of staying at desktop size.
class QChart;
class QWidget;
class QFont;

namespace cs::gui {

// 1 at desktop size, up to 2.5 when the page fills a large screen.
double page_scale(const QWidget* page);
// Sets the page's font to the application font × page_scale; children inherit it.
void apply_page_scale(QWidget* page);
// Qt Charts do not inherit widget fonts: title, axes and legend get `font`.
void style_chart(QChart* chart, const QFont& font);

}  // namespace cs::gui
