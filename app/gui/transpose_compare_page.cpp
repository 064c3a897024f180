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
    // Three groups (convolutions, transposed convolutions, upsamplings), two cases each:
    // input → output with the size formula underneath. The groups are rows, or columns when
    // that gives larger cells (a projector's 1280×800 in presenter mode).
    const QStringList groups = {tr("Two input sizes, one output size"),
                                tr("Back up: output_padding picks 5×5 or 6×6"),
                                tr("Upsampling the same 3×3, for comparison")};
    // Each case stacks the op's name, the grids with their titles and the formula, measured
    // with the fonts they are drawn in, so the formula never runs over the grids, however
    // large presenter mode makes the text.
    QFont font;
    font.setPixelSize(static_cast<int>(13 * theme_.font_scale));
    const double line = QFontMetricsF(font).height();
    const double grid_title = core::grid_size(0, 0, 1, theme_).height();
    const double arrow_cells = 1.6;
    double case_cols = 0;  // widest case in cells: input, arrow, output
    int64_t case_rows = 0;
    for (const core::ComparedOp& op : results_) {
        case_cols = std::max(case_cols, op.input.size(3) + arrow_cells + op.output.size(3));
        case_rows = std::max({case_rows, op.input.size(2), op.output.size(2)});
    }
    const double margin = 10;
    const double w = width() - 2 * margin;
    const double h = height() - 8;
    const double case_text = 2 * line + grid_title + 8;  // name, grid titles, formula
    // Rows: a group's caption above its two cases side by side.
    const double rows_cell =
        std::min((h / 3 - line - case_text) / case_rows, (w / 2 - 20) / case_cols);
    // Columns: a group's caption above its two cases one under the other.
    const double columns_cell =
        std::min(((h - line) / 2 - case_text) / case_rows, (w / 3 - 20) / case_cols);
    const bool columns = columns_cell > rows_cell;
    const double cell =
        std::clamp(std::max(rows_cell, columns_cell), 6.0, 60.0 * theme_.font_scale);
    const double group_w = columns ? w / 3 : w;
    const double case_w = columns ? group_w - 20 : w / 2 - 20;
    // Text smaller when wider than its room, never clipped.
    const auto fitted = [&](const QString& text, double room) {
        QFont f = font;
        while (f.pixelSize() > 8 && QFontMetricsF(f).horizontalAdvance(text) > room) {
            f.setPixelSize(f.pixelSize() - 1);
        }
        return f;
    };
    for (int group = 0; group < 3; ++group) {
        const double left = margin + (columns ? group * group_w : 0);
        const double top = 4 + (columns ? 0 : group * h / 3);
        painter.setFont(fitted(groups[group], group_w - 10));
        painter.setPen(theme_.muted_text);
        painter.drawText(QRectF(left, top, group_w - 10, line), Qt::AlignLeft | Qt::AlignVCenter,
                         groups[group]);
        for (int k = 0; k < 2; ++k) {
            const core::ComparedOp& op = results_[static_cast<size_t>(group * 2 + k)];
            double x = left + (columns ? 0 : k * w / 2);
            const double case_top = top + line + (columns ? k * (h - line) / 2 : 0);
            core::GridStyle style;
            style.cell = cell;
            // Each grid's digits as large as its longest number allows.
            style.digit_px = core::fitted_digit_px(cell, core::widest_number(op.input));
            painter.setFont(fitted(op.title, case_w));
            painter.setPen(theme_.text);
            painter.drawText(QRectF(x, case_top, case_w, line), Qt::AlignLeft | Qt::AlignVCenter,
                             op.title);
            style.title = QString("%1×%2").arg(op.input.size(2)).arg(op.input.size(3));
            const QPointF origin(x, case_top + line + 4);
            core::draw_grid(painter, origin, op.input, 0, style, theme_);
            x += op.input.size(3) * cell;
            painter.setFont(font);
            painter.setPen(theme_.text);
            painter.drawText(
                QRectF(x, origin.y() + grid_title, cell * arrow_cells, op.input.size(2) * cell),
                Qt::AlignCenter, "→");
            x += cell * arrow_cells;
            style.title = QString("%1×%2").arg(op.output.size(2)).arg(op.output.size(3));
            style.digit_px = core::fitted_digit_px(cell, core::widest_number(op.output));
            core::draw_grid(painter, {x, origin.y()}, op.output, 0, style, theme_);
            painter.setFont(fitted(op.formula, case_w));
            painter.setPen(theme_.muted_text);
            const double below =
                origin.y() + grid_title + std::max(op.input.size(2), op.output.size(2)) * cell + 4;
            painter.drawText(QRectF(origin.x(), below, case_w, line),
                             Qt::AlignLeft | Qt::AlignVCenter, op.formula);
        }
    }
}

}  // namespace cs::gui
