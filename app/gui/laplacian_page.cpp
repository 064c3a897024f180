#include "app/gui/laplacian_page.hpp"

#include <optional>

#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QRadioButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <QValueAxis>
#include <memory>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/map_range.hpp"
#include "app/core/page_image.hpp"
#include "app/gui/language.hpp"
#include "app/gui/page_image_picker.hpp"
#include "app/gui/page_map_view.hpp"
#include "app/gui/page_matrix_view.hpp"
#include "app/gui/page_style.hpp"

namespace cs::gui {
namespace {

constexpr int profile_samples = 24;

// Everything tab 3 draws, built on the worker thread.
struct ImageResult {
    std::shared_ptr<const core::LaplacianMaps> maps;
    Tensor sharpened;
    QImage original;
    QImage edges;
    QImage sharp;
    QImage sobel;
    std::optional<core::MapScale> original_scale;  // none for a photo
    core::MapScale edges_scale;
    core::MapScale sobel_scale;
};

QImage sharpened_image(const Tensor& t) {
    return core::map_image(t, 0, Colormap::gray, {Normalization::Kind::fixed, 0.0f, 1.0f});
}

QLabel* operator_label(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setAlignment(Qt::AlignCenter);
    return label;
}

}  // namespace

LaplacianPage::LaplacianPage(core::LessonController* controller, const Language* language,
                             QWidget* parent)
    : QWidget(parent), controller_(controller), language_(language) {
    auto* column = new QVBoxLayout(this);
    header_ = new QLabel(this);
    header_->setWordWrap(true);
    column->addWidget(header_);
    tabs_ = new QTabWidget(this);
    tabs_->addTab(build_profile_tab(), QString());
    tabs_->addTab(build_kernel_tab(), QString());
    tabs_->addTab(build_image_tab(), QString());
    column->addWidget(tabs_, 1);

    connect(controller_, &core::LessonController::lesson_changed, this,
            &LaplacianPage::on_lesson_changed);
    connect(&worker_, &core::PageWorker::busy_changed, this, [this](bool busy) {
        if (busy) {
            status_->setText(tr("Computing the maps…"));
        }
    });
    retranslate();
    refresh_profile();
    refresh_kernel_parts();
}

QWidget* LaplacianPage::build_profile_tab() {
    auto* tab = new QWidget(this);
    auto* column = new QVBoxLayout(tab);
    auto* row = new QHBoxLayout;
    edge_width_label_ = new QLabel(tab);
    edge_width_ = new QSpinBox(tab);
    edge_width_->setRange(1, profile_samples - 2);
    edge_width_->setValue(3);
    row->addWidget(edge_width_label_);
    row->addWidget(edge_width_);
    row->addStretch(1);
    column->addLayout(row);

    profile_chart_ = new QChart;
    intensity_series_ = new QLineSeries(profile_chart_);
    first_series_ = new QLineSeries(profile_chart_);
    second_series_ = new QLineSeries(profile_chart_);
    for (QLineSeries* s : {intensity_series_, first_series_, second_series_}) {
        s->setPointsVisible(true);
        profile_chart_->addSeries(s);
    }
    intensity_series_->setPen(QPen(QColor(40, 40, 40), 3));
    first_series_->setPen(QPen(QColor(230, 120, 0), 2.5));
    second_series_->setPen(QPen(QColor(59, 76, 192), 2.5));
    auto* x_axis = new QValueAxis(profile_chart_);
    auto* y_axis = new QValueAxis(profile_chart_);
    x_axis->setRange(0, profile_samples - 1);
    x_axis->setLabelFormat("%d");
    y_axis->setRange(-0.8, 1.0);
    y_axis->setTickCount(10);
    y_axis->setLabelFormat("%.1f");
    profile_chart_->addAxis(x_axis, Qt::AlignBottom);
    profile_chart_->addAxis(y_axis, Qt::AlignLeft);
    for (QLineSeries* s : {intensity_series_, first_series_, second_series_}) {
        s->attachAxis(x_axis);
        s->attachAxis(y_axis);
    }
    profile_view_ = new QChartView(profile_chart_, tab);
    profile_view_->setRenderHint(QPainter::Antialiasing);
    column->addWidget(profile_view_, 1);
    profile_text_ = new QLabel(tab);
    profile_text_->setWordWrap(true);
    column->addWidget(profile_text_);
    connect(edge_width_, &QSpinBox::valueChanged, this, &LaplacianPage::refresh_profile);
    return tab;
}

QWidget* LaplacianPage::build_kernel_tab() {
    auto* tab = new QWidget(this);
    auto* column = new QVBoxLayout(tab);
    auto* choice = new QHBoxLayout;
    four_ = new QRadioButton(tab);
    eight_ = new QRadioButton(tab);
    neighbours_ = new QButtonGroup(tab);
    neighbours_->addButton(four_, 4);
    neighbours_->addButton(eight_, 8);
    four_->setChecked(true);
    choice->addWidget(four_);
    choice->addWidget(eight_);
    choice->addStretch(1);
    column->addLayout(choice);
    parts_row_ = new QHBoxLayout;
    column->addLayout(parts_row_, 1);
    kernel_text_ = new QLabel(tab);
    kernel_text_->setWordWrap(true);
    column->addWidget(kernel_text_);
    connect(neighbours_, &QButtonGroup::idClicked, this, &LaplacianPage::choose_neighbours);
    return tab;
}

QWidget* LaplacianPage::build_image_tab() {
    auto* tab = new QWidget(this);
    auto* column = new QVBoxLayout(tab);
    auto* row = new QHBoxLayout;
    amount_caption_ = new QLabel(tab);
    amount_ = new QSlider(Qt::Horizontal, tab);
    amount_->setRange(0, 300);  // c = value / 100
    amount_->setValue(100);
    amount_->setMinimumWidth(160);
    amount_label_ = new QLabel(tab);
    open_button_ = new QPushButton(tab);
    status_ = new QLabel(tab);
    status_->setWordWrap(true);
    row->addWidget(amount_caption_);
    row->addWidget(amount_, 1);
    row->addWidget(amount_label_);
    row->addSpacing(12);
    row->addWidget(open_button_);
    column->addLayout(row);
    auto* grid = new QGridLayout;
    original_view_ = new PageMapView(tab);
    edge_view_ = new PageMapView(tab);
    sharpened_view_ = new PageMapView(tab);
    sobel_view_ = new PageMapView(tab);
    grid->addWidget(original_view_, 0, 0);
    grid->addWidget(sharpened_view_, 0, 1);
    grid->addWidget(edge_view_, 1, 0);
    grid->addWidget(sobel_view_, 1, 1);
    column->addLayout(grid, 1);
    range_label_ = new QLabel(tab);
    range_label_->setWordWrap(true);
    column->addWidget(range_label_);
    column->addWidget(status_);
    connect(amount_, &QSlider::valueChanged, this, [this] {
        amount_label_->setText(tr("c = %1").arg(core::format_value(amount())));
        sharpened_view_->set_caption(
            tr("Sharpened: image − %1 · Laplacian").arg(core::format_value(amount())));
        recompute_sharpened();
    });
    connect(open_button_, &QPushButton::clicked, this, &LaplacianPage::open_image);
    return tab;
}

float LaplacianPage::amount() const {
    return static_cast<float>(amount_->value()) / 100.0f;
}

void LaplacianPage::retranslate() {
    tabs_->setTabText(0, tr("1-D: differences of an edge"));
    tabs_->setTabText(1, tr("2-D: building the Laplacian"));
    tabs_->setTabText(2, tr("On the image"));
    edge_width_label_->setText(tr("Edge width (samples)"));
    intensity_series_->setName(tr("intensity f"));
    first_series_->setName(tr("first difference f[i+1] − f[i]"));
    second_series_->setName(tr("second difference f[i−1] − 2f[i] + f[i+1]"));
    profile_chart_->setTitle(tr("A step edge and its differences"));
    profile_text_->setText(
        tr("The first difference peaks where the intensity climbs; the second difference "
           "swings positive then negative and crosses zero at the middle of the edge. Both "
           "are conv1d with the kernels [−1, 1] and [1, −2, 1]."));
    four_->setText(tr("4-neighbour"));
    eight_->setText(tr("8-neighbour"));
    kernel_text_->setText(
        tr("The second difference [1 −2 1] laid along a row measures curvature left–right; "
           "along a column, up–down. Their sum is the 4-neighbour Laplacian. Adding the two "
           "diagonals gives the 8-neighbour kernel, which responds to edges in every "
           "direction alike. Choosing one here sets the lesson's kernel."));
    amount_caption_->setText(tr("Sharpening amount"));
    amount_label_->setText(tr("c = %1").arg(core::format_value(amount())));
    open_button_->setText(tr("Open Image…"));
    original_view_->set_caption(tr("Original (gray)"));
    edge_view_->set_caption(tr("Edge map: Laplacian (colours saturate at the 99th percentile)"));
    sharpened_view_->set_caption(
        tr("Sharpened: image − %1 · Laplacian").arg(core::format_value(amount())));
    sobel_view_->set_caption(tr("Sobel gradient magnitude (for comparison)"));
    refresh_header();
    refresh_kernel_parts();
    if (maps_) {
        const auto [low, high] = maps_->laplacian_range;
        range_label_->setText(tr("Laplacian values from %1 to %2 on a %3×%4 image")
                                  .arg(core::format_value(low), core::format_value(high))
                                  .arg(maps_->gray.size(3))
                                  .arg(maps_->gray.size(2)));
    }
}

void LaplacianPage::refresh_header() {
    const core::Lesson& lesson = controller_->lesson();
    const bool chinese = language_ != nullptr && language_->chinese();
    header_->setText(QString("<b>%1</b><br>%2")
                         .arg(lesson.title(chinese).toHtmlEscaped(),
                              lesson.description(chinese).toHtmlEscaped()));
}

void LaplacianPage::refresh_profile() {
    try {
        profile_ = core::step_edge_profile(profile_samples, edge_width_->value());
    } catch (const std::exception& e) {
        profile_text_->setText(QString::fromUtf8(e.what()));
        return;
    }
    QList<QPointF> intensity;
    QList<QPointF> first;
    QList<QPointF> second;
    for (size_t i = 0; i < profile_.intensity.size(); ++i) {
        intensity.append(QPointF(static_cast<double>(i), profile_.intensity[i]));
    }
    // first[i] lies between samples i and i + 1; second[i] is centred on sample i + 1.
    for (size_t i = 0; i < profile_.first.size(); ++i) {
        first.append(QPointF(static_cast<double>(i) + 0.5, profile_.first[i]));
    }
    for (size_t i = 0; i < profile_.second.size(); ++i) {
        second.append(QPointF(static_cast<double>(i) + 1.0, profile_.second[i]));
    }
    intensity_series_->replace(intensity);
    first_series_->replace(first);
    second_series_->replace(second);
}

void LaplacianPage::refresh_kernel_parts() {
    const int kernel_kind = core::laplacian_neighbours(controller_->lesson().weight);
    const bool eight = kernel_kind == 8 || (kernel_kind == 0 && eight_->isChecked());
    {
        const QSignalBlocker block(neighbours_);
        (eight ? eight_ : four_)->setChecked(true);
    }
    while (QLayoutItem* item = parts_row_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const core::LaplacianParts parts = core::laplacian_parts(eight);
    const QStringList names = {tr("horizontal [1 −2 1]"), tr("vertical [1 −2 1]"), tr("diagonal ↘"),
                               tr("diagonal ↙")};
    for (size_t i = 0; i < parts.parts.size(); ++i) {
        if (i > 0) {
            parts_row_->addWidget(operator_label("+", this));
        }
        auto* view = new PageMatrixView(this);
        view->set_caption(names[static_cast<int>(i)]);
        view->set_matrix(3, 3, parts.parts[i].to_vector());
        parts_row_->addWidget(view);
    }
    parts_row_->addWidget(operator_label("=", this));
    sum_view_ = new PageMatrixView(this);
    sum_view_->set_caption(eight ? tr("8-neighbour Laplacian") : tr("4-neighbour Laplacian"));
    sum_view_->set_matrix(3, 3, parts.sum.to_vector());
    parts_row_->addWidget(sum_view_);
    parts_row_->addStretch(1);
}

void LaplacianPage::choose_neighbours(int neighbours) {
    const core::LaplacianParts parts = core::laplacian_parts(neighbours == 8);
    core::LessonEdit edit = controller_->current_edit();
    const int64_t out = edit.weight.dim() == 4 ? edit.weight.size(0) : 1;
    const int64_t in = edit.weight.dim() == 4 ? edit.weight.size(1) : 1;
    edit.weight = Tensor({out, in, 3, 3});
    for (int64_t i = 0; i < out * in; ++i) {
        std::copy(parts.sum.values().begin(), parts.sum.values().end(), edit.weight.data() + i * 9);
    }
    controller_->apply_edit(edit, neighbours == 8 ? tr("Use the 8-neighbour Laplacian")
                                                  : tr("Use the 4-neighbour Laplacian"));
}

void LaplacianPage::on_lesson_changed() {
    if (controller_->lesson().view.page != page_name) {
        return;  // another lesson: no work for a page nobody sees
    }
    refresh_header();
    refresh_kernel_parts();
    recompute_maps();
}

void LaplacianPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!maps_ && !worker_.busy()) {
        refresh_header();
        refresh_kernel_parts();
        recompute_maps();
    }
}

void LaplacianPage::recompute_maps() {
    const core::Lesson& lesson = controller_->lesson();
    auto input = input_.get(lesson);
    const Tensor weight = lesson.weight;
    const bool photo = !lesson.image_path.isEmpty();
    const float c = amount();
    worker_.run(
        [input, weight, photo, c] {
            ImageResult r;
            auto maps = std::make_shared<core::LaplacianMaps>(core::laplacian_maps(*input, weight));
            r.sharpened = core::sharpened(*maps, c);
            if (photo) {
                r.original = core::picture_image(*input);
            } else {
                r.original_scale = core::map_scale(maps->gray, false, core::RangeClip::full);
                r.original = core::map_image(maps->gray, 0, Colormap::gray,
                                             r.original_scale->normalization());
            }
            // A photo's edge map has a few extreme values: clipped at the 99th percentile.
            r.edges_scale = core::map_scale(maps->laplacian, true, core::RangeClip::robust);
            r.edges = core::map_image(maps->laplacian, 0, Colormap::diverging,
                                      r.edges_scale.normalization());
            r.sharp = sharpened_image(r.sharpened);
            r.sobel_scale = core::map_scale(maps->sobel, false, core::RangeClip::full);
            r.sobel =
                core::map_image(maps->sobel, 0, Colormap::gray, r.sobel_scale.normalization());
            r.maps = std::move(maps);
            return r;
        },
        [this](ImageResult r) {
            maps_ = std::move(r.maps);
            sharpened_ = std::move(r.sharpened);
            original_view_->set_image(r.original);
            if (r.original_scale) {
                original_view_->set_scale(Colormap::gray, *r.original_scale);
            } else {
                original_view_->clear_scale();
            }
            edge_view_->set_image(r.edges);
            edge_view_->set_scale(Colormap::diverging, r.edges_scale);
            sharpened_view_->set_image(r.sharp);
            sharpened_view_->set_scale(Colormap::gray, core::fixed_scale(0.0f, 1.0f));
            sobel_view_->set_image(r.sobel);
            sobel_view_->set_scale(Colormap::gray, r.sobel_scale);
            status_->clear();
            retranslate();          // the range label
            recompute_sharpened();  // the slider may have moved while this ran
        },
        [this](const QString& message) { show_error(message); });
}

void LaplacianPage::recompute_sharpened() {
    if (!maps_) {
        return;
    }
    auto maps = maps_;
    const float c = amount();
    sharpen_worker_.run(
        [maps, c] {
            Tensor t = core::sharpened(*maps, c);
            QImage image = sharpened_image(t);
            return std::make_pair(std::move(t), std::move(image));
        },
        [this](std::pair<Tensor, QImage> r) {
            sharpened_ = std::move(r.first);
            sharpened_view_->set_image(r.second);
        },
        [this](const QString& message) { show_error(message); });
}

void LaplacianPage::show_error(const QString& message) {
    maps_.reset();
    sharpened_ = Tensor();
    status_->setText(tr("Cannot compute the maps: %1").arg(message));
    range_label_->clear();
    for (PageMapView* view : {original_view_, edge_view_, sharpened_view_, sobel_view_}) {
        view->set_message(tr("No map: %1").arg(message));
    }
}

void LaplacianPage::open_image() {
    pick_page_image(this, controller_, status_,
                    [this](const QString& error) { show_error(error); });
}

void LaplacianPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void LaplacianPage::resizeEvent(QResizeEvent* event) {
    apply_page_scale(this);
    style_chart(profile_chart_, font());
    QWidget::resizeEvent(event);
}

}  // namespace cs::gui
