#include "app/gui/activation_page.hpp"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <memory>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/map_range.hpp"
#include "app/core/page_image.hpp"
#include "app/gui/language.hpp"
#include "app/gui/page_image_picker.hpp"
#include "app/gui/page_map_view.hpp"
#include "app/gui/page_style.hpp"
#include "engine/ops/activation.hpp"

namespace cs::gui {
namespace {

struct ActivationResult {
    core::ActivationMaps maps;
    QImage before;
    QImage after;
    core::MapScale scale;
};

QChartView* chart_view(QChart* chart, QWidget* parent) {
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(220, 180);
    return view;
}

// A histogram as a step line: flat across each bin.
QList<QPointF> step_points(const Histogram& h) {
    QList<QPointF> points;
    for (size_t i = 0; i < h.counts.size(); ++i) {
        const double left = h.low + h.bin_width() * static_cast<double>(i);
        // A log axis has no 0: an empty bin is drawn just below 1.
        const double count = std::max(0.5, static_cast<double>(h.counts[i]));
        points << QPointF(left, count) << QPointF(left + h.bin_width(), count);
    }
    return points;
}

QString percent(int64_t part, int64_t whole) {
    return QString::number(whole > 0 ? 100.0 * static_cast<double>(part) / whole : 0.0, 'f', 1);
}

}  // namespace

ActivationPage::ActivationPage(core::LessonController* controller, const Language* language,
                               QWidget* parent)
    : QWidget(parent), controller_(controller), language_(language) {
    auto* column = new QVBoxLayout(this);
    header_ = new QLabel(this);
    header_->setWordWrap(true);
    column->addWidget(header_);
    auto* bar = new QHBoxLayout;
    function_label_ = new QLabel(this);
    function_ = new QComboBox(this);
    for (const std::string& op : core::activation_ops()) {
        function_->addItem(QString(), QString::fromStdString(op));
    }
    slope_label_ = new QLabel(this);
    slope_ = new QDoubleSpinBox(this);
    slope_->setRange(0.0, 1.0);
    slope_->setSingleStep(0.05);
    slope_->setDecimals(2);
    slope_->setValue(0.1);
    open_button_ = new QPushButton(this);
    for (QWidget* w : std::initializer_list<QWidget*>{function_label_, function_, slope_label_,
                                                      slope_, open_button_}) {
        bar->addWidget(w);
    }
    bar->addStretch(1);
    column->addLayout(bar);

    auto* grid = new QGridLayout;
    before_view_ = new PageMapView(this);
    after_view_ = new PageMapView(this);
    curve_chart_ = new QChart;
    curve_ = new QLineSeries(curve_chart_);
    curve_->setPen(QPen(QColor(230, 120, 0), 3));
    curve_chart_->addSeries(curve_);
    curve_x_ = new QValueAxis(curve_chart_);
    curve_y_ = new QValueAxis(curve_chart_);
    curve_chart_->addAxis(curve_x_, Qt::AlignBottom);
    curve_chart_->addAxis(curve_y_, Qt::AlignLeft);
    curve_->attachAxis(curve_x_);
    curve_->attachAxis(curve_y_);
    curve_chart_->legend()->hide();
    histogram_chart_ = new QChart;
    before_histogram_ = new QLineSeries(histogram_chart_);
    after_histogram_ = new QLineSeries(histogram_chart_);
    before_histogram_->setPen(QPen(QColor(59, 76, 192), 2));
    after_histogram_->setPen(QPen(QColor(200, 30, 60), 2));
    histogram_x_ = new QValueAxis(histogram_chart_);
    histogram_y_ = new QLogValueAxis(histogram_chart_);
    histogram_y_->setLabelFormat("%g");
    histogram_x_->setLabelFormat("%.1f");
    curve_x_->setLabelFormat("%.1f");
    curve_y_->setLabelFormat("%.1f");
    histogram_chart_->addAxis(histogram_x_, Qt::AlignBottom);
    histogram_chart_->addAxis(histogram_y_, Qt::AlignLeft);
    for (QLineSeries* s : {before_histogram_, after_histogram_}) {
        histogram_chart_->addSeries(s);
        s->attachAxis(histogram_x_);
        s->attachAxis(histogram_y_);
    }
    grid->addWidget(before_view_, 0, 0);
    grid->addWidget(after_view_, 0, 1);
    grid->addWidget(chart_view(curve_chart_, this), 0, 2);
    grid->addWidget(chart_view(histogram_chart_, this), 1, 0, 1, 2);
    count_label_ = new QLabel(this);
    count_label_->setWordWrap(true);
    count_label_->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    grid->addWidget(count_label_, 1, 2);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    column->addLayout(grid, 1);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    column->addWidget(status_);

    connect(function_, &QComboBox::activated, this, &ActivationPage::choose_function);
    connect(slope_, &QDoubleSpinBox::valueChanged, this, &ActivationPage::choose_slope);
    connect(open_button_, &QPushButton::clicked, this, &ActivationPage::open_image);
    connect(controller_, &core::LessonController::lesson_changed, this,
            &ActivationPage::on_lesson_changed);
    connect(&worker_, &core::PageWorker::busy_changed, this, [this](bool busy) {
        if (busy) {
            status_->setText(tr("Computing the maps…"));
        }
    });
    retranslate();
}

std::string ActivationPage::op() const {
    return function_->currentData().toString().toStdString();
}

nlohmann::json ActivationPage::params() const {
    if (find_param(op(), "negative_slope")) {
        return {{"negative_slope", slope_->value()}};
    }
    return nlohmann::json::object();
}

void ActivationPage::retranslate() {
    function_label_->setText(tr("Function"));
    const QStringList names = {tr("ReLU: max(0, x)"), tr("Leaky ReLU: x, or slope · x below 0"),
                               tr("Sigmoid: 1 / (1 + e^−x)"), tr("tanh")};
    for (int i = 0; i < names.size(); ++i) {
        function_->setItemText(i, names[i]);
    }
    slope_label_->setText(tr("Negative slope"));
    open_button_->setText(tr("Open Image…"));
    before_view_->set_caption(tr("Before: Sobel x response (signed)"));
    after_view_->set_caption(tr("After %1 (same colour scale)").arg(function_->currentText()));
    curve_chart_->setTitle(tr("The function"));
    curve_x_->setTitleText(tr("input x"));
    curve_y_->setTitleText(tr("output f(x)"));
    histogram_chart_->setTitle(tr("How many values, before and after"));
    before_histogram_->setName(tr("before"));
    after_histogram_->setName(tr("after"));
    histogram_x_->setTitleText(tr("value"));
    histogram_y_->setTitleText(tr("count"));
    refresh_header();
    refresh_counts();
}

void ActivationPage::refresh_header() {
    const core::Lesson& lesson = controller_->lesson();
    const bool chinese = language_ != nullptr && language_->chinese();
    header_->setText(QString("<b>%1</b><br>%2")
                         .arg(lesson.title(chinese).toHtmlEscaped(),
                              lesson.description(chinese).toHtmlEscaped()));
}

void ActivationPage::refresh_controls() {
    const core::Lesson& lesson = controller_->lesson();
    const QSignalBlocker b1(function_);
    const QSignalBlocker b2(slope_);
    const int index = function_->findData(QString::fromStdString(lesson.op));
    function_->setCurrentIndex(std::max(0, index));
    if (lesson.params.contains("negative_slope") && lesson.params["negative_slope"].is_number()) {
        slope_->setValue(lesson.params["negative_slope"].get<double>());
    }
    slope_->setEnabled(find_param(op(), "negative_slope") != nullptr);
    after_view_->set_caption(tr("After %1 (same colour scale)").arg(function_->currentText()));
}

void ActivationPage::refresh_curve() {
    double m = 4.0;
    if (maps_) {
        m = std::max(m, static_cast<double>(maps_->before_histogram.high));  // ±max|before|
    }
    try {
        const std::vector<QPointF> points =
            core::activation_curve(op(), params(), static_cast<float>(-m), static_cast<float>(m));
        curve_->replace(QList<QPointF>(points.begin(), points.end()));
        double low = 0.0;
        double high = 0.0;
        for (const QPointF& p : points) {
            low = std::min(low, p.y());
            high = std::max(high, p.y());
        }
        curve_x_->setRange(-m, m);
        curve_y_->setRange(low - 0.1 * (high - low + 1e-3), high + 0.1 * (high - low + 1e-3));
    } catch (const std::exception& e) {
        status_->setText(QString::fromUtf8(e.what()));
    }
}

void ActivationPage::refresh_histogram() {
    if (!maps_) {
        before_histogram_->clear();
        after_histogram_->clear();
        return;
    }
    before_histogram_->replace(step_points(maps_->before_histogram));
    after_histogram_->replace(step_points(maps_->after_histogram));
    int64_t most = 1;
    for (const auto* h : {&maps_->before_histogram, &maps_->after_histogram}) {
        most = std::max(most, *std::max_element(h->counts.begin(), h->counts.end()));
    }
    histogram_x_->setRange(maps_->before_histogram.low, maps_->before_histogram.high);
    histogram_y_->setRange(0.5, static_cast<double>(most) * 2.0);
}

void ActivationPage::refresh_counts() {
    if (!maps_) {
        count_label_->clear();
        return;
    }
    const SignCounts& b = maps_->before_signs;
    const QString negative = QLocale().toString(static_cast<qlonglong>(b.negative));
    const QString total = QLocale().toString(static_cast<qlonglong>(b.total()));
    const QString share = percent(b.negative, b.total());
    QString text;
    const ActivationKind kind = activation_kind(op());
    if (kind == ActivationKind::relu) {
        text = tr("ReLU set %1 of %2 values (%3%) to 0: every negative one. Afterwards %4 values "
                  "are 0 and %5 are positive.")
                   .arg(negative, total, share)
                   .arg(QLocale().toString(static_cast<qlonglong>(maps_->after_signs.zero)))
                   .arg(QLocale().toString(static_cast<qlonglong>(maps_->after_signs.positive)));
    } else if (kind == ActivationKind::leaky_relu) {
        text = tr("Leaky ReLU multiplied the %1 negative values (%3% of %2) by %4: they stay "
                  "negative but shrink, so a little gradient still flows.")
                   .arg(negative, total, share, core::format_value(slope_->value()));
    } else if (kind == ActivationKind::sigmoid) {
        text = tr("Sigmoid squeezes every value into (0, 1): the %1 negative values (%3% of %2) "
                  "now lie below 0.5; none is negative any more.")
                   .arg(negative, total, share);
    } else {
        text = tr("tanh squeezes every value into (−1, 1) and keeps its sign: the %1 negative "
                  "values (%3% of %2) stay negative.")
                   .arg(negative, total, share);
    }
    count_label_->setText(text);
}

void ActivationPage::on_lesson_changed() {
    if (controller_->lesson().view.page != page_name) {
        return;
    }
    refresh_header();
    refresh_controls();
    recompute();
}

void ActivationPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!maps_ && !worker_.busy()) {
        on_lesson_changed();
    }
}

void ActivationPage::recompute() {
    refresh_curve();
    auto input = input_.get(controller_->lesson());
    const std::string name = op();
    const nlohmann::json p = params();
    worker_.run(
        [input, name, p] {
            ActivationResult r;
            r.maps = core::apply_activation(core::signed_feature_map(*input), name, p);
            // One scale for both maps: a clipped value is drawn exactly as a zero.
            r.scale = core::map_scale(r.maps.before, true, core::RangeClip::robust);
            r.before =
                core::map_image(r.maps.before, 0, Colormap::diverging, r.scale.normalization());
            r.after =
                core::map_image(r.maps.after, 0, Colormap::diverging, r.scale.normalization());
            return r;
        },
        [this](ActivationResult r) {
            maps_ = std::move(r.maps);
            before_view_->set_image(r.before);
            before_view_->set_scale(Colormap::diverging, r.scale);
            after_view_->set_image(r.after);
            after_view_->set_scale(Colormap::diverging, r.scale);
            status_->clear();
            refresh_curve();
            refresh_histogram();
            refresh_counts();
        },
        [this](const QString& message) { show_error(message); });
}

void ActivationPage::choose_function(int index) {
    const std::string name = function_->itemData(index).toString().toStdString();
    core::LessonEdit edit = controller_->current_edit();
    if (edit.op == name) {
        return;
    }
    edit.op = name;
    edit.params = nlohmann::json::object();
    if (find_param(name, "negative_slope")) {
        edit.params["negative_slope"] = slope_->value();
    }
    edit.weight = Tensor();  // activations have neither kernel nor bias
    edit.bias = Tensor();
    controller_->apply_edit(edit, tr("Activation: %1").arg(QString::fromStdString(name)));
}

void ActivationPage::choose_slope(double slope) {
    if (find_param(controller_->lesson().op, "negative_slope")) {
        controller_->set_param("negative_slope", slope);
    }
}

void ActivationPage::show_error(const QString& message) {
    maps_.reset();
    status_->setText(tr("Cannot compute the maps: %1").arg(message));
    before_view_->set_message(tr("No map: %1").arg(message));
    after_view_->set_message(tr("No map: %1").arg(message));
    refresh_histogram();
    refresh_counts();
}

void ActivationPage::open_image() {
    pick_page_image(this, controller_, status_,
                    [this](const QString& error) { show_error(error); });
}

void ActivationPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void ActivationPage::resizeEvent(QResizeEvent* event) {
    apply_page_scale(this);
    style_chart(curve_chart_, font());
    style_chart(histogram_chart_, font());
    QWidget::resizeEvent(event);
}

}  // namespace cs::gui
