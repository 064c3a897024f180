#include "app/gui/inspect_probabilities.hpp"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace cs::gui {

InspectProbabilities::InspectProbabilities(QWidget* parent) : QWidget(parent) {
    chart_ = new QChart;
    chart_->legend()->hide();
    chart_->setMargins(QMargins(2, 2, 2, 2));
    bars_ = new QBarSet(QString());
    bars_->setColor(QColor(31, 119, 180));
    bars_->setSelectedColor(QColor(214, 39, 40));
    auto* series = new QHorizontalBarSeries;
    series->append(bars_);
    series->setBarWidth(0.8);
    series->setLabelsVisible(true);
    series->setLabelsFormat("@value");
    series->setLabelsPrecision(3);
    // After the bar's end, in the text colour: inside a short bar the number would be cut off.
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    bars_->setLabelColor(palette().color(QPalette::WindowText));
    chart_->addSeries(series);
    names_ = new QBarCategoryAxis;
    auto* values = new QValueAxis;
    values->setRange(0.0, 1.2);  // room after a bar of 1 for its number
    values->setTickCount(4);     // 0, 0.4, 0.8, 1.2: short labels that fit a narrow column
    values->setLabelFormat("%.1f");
    chart_->addAxis(names_, Qt::AlignLeft);
    chart_->addAxis(values, Qt::AlignBottom);
    series->attachAxis(names_);
    series->attachAxis(values);
    auto* view = new QChartView(chart_, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(260, 300);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(view);
    retranslate();
}

void InspectProbabilities::retranslate() {
    chart_->setTitle(tr("Class probabilities"));
}

void InspectProbabilities::set_probabilities(const std::vector<float>& probabilities,
                                             const QStringList& classes) {
    values_ = probabilities;
    // Bars from the bottom up: reverse so that label 0 is at the top, as in a list.
    QStringList names;
    for (int i = static_cast<int>(classes.size()) - 1; i >= 0; --i) {
        names << classes[i];
    }
    names_->clear();
    names_->setCategories(names);
    bars_->remove(0, bars_->count());
    const int n = static_cast<int>(probabilities.size());
    for (int i = n - 1; i >= 0; --i) {
        bars_->append(probabilities[static_cast<size_t>(i)]);
    }
    bars_->deselectAllBars();
    if (n > 0) {
        const int best = static_cast<int>(
            std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin());
        bars_->selectBar(n - 1 - best);
    }
}

}  // namespace cs::gui
