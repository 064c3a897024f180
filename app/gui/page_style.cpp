#include "app/gui/page_style.hpp"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QWidget>

#include <algorithm>

namespace cs::gui {

double page_scale(const QWidget* page) {
    const double by_width = page->width() / 1100.0;
    const double by_height = page->height() / 760.0;
    return std::clamp(std::min(by_width, by_height), 1.0, 2.5);
}

void apply_page_scale(QWidget* page) {
    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * page_scale(page));
    if (font != page->font()) {
        page->setFont(font);
    }
}

void style_chart(QChart* chart, const QFont& font) {
    QFont title = font;
    title.setBold(true);
    chart->setTitleFont(title);
    chart->legend()->setFont(font);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsFont(font);
        axis->setTitleFont(font);
    }
}

}  // namespace cs::gui
