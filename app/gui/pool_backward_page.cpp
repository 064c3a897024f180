#include "app/gui/pool_backward_page.hpp"

#include <QFontMetricsF>
#include <QMouseEvent>
#include <QPainter>

#include <array>

#include "app/core/frame_painter.hpp"
#include "app/core/grid_painter.hpp"
#include "app/core/lesson_controller.hpp"

namespace cs::gui {

PoolBackwardPage::PoolBackwardPage(core::LessonController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setMinimumSize(400, 300);
    connect(controller_, &core::LessonController::lesson_changed, this,
            &PoolBackwardPage::recompute);
    // The play bar walks the pooled outputs: each step shows where one output's gradient goes.
    connect(controller_, &core::LessonController::step_changed, this,
            &PoolBackwardPage::follow_step);
    recompute();
}

void PoolBackwardPage::follow_step() {
    if (!result_ || !controller_->valid() || controller_->total_steps() == 0) {
        return;
    }
    const Index4 at = controller_->step_position(controller_->step());
    const int64_t cols = result_->output.size(3);
    const int64_t index = at[2] * cols + at[3];
    if (index >= 0 && index < result_->output.size(2) * cols && index != selected_) {
        selected_ = index;
        update();
    }
}

void PoolBackwardPage::set_theme(const core::Theme& theme) {
    theme_ = theme;
    update();
}

void PoolBackwardPage::recompute() {
    error_.clear();
    result_.reset();
    const OpCall& call = controller_->animation_call();
    if (core::shows_pool_backward(call.op)) {
        try {
            result_ = core::pool_backward(call);
            selected_ = std::clamp<int64_t>(selected_, 0,
                                            result_->output.size(2) * result_->output.size(3) - 1);
            follow_step();
        } catch (const std::exception& e) {
            error_ = QString::fromUtf8(e.what());
        }
    } else {
        error_ = tr("This page shows max or average pooling.");
    }
    update();
}

void PoolBackwardPage::select_output(int64_t index) {
    selected_ = index;
    update();
    // The play bar shows the same output: its step is the output's (batch 0, channel 0).
    if (result_ && controller_->valid()) {
        const int64_t cols = result_->output.size(3);
        const auto grid = trace_grid(controller_->animation_call());
        if (cols > 0 && index / cols < grid[2] && index % cols < grid[3]) {
            controller_->set_step(step_index({0, 0, index / cols, index % cols}, grid));
        }
    }
}

QString PoolBackwardPage::explanation() const {
    if (!result_) {
        return error_;
    }
    const int64_t cols = result_->output.size(3);
    const float g = result_->grad_output.data()[selected_];
    QStringList parts;
    const std::vector<char> fed = core::cells_fed_by(*result_, selected_);
    const int64_t in_cols = result_->grad_input.size(3);
    for (size_t i = 0; i < fed.size(); ++i) {
        if (!fed[i]) {
            continue;
        }
        for (const GradRoute& route : result_->routes[i].routes) {
            if (route.output[2] * cols + route.output[3] == selected_) {
                parts << tr("(%1, %2) receives %3 × %4 = %5")
                             .arg(static_cast<int64_t>(i) / in_cols)
                             .arg(static_cast<int64_t>(i) % in_cols)
                             .arg(core::format_value(route.factor), core::format_value(g),
                                  core::format_value(route.contribution()));
            }
        }
    }
    const QString rule =
        op_handler(controller_->lesson().op).reduce == WindowReduce::max
            ? tr("Max pooling sends the whole gradient to the cell that won the window.")
            : tr("Average pooling spreads the gradient evenly: each cell of the window gets "
                 "gradient / divisor.");
    return tr("Gradient %1 of output (%2, %3): ")
               .arg(core::format_value(g))
               .arg(selected_ / cols)
               .arg(selected_ % cols) +
           parts.join("; ") + "\n" + rule;
}

void PoolBackwardPage::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), theme_.background);
    if (!result_) {
        painter.setPen(theme_.text);
        painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignLeft | Qt::TextWordWrap,
                         error_);
        return;
    }
    const Tensor& input = controller_->animation_call().input;
    const int64_t in_rows = input.size(2);
    const int64_t in_cols = input.size(3);
    const int64_t out_rows = result_->output.size(2);
    const int64_t out_cols = result_->output.size(3);
    // Two rows of grids: X, Y, dL/dY, dL/dX; then the shifted X and its Y. Each grid takes
    // the width of its title when that is wider, so no heading is cut short.
    const double text_h = 90 * theme_.font_scale;
    const double total_cols = 2.0 * in_cols + 2.0 * out_cols + 6;
    const double total_rows = 2.0 * std::max(in_rows, out_rows) + 4;
    double cell = std::clamp(std::min(width() / total_cols, (height() - text_h) / total_rows), 8.0,
                             60.0 * theme_.font_scale);
    QFont title_font;
    title_font.setPixelSize(static_cast<int>(13 * theme_.font_scale));
    title_font.setBold(true);
    const QFontMetricsF title_metrics(title_font);
    const QStringList titles = {tr("input X"),
                                tr("pooled Y"),
                                tr("upstream gradient ∂L/∂Y"),
                                tr("∂L/∂X"),
                                tr("X shifted one pixel right"),
                                tr("its pooled Y (framed: unchanged)")};
    const std::array<int64_t, 6> cols = {in_cols, out_cols, out_cols, in_cols, in_cols, out_cols};
    const auto span = [&](int i, double c) {
        return std::max(cols[static_cast<size_t>(i)] * c,
                        title_metrics.horizontalAdvance(titles[i]) + 6);
    };
    const auto row_width = [&](double c) {
        const double gap = c * 1.2;
        return std::max(gap + span(0, c) + span(1, c) + span(2, c) + span(3, c) + 4 * gap,
                        gap + span(4, c) + span(5, c) + 2 * gap);
    };
    while (cell > 8.0 && row_width(cell) > width()) {
        cell = std::max(8.0, cell * 0.95);
    }
    const double gap = cell * 1.2;
    const std::vector<char> fed = core::cells_fed_by(*result_, selected_);
    std::vector<char> selected(static_cast<size_t>(out_rows * out_cols), 0);
    selected[static_cast<size_t>(selected_)] = 2;

    core::GridStyle style;
    style.cell = cell;
    double x = gap;
    const double y0 = gap * 0.5;
    style.title = titles[0];
    style.title_width = span(0, cell);
    style.highlight = fed;
    core::draw_grid(painter, {x, y0}, input, 0, style, theme_);
    x += span(0, cell) + gap;
    style.title = titles[1];
    style.title_width = span(1, cell);
    style.highlight = selected;
    output_rects_ = core::draw_grid(painter, {x, y0}, result_->output, 0, style, theme_);
    x += span(1, cell) + gap;
    style.title = titles[2];
    style.title_width = span(2, cell);
    gradient_rects_ = core::draw_grid(painter, {x, y0}, result_->grad_output, 0, style, theme_);
    x += span(2, cell) + gap;
    style.title = titles[3];
    style.title_width = span(3, cell);
    style.highlight = fed;
    core::draw_grid(painter, {x, y0}, result_->grad_input, 0, style, theme_);

    // The translation demo: outputs that did not change after the shift are drawn plain.
    const double y1 =
        y0 + core::grid_size(std::max(in_rows, out_rows), 1, cell, theme_).height() + gap;
    style.highlight.clear();
    style.title = titles[4];
    style.title_width = span(4, cell);
    core::draw_grid(painter, {gap, y1}, result_->shifted_input, 0, style, theme_);
    style.title = titles[5];
    style.title_width = span(5, cell);
    style.highlight.assign(result_->unchanged.begin(), result_->unchanged.end());
    core::draw_grid(painter, {gap * 2 + span(4, cell), y1}, result_->shifted_output, 0, style,
                    theme_);
    int unchanged = 0;
    for (char u : result_->unchanged) {
        unchanged += u;
    }
    QFont font;
    font.setPixelSize(static_cast<int>(13 * theme_.font_scale));
    painter.setFont(font);
    painter.setPen(theme_.text);
    const double text_top =
        y1 + core::grid_size(std::max(in_rows, out_rows), 1, cell, theme_).height() + gap * 0.5;
    painter.drawText(
        QRectF(gap, text_top, width() - 2 * gap, height() - text_top),
        Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
        explanation() + "\n" +
            tr("After a one-pixel shift, %1 of %2 pooled values stay the same: pooling "
               "makes the map a little insensitive to small translations.")
                .arg(unchanged)
                .arg(result_->unchanged.size()));
}

void PoolBackwardPage::mousePressEvent(QMouseEvent* event) {
    for (const auto* rects : {&output_rects_, &gradient_rects_}) {
        for (size_t i = 0; i < rects->size(); ++i) {
            if ((*rects)[i].contains(event->position())) {
                select_output(static_cast<int64_t>(i));
                return;
            }
        }
    }
}

}  // namespace cs::gui
