#include "app/gui/lesson_canvas.hpp"

#include <QInputDialog>
#include <QMouseEvent>
#include <QPainter>

#include "app/core/lesson_controller.hpp"
#include "app/core/playback.hpp"

namespace cs::gui {

LessonCanvas::LessonCanvas(core::LessonController* controller, core::Playback* playback,
                           QWidget* parent)
    : QWidget(parent), controller_(controller), playback_(playback) {
    setMouseTracking(true);
    setMinimumSize(320, 240);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(controller_, &core::LessonController::lesson_changed, this,
            qOverload<>(&QWidget::update));
    connect(controller_, &core::LessonController::step_changed, this,
            qOverload<>(&QWidget::update));
    connect(controller_, &core::LessonController::view_changed, this,
            qOverload<>(&QWidget::update));
    connect(playback_, &core::Playback::frame, this, qOverload<>(&QWidget::update));
    build_animation_ = new QVariantAnimation(this);
    build_animation_->setStartValue(0.0);
    build_animation_->setEndValue(3.0);
    build_animation_->setDuration(3000);
    connect(build_animation_, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        build_stage_ = v.toDouble();
        update();
    });
    connect(build_animation_, &QVariantAnimation::finished, this, [this] {
        build_stage_ = -1.0;
        update();
    });
}

void LessonCanvas::build_grid() {
    if (op_handler(controller_->lesson().op).weight_layout != WeightLayout::conv_transposed) {
        return;
    }
    build_animation_->stop();
    build_animation_->start();
}

void LessonCanvas::set_theme(const core::Theme& theme) {
    theme_ = theme;
    update();
}

void LessonCanvas::set_chinese(bool chinese) {
    chinese_ = chinese;
    update();
}

void LessonCanvas::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    core::FrameState state =
        core::frame_state(*controller_, playback_->playing() ? playback_->phase() : 0.0, chinese_);
    state.build_stage = build_stage_;
    layout_ = core::paint_frame(painter, rect(), state, theme_);
}

QImage LessonCanvas::render_frame(const QSize& size) const {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    core::paint_frame(painter, QRectF(QPointF(0, 0), QSizeF(size)),
                      core::frame_state(*controller_, 0.0, chinese_), theme_);
    return image;
}

const core::FrameLayout::Cell* LessonCanvas::cell_at(
    const std::vector<core::FrameLayout::Cell>& cells, const QPointF& pos) const {
    for (const auto& cell : cells) {
        if (cell.rect.contains(pos)) {
            return &cell;
        }
    }
    return nullptr;
}

void LessonCanvas::mousePressEvent(QMouseEvent* event) {
    if (controller_->steps_by_stamps()) {  // the scatter view: a click on an input cell
        const auto* in = cell_at(layout_.input_cells, event->position());
        const Tensor& input = controller_->animation_call().input;
        if (in != nullptr && input.dim() == 4) {
            playback_->pause();
            controller_->set_step((in->channel * input.size(2) + in->row) * input.size(3) +
                                  in->col);
        }
        return;
    }
    const auto* cell = cell_at(layout_.output_cells, event->position());
    if (cell == nullptr || !controller_->valid() || !controller_->current_trace()) {
        return;
    }
    const auto grid = trace_grid(controller_->animation_call());
    const auto& at = controller_->current_trace()->at;
    playback_->pause();
    controller_->set_step(step_index({at[0], cell->channel, cell->row, cell->col}, grid));
}

void LessonCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    const auto* cell = cell_at(layout_.input_cells, event->position());
    const Tensor& input = controller_->animation_call().input;
    if (cell == nullptr || !layout_.editable || !controller_->lesson().image_path.isEmpty()) {
        return;
    }
    const int64_t row = cell->row - layout_.pad_top;
    const int64_t col = cell->col - layout_.pad_left;
    if (row < 0 || col < 0 || row >= input.size(2) || col >= input.size(3)) {
        return;  // padding cells take their values from the padding mode
    }
    bool ok = false;
    const double value = QInputDialog::getDouble(
        this, tr("Input value"), tr("Value of input cell (%1, %2):").arg(row).arg(col),
        input(0, cell->channel, row, col), -1e6, 1e6, 3, &ok);
    if (ok) {
        controller_->set_input_value((cell->channel * input.size(2) + row) * input.size(3) + col,
                                     static_cast<float>(value));
    }
}

void LessonCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (const auto* cell = cell_at(layout_.output_cells, event->position())) {
        const auto grid = trace_grid(controller_->animation_call());
        const int64_t flat =
            ((0 * grid[1] + cell->channel) * grid[2] + cell->row) * grid[3] + cell->col;
        // The scatter view shows running sums: the hover says the one drawn.
        const Tensor& shown =
            controller_->steps_by_stamps() ? controller_->stamped_after() : controller_->output();
        if (flat < shown.numel()) {
            emit hover_text(tr("output (%1, %2) = %3")
                                .arg(cell->row)
                                .arg(cell->col)
                                .arg(core::format_value(shown.data()[flat])));
        }
        return;
    }
    if (const auto* cell = cell_at(layout_.input_cells, event->position())) {
        emit hover_text(tr("input cell (%1, %2), channel %3")
                            .arg(cell->row - layout_.pad_top)
                            .arg(cell->col - layout_.pad_left)
                            .arg(cell->channel));
        return;
    }
    emit hover_text(QString());
}

}  // namespace cs::gui
