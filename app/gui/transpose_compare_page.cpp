#include "app/gui/transpose_compare_page.hpp"

#include <QPainter>

#include "app/core/grid_painter.hpp"
#include "app/core/lesson_controller.hpp"

namespace cs::gui {

TransposeComparePage::TransposeComparePage(core::LessonController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setMinimumSize(400, 300);
    connect(controller_, &core::LessonController::lesson_changed, this,
            &TransposeComparePage::recompute);
    recompute();
}

void TransposeComparePage::set_theme(const core::Theme& theme) {
    theme_ = theme;
    update();
}

void TransposeComparePage::recompute() {
    error_.clear();
    results_.clear();
    const core::Lesson& lesson = controller_->lesson();
    try {
        results_ = core::compare_transpose(lesson.input, lesson.weight);
    } catch (const std::exception& e) {
        error_ = QString::fromUtf8(e.what());
    }
    update();
}

void TransposeComparePage::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), theme_.background);
    if (results_.empty()) {
        painter.setPen(theme_.text);
        painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignLeft | Qt::TextWordWrap,
                         tr("This page needs a 3×3 input and a 3×3 kernel: %1").arg(error_));
        return;
    }
    // Three rows (convolutions, transposed convolutions, upsamplings), two cases each:
    // input → output with the size formula underneath.
    const QStringList rows = {tr("Two input sizes, one output size"),
                              tr("Back up: output_padding picks 5×5 or 6×6"),
                              tr("Upsampling the same 3×3, for comparison")};
    const double row_h = height() / 3.0;
    const double cell =
        std::clamp(std::min(row_h / 10.5, width() / 34.0), 6.0, 40.0 * theme_.font_scale);
    QFont font;
    font.setPixelSize(static_cast<int>(13 * theme_.font_scale));
    for (int row = 0; row < 3; ++row) {
        const double top = row * row_h + 6;
        painter.setFont(font);
        painter.setPen(theme_.muted_text);
        painter.drawText(QPointF(10, top + 12), rows[row]);
        for (int k = 0; k < 2; ++k) {
            const core::ComparedOp& op = results_[static_cast<size_t>(row * 2 + k)];
            double x = 10 + k * width() / 2.0;
            core::GridStyle style;
            style.cell = cell;
            painter.setFont(font);
            painter.setPen(theme_.text);
            painter.drawText(QPointF(x, top + 34), op.title);
            style.title = QString("%1×%2").arg(op.input.size(2)).arg(op.input.size(3));
            const QPointF origin(x, top + 40);
            core::draw_grid(painter, origin, op.input, 0, style, theme_);
            x += op.input.size(3) * cell + cell;
            painter.setFont(font);
            painter.setPen(theme_.text);
            painter.drawText(QPointF(x, origin.y() + 3 * cell), "→");
            x += cell * 1.5;
            style.title = QString("%1×%2").arg(op.output.size(2)).arg(op.output.size(3));
            core::draw_grid(painter, {x, origin.y()}, op.output, 0, style, theme_);
            painter.setFont(font);
            painter.setPen(theme_.muted_text);
            painter.drawText(
                QPointF(origin.x(),
                        origin.y() + std::max(op.input.size(2), op.output.size(2)) * cell + 36),
                op.formula);
        }
    }
}

}  // namespace cs::gui
