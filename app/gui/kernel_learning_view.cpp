#include "app/gui/kernel_learning_view.hpp"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "app/core/kernel_learning_controller.hpp"
#include "app/gui/inspect_maps_view.hpp"
#include "app/gui/language.hpp"

namespace cs::gui {
namespace {

QTableWidget* make_grid(QWidget* parent) {
    auto* table = new QTableWidget(3, 3, parent);
    table->horizontalHeader()->hide();
    table->verticalHeader()->hide();
    table->horizontalHeader()->setDefaultSectionSize(64);
    table->verticalHeader()->setDefaultSectionSize(28);
    table->setFixedSize(3 * 64 + 4, 3 * 28 + 4);
    return table;
}

void show_kernel(QTableWidget* table, const Tensor& kernel, bool editable) {
    const int rows = static_cast<int>(kernel.size(0));
    const int cols = static_cast<int>(kernel.size(1));
    table->setRowCount(rows);
    table->setColumnCount(cols);
    table->setFixedSize(cols * 64 + 4, rows * 28 + 4);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            auto* item = new QTableWidgetItem(QString::number(kernel.at({r, c}), 'f', 3));
            item->setTextAlignment(Qt::AlignCenter);
            if (!editable) {
                item->setFlags(item->flags() & ~Qt::ItemIsEditable);
            }
            table->setItem(r, c, item);
        }
    }
}

}  // namespace

KernelLearningView::KernelLearningView(core::KernelLearningController* controller,
                                       const Language* language, QWidget* parent)
    : QWidget(parent), controller_(controller), language_(language) {
    example_label_ = new QLabel(this);
    example_ = new QComboBox(this);
    example_->addItems({QString(), QString(), QString(), QString()});
    play_ = new QPushButton(this);
    step_ = new QPushButton(this);
    reset_ = new QPushButton(this);
    auto* controls = new QHBoxLayout;
    for (QWidget* w :
         std::initializer_list<QWidget*>{example_label_, example_, play_, step_, reset_}) {
        controls->addWidget(w);
    }
    controls->addStretch(1);
    explanation_ = new QLabel(this);
    explanation_->setWordWrap(true);
    status_ = new QLabel(this);
    draw_hint_ = new QLabel(this);
    draw_hint_->setWordWrap(true);
    target_ = make_grid(this);
    kernel_ = make_grid(this);
    auto* kernels = new QVBoxLayout;
    kernels->addWidget(new QLabel(QStringLiteral("K"), this));
    kernels->addWidget(target_);
    kernels->addWidget(draw_hint_);
    kernels->addWidget(new QLabel(QStringLiteral("K̂"), this));
    kernels->addWidget(kernel_);
    kernels->addWidget(status_);
    kernels->addStretch(1);

    images_ = new InspectMapsView(this);
    images_->set_tile_size(150);

    chart_ = new QChart;
    chart_->legend()->hide();
    loss_ = new QLineSeries;
    loss_->setPointsVisible(true);
    chart_->addSeries(loss_);
    x_axis_ = new QValueAxis;
    x_axis_->setLabelFormat("%d");
    y_axis_ = new QLogValueAxis;
    y_axis_->setLabelFormat("%.0e");
    chart_->addAxis(x_axis_, Qt::AlignBottom);
    chart_->addAxis(y_axis_, Qt::AlignLeft);
    loss_->attachAxis(x_axis_);
    loss_->attachAxis(y_axis_);
    auto* chart_view = new QChartView(chart_, this);
    chart_view->setRenderHint(QPainter::Antialiasing);
    chart_view->setMinimumSize(360, 260);

    auto* middle = new QHBoxLayout;
    middle->addLayout(kernels);
    middle->addWidget(images_, 2);
    middle->addWidget(chart_view, 2);
    auto* column = new QVBoxLayout(this);
    column->addLayout(controls);
    column->addWidget(explanation_);
    column->addLayout(middle, 1);

    connect(example_, &QComboBox::activated, this, &KernelLearningView::choose_example);
    connect(play_, &QPushButton::clicked, this,
            [this] { controller_->playing() ? controller_->pause() : controller_->play(); });
    connect(step_, &QPushButton::clicked, this, [this] { controller_->step(); });
    connect(reset_, &QPushButton::clicked, this,
            [this] { choose_example(example_->currentIndex()); });
    connect(target_, &QTableWidget::itemChanged, this, [this] {
        if (example_->currentIndex() == 3 && !target_->signalsBlocked()) {
            choose_example(3);
        }
    });
    connect(controller_, &core::KernelLearningController::example_changed, this, [this] {
        refresh_table();
        refresh();
    });
    connect(controller_, &core::KernelLearningController::stepped, this,
            &KernelLearningView::refresh);
    connect(controller_, &core::KernelLearningController::playing_changed, this,
            [this] { retranslate(); });
    refresh_table();
    refresh();
    retranslate();
}

void KernelLearningView::retranslate() {
    example_label_->setText(tr("Kernel to learn:"));
    example_->setItemText(0, tr("d2l 6.2.4: edge detector [1, −1] on a 6×8 image"));
    example_->setItemText(1, tr("Sobel x (3×3) on a photo"));
    example_->setItemText(2, tr("Laplacian (3×3) on a photo"));
    example_->setItemText(3, tr("My own 3×3 kernel (edit K) on a photo"));
    play_->setText(controller_->playing() ? tr("Pause") : tr("Play"));
    step_->setText(tr("One Epoch"));
    reset_->setText(tr("Restart"));
    explanation_->setText(
        tr("Y is X filtered with the kernel K. Starting from a random kernel K̂, each epoch "
           "computes Ŷ = X ⋆ K̂, the squared error between Ŷ and Y, and moves K̂ against its "
           "gradient (learning rate %1). K̂ converges to K: the network can learn a filter from "
           "examples alone.")
            .arg(controller_->learning_rate(), 0, 'g', 3));
    draw_hint_->setText(example_->currentIndex() == 3 ? tr("Type the values of your kernel.")
                                                      : QString());
    chart_->setTitle(tr("Loss (log scale)"));
    x_axis_->setTitleText(tr("epoch"));
    refresh();
}

void KernelLearningView::choose_example(int index) {
    example_->setCurrentIndex(index);
    if (index == 0) {
        controller_->use_d2l_example();
        retranslate();
        return;
    }
    Tensor kernel({3, 3});
    if (index == 1) {
        kernel = Tensor({3, 3}, {-1, 0, 1, -2, 0, 2, -1, 0, 1});
    } else if (index == 2) {
        kernel = Tensor({3, 3}, {0, 1, 0, 1, -4, 1, 0, 1, 0});
    } else {
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < 3; ++c) {
                const QTableWidgetItem* item =
                    target_->rowCount() == 3 && target_->columnCount() == 3 ? target_->item(r, c)
                                                                            : nullptr;
                kernel.at({r, c}) = item != nullptr ? item->text().toFloat() : (r == 1 && c == 1);
            }
        }
    }
    try {
        controller_->use_kernel_on_image(core::load_gray_plane(":/sample_images/camera.png", 48),
                                         kernel);
    } catch (const std::exception& e) {
        status_->setText(QString::fromUtf8(e.what()));
    }
    retranslate();
}

void KernelLearningView::refresh_table() {
    target_->blockSignals(true);
    show_kernel(target_, controller_->example().kernel, example_->currentIndex() == 3);
    target_->blockSignals(false);
    loss_->clear();
}

void KernelLearningView::refresh() {
    const auto& learner = controller_->learner();
    show_kernel(kernel_, learner.kernel(), false);
    const auto& losses = controller_->losses();
    if (static_cast<int>(losses.size()) < loss_->count()) {
        loss_->clear();
    }
    for (auto i = static_cast<size_t>(loss_->count()); i < losses.size(); ++i) {
        loss_->append(static_cast<double>(i + 1), std::max(losses[i], 1e-12));
    }
    x_axis_->setRange(0, std::max<double>(10.0, static_cast<double>(losses.size())));
    if (!losses.empty()) {
        const auto [lo, hi] = std::minmax_element(losses.begin(), losses.end());
        y_axis_->setRange(std::max(*lo, 1e-12) / 2.0, *hi * 2.0);
    }
    status_->setText(
        tr("epoch %1 · loss %2").arg(learner.epochs_done()).arg(learner.loss(), 0, 'g', 4));
    const KernelExample& example = controller_->example();
    auto as_4d = [](const Tensor& t) { return t.reshaped({1, 1, t.size(0), t.size(1)}); };
    Tensor prediction = learner.prediction();
    if (prediction.dim() == 4) {
        prediction = prediction.reshaped({prediction.size(2), prediction.size(3)});
    }
    std::vector<InspectMapsView::Row> rows;
    const Normalization symmetric{Normalization::Kind::symmetric};
    rows.push_back({tr("X (input)"), as_4d(example.input), Colormap::gray, {}});
    rows.push_back(
        {tr("Y = X ⋆ K (target)"), as_4d(example.target), Colormap::diverging, symmetric});
    rows.push_back(
        {tr("Ŷ = X ⋆ K̂ (prediction)"), as_4d(prediction), Colormap::diverging, symmetric});
    images_->set_rows(std::move(rows));
}

}  // namespace cs::gui
