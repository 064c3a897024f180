#include "app/gui/transpose_compare_page.hpp"

#include <QFontMetricsF>
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
    // Each row stacks its caption, the op's name, the grids with their titles (6 rows at
    // most) and the formula, measured with the fonts they are drawn in, so the formula never
    // runs over the grids, however large presenter mode makes the text.
    QFont font;
    font.setPixelSize(static_cast<int>(13 * theme_.font_scale));
    const double line = QFontMetricsF(font).height();
    const double grid_title = core::grid_size(0, 0, 1, theme_).height();
    const double row_h = height() / 3.0;
    const double cell = std::clamp(
        std::min((row_h - 3 * line - grid_title - 12) / 6.0, (width() / 2.0 - 30) / 14.5), 6.0,
        40.0 * theme_.font_scale);
    const double half = width() / 2.0 - 20;
    for (int row = 0; row < 3; ++row) {
        const double top = row * row_h + 4;
        painter.setFont(font);
        painter.setPen(theme_.muted_text);
        painter.drawText(QRectF(10, top, width() - 20, line), Qt::AlignLeft | Qt::AlignVCenter,
                         rows[row]);
        for (int k = 0; k < 2; ++k) {
            const core::ComparedOp& op = results_[static_cast<size_t>(row * 2 + k)];
            double x = 10 + k * width() / 2.0;
            core::GridStyle style;
            style.cell = cell;
            painter.setFont(font);
            painter.setPen(theme_.text);
            painter.drawText(QRectF(x, top + line, half, line), Qt::AlignLeft | Qt::AlignVCenter,
                             op.title);
            style.title = QString("%1×%2").arg(op.input.size(2)).arg(op.input.size(3));
            const QPointF origin(x, top + 2 * line + 4);
            core::draw_grid(painter, origin, op.input, 0, style, theme_);
            x += op.input.size(3) * cell;
            painter.setFont(font);
            painter.setPen(theme_.text);
            painter.drawText(
                QRectF(x, origin.y() + grid_title, cell * 2.5, op.input.size(2) * cell),
                Qt::AlignCenter, "→");
            x += cell * 2.5;
            style.title = QString("%1×%2").arg(op.output.size(2)).arg(op.output.size(3));
            core::draw_grid(painter, {x, origin.y()}, op.output, 0, style, theme_);
            painter.setFont(font);
            painter.setPen(theme_.muted_text);
            const double below =
                origin.y() + grid_title + std::max(op.input.size(2), op.output.size(2)) * cell + 4;
            painter.drawText(QRectF(origin.x(), below, half, line),
                             Qt::AlignLeft | Qt::AlignVCenter, op.formula);
        }
    }
}

}  // namespace cs::gui
