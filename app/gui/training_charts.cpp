#include "app/gui/training_charts.hpp"

#include <QChart>
#include <QChartView>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace cs::gui {
namespace {

QChart* make_chart(QValueAxis*& x, QValueAxis*& y) {
    auto* chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    x = new QValueAxis;
    y = new QValueAxis;
    x->setLabelFormat("%d");
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    return chart;
}

QLineSeries* add_series(QChart* chart, QValueAxis* x, QValueAxis* y, QColor colour, bool dashed) {
    auto* series = new QLineSeries;
    QPen pen(colour, 2);
    if (dashed) {
        pen.setStyle(Qt::DashLine);
    }
    series->setPen(pen);
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    if (dashed) {
        series->setPointsVisible(false);
    } else {
        series->setPointsVisible(true);
    }
    return series;
}

}  // namespace

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent) {
    loss_chart_ = make_chart(loss_x_, loss_y_);
    accuracy_chart_ = make_chart(acc_x_, acc_y_);
    loss_ = add_series(loss_chart_, loss_x_, loss_y_, QColor(31, 119, 180), false);
    running_loss_ = add_series(loss_chart_, loss_x_, loss_y_, QColor(31, 119, 180), true);
    train_ = add_series(accuracy_chart_, acc_x_, acc_y_, QColor(255, 127, 14), false);
    running_train_ = add_series(accuracy_chart_, acc_x_, acc_y_, QColor(255, 127, 14), true);
    test_ = add_series(accuracy_chart_, acc_x_, acc_y_, QColor(44, 160, 44), false);
    // The running parts continue the solid curves; one legend entry per curve is enough.
    loss_chart_->legend()->markers(running_loss_).front()->setVisible(false);
    accuracy_chart_->legend()->markers(running_train_).front()->setVisible(false);
    acc_y_->setRange(0.0, 1.0);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    for (QChart* chart : {loss_chart_, accuracy_chart_}) {
        auto* view = new QChartView(chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(160);
        column->addWidget(view);
    }
    retranslate();
    rescale();
}

void TrainingCharts::retranslate() {
    loss_chart_->setTitle(tr("Training loss"));
    accuracy_chart_->setTitle(tr("Accuracy"));
    loss_->setName(tr("loss"));
    train_->setName(tr("train accuracy"));
    test_->setName(tr("test accuracy"));
    loss_x_->setTitleText(tr("epoch"));
    acc_x_->setTitleText(tr("epoch"));
}

void TrainingCharts::set_history(const std::vector<EpochReport>& history) {
    for (QLineSeries* s : {loss_, running_loss_, train_, running_train_, test_}) {
        s->clear();
    }
    max_loss_ = 1.0;
    last_epoch_ = 0.0;
    for (const EpochReport& r : history) {
        add_epoch(r);
    }
    rescale();
}

void TrainingCharts::add_epoch(const EpochReport& report) {
    const double e = static_cast<double>(report.epoch);
    loss_->append(e, report.loss);
    train_->append(e, report.train_accuracy);
    if (!std::isnan(report.test_accuracy)) {
        test_->append(e, report.test_accuracy);
    }
    running_loss_->clear();
    running_train_->clear();
    max_loss_ = std::max(max_loss_, report.loss);
    last_epoch_ = e;
    rescale();
}

void TrainingCharts::set_running(double epoch, double loss, double accuracy) {
    // A dashed segment from the last finished epoch to where the running epoch stands.
    if (running_loss_->count() == 0) {
        const QPointF start_loss =
            loss_->count() > 0 ? loss_->at(loss_->count() - 1) : QPointF(epoch, loss);
        const QPointF start_acc =
            train_->count() > 0 ? train_->at(train_->count() - 1) : QPointF(epoch, accuracy);
        running_loss_->append(start_loss);
        running_train_->append(start_acc);
    }
    running_loss_->append(epoch, loss);
    running_train_->append(epoch, accuracy);
    max_loss_ = std::max(max_loss_, loss);
    last_epoch_ = std::max(last_epoch_, epoch);
    rescale();
}

void TrainingCharts::rescale() {
    const double right = std::max(1.0, std::ceil(last_epoch_));
    loss_x_->setRange(0.0, right);
    acc_x_->setRange(0.0, right);
    loss_x_->setTickCount(std::min(11, static_cast<int>(right) + 1));
    acc_x_->setTickCount(std::min(11, static_cast<int>(right) + 1));
    loss_y_->setRange(0.0, std::ceil(max_loss_ * 10.0) / 10.0);
}

}  // namespace cs::gui
