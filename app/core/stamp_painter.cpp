#include "app/core/stamp_painter.hpp"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QStringList>

#include <algorithm>

#include "app/core/grid_painter.hpp"
#include "app/core/window_geometry.hpp"

namespace cs::core {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("FramePainter", text);
}

QFont text_font(double pixels, const Theme& theme, bool bold = false) {
    QFont font;
    font.setPixelSize(std::max(8, static_cast<int>(pixels * theme.font_scale)));
    font.setBold(bold);
    return font;
}

// A number inside a sum or product: negative ones in parentheses.
QString factor(double v) {
    const QString text = format_value(v);
    return v < 0 ? "(" + text + ")" : text;
}

// The marks of the output channel shown: the first channel the stamp lands on.
std::vector<const ScatterMark*> shown_marks(const ScatterStamp& stamp) {
    std::vector<const ScatterMark*> marks;
    for (const ScatterMark& m : stamp.marks) {
        if (m.at[1] == stamp.marks.front().at[1]) {
            marks.push_back(&m);
        }
    }
    return marks;
}

// An operator between two grids ("×", "=", "→"), shrunk until it fits its gap.
void draw_operator(QPainter& painter, const QRectF& gap, const QString& text, double cell,
                   const Theme& theme) {
    QFont font = text_font(cell * 0.5 / theme.font_scale, theme, true);
    while (font.pixelSize() > 8 &&
           QFontMetricsF(font).horizontalAdvance(text) > gap.width() * 0.9) {
        font.setPixelSize(font.pixelSize() - 1);
    }
    painter.setFont(font);
    painter.setPen(theme.muted_text);
    painter.drawText(gap, Qt::AlignCenter, text);
}

}  // namespace

QString stamp_text(const FrameState& state) {
    if (!state.stamp || state.stamp->marks.empty()) {
        return {};
    }
    const ScatterStamp& s = *state.stamp;
    const int64_t channels = state.call.input.dim() == 4 ? state.call.input.size(1) : 1;
    const QString from = channels > 1
                             ? QString("x[%1, %2, %3]").arg(s.from[1]).arg(s.from[2]).arg(s.from[3])
                             : QString("x[%1, %2]").arg(s.from[2]).arg(s.from[3]);
    QStringList lines;
    lines << tr("Stamp %1 of %2: %3 = %4 adds %4 × K onto the output")
                 .arg(s.index + 1)
                 .arg(state.call.input.numel())
                 .arg(from, format_value(s.value));
    QStringList sums;
    int64_t cut = 0;
    const Tensor& before = state.stamped_before;
    const Tensor& after = state.stamped_after;
    for (const ScatterMark* m : shown_marks(s)) {
        if (!m->landed) {
            ++cut;
            continue;
        }
        const auto [n, c, y, x] = m->at;
        sums << QString("y[%1, %2]: %3 + %4×%5 = %6")
                    .arg(y)
                    .arg(x)
                    .arg(format_value(before(n, c, y, x)), factor(s.value), factor(m->weight),
                         format_value(after(n, c, y, x)));
    }
    lines << sums.join("    ");
    if (cut > 0) {
        lines << tr("%1 of the stamp's cells fall outside the output: the padding cuts them away.")
                     .arg(cut);
    }
    if (s.index + 1 == state.call.input.numel()) {
        lines << tr(
            "Every input cell has stamped: the running sums are the output of "
            "conv_transpose2d.");
    }
    return lines.join("\n");
}

void paint_stamp(QPainter& painter, const QRectF& content, const FrameState& state,
                 const Theme& theme, FrameLayout& layout) {
    const ScatterStamp& stamp = *state.stamp;
    const Tensor input = as_planes(state.call.input);
    const Tensor& sums = state.stamped_after;
    if (input.dim() != 4 || sums.dim() != 4 || stamp.marks.empty()) {
        return;
    }
    const double margin = 12 * theme.font_scale;
    const int64_t H = input.size(2), W = input.size(3);
    const int64_t OH = sums.size(2), OW = sums.size(3);
    const std::vector<const ScatterMark*> marks = shown_marks(stamp);
    int64_t KH = 0, KW = 0;
    for (const ScatterMark* m : marks) {
        KH = std::max(KH, m->kernel[0] + 1);
        KW = std::max(KW, m->kernel[1] + 1);
    }
    const int64_t out_channel = marks.front()->at[1];
    const int64_t n = stamp.from[0];

    // The kernel and the stamp as small tensors, from the engine's marks.
    Tensor kernel({1, 1, KH, KW});
    Tensor products({1, 1, KH, KW});
    std::vector<char> landed(static_cast<size_t>(KH * KW), 0);
    for (const ScatterMark* m : marks) {
        kernel(0, 0, m->kernel[0], m->kernel[1]) = m->weight;
        products(0, 0, m->kernel[0], m->kernel[1]) = m->product;
        landed[static_cast<size_t>(m->kernel[0] * KW + m->kernel[1])] = m->landed ? 1 : 0;
    }

    // Arithmetic panel at the bottom, as in paint_frame.
    const double panel_h = std::max(70.0 * theme.font_scale, content.height() * 0.24);
    const QRectF panel(content.left(), content.bottom() - panel_h, content.width(), panel_h);
    QRectF grids = content;
    grids.setBottom(panel.top() - margin * 0.5);

    // Input, ×, kernel, =, stamp, →, output: four grids and three gaps in one row.
    const double gap_cells = 1.6;
    const double width_cells = W + KW + KW + OW + 3 * gap_cells;
    const double title_h = grid_size(0, 0, 1, theme).height();
    const int64_t rows = std::max({H, KH, OH});
    const double cell =
        std::clamp(std::min(grids.width() / width_cells, (grids.height() - title_h) / rows), 4.0,
                   72.0 * theme.font_scale);
    const double used_w = width_cells * cell;
    double x = grids.left() + (grids.width() - used_w) / 2;
    const double band_top = grids.top() + (grids.height() - (rows * cell + title_h)) / 2;
    const auto top_of = [&](int64_t grid_rows) { return band_top + (rows - grid_rows) * cell / 2; };
    GridStyle style;
    style.cell = cell;
    style.show_values = state.show_values;
    style.colormap = state.colormap;
    style.normalization = state.normalization;
    if (state.show_values && cell >= 16) {
        style.digit_px =
            fitted_digit_px(cell, std::max({widest_number(input), widest_number(kernel),
                                            widest_number(products), widest_number(sums)}));
        layout.digit_px = style.digit_px;
    }

    // The input: the stamping cell framed, the cells that stamped before it shaded.
    const int64_t plane = n * input.size(1) + stamp.from[1];
    style.title = input.size(1) > 1 ? tr("input X, channel %1").arg(stamp.from[1]) : tr("input X");
    style.highlight.assign(static_cast<size_t>(H * W), 0);
    style.highlight[static_cast<size_t>(stamp.from[2] * W + stamp.from[3])] = 1;
    const std::vector<QRectF> in_rects =
        draw_grid(painter, {x, top_of(H)}, input, plane, style, theme);
    QColor done = theme.window;
    done.setAlpha(45);
    const int64_t first_of_plane = plane * H * W;
    for (int64_t i = 0; i < H * W; ++i) {
        if (first_of_plane + i < stamp.index) {
            painter.fillRect(in_rects[static_cast<size_t>(i)], done);
        }
        layout.input_cells.push_back(
            {in_rects[static_cast<size_t>(i)], stamp.from[1], i / W, i % W});
    }
    x += W * cell;
    const double grid_mid = top_of(rows) + title_h;
    const auto gap_rect = [&](double left) {
        return QRectF(left, grid_mid, gap_cells * cell, rows * cell);
    };
    draw_operator(painter, gap_rect(x), QString("%1 ×").arg(factor(stamp.value)), cell, theme);
    x += gap_cells * cell;

    // The kernel, then the stamp: value × kernel, framed where it lands on the output.
    style.highlight.clear();
    style.title = tr("kernel K");
    const std::vector<QRectF> k_rects =
        draw_grid(painter, {x, top_of(KH)}, kernel, 0, style, theme);
    for (int64_t i = 0; i < KH * KW; ++i) {
        layout.kernel_cells.push_back(
            {k_rects[static_cast<size_t>(i)], stamp.from[1], i / KW, i % KW});
    }
    x += KW * cell;
    draw_operator(painter, gap_rect(x), "=", cell, theme);
    x += gap_cells * cell;
    style.title = QString("%1 × K").arg(factor(stamp.value));
    style.highlight = landed;
    style.muted.clear();
    draw_grid(painter, {x, top_of(KH)}, products, 0, style, theme);
    x += KW * cell;
    draw_operator(painter, gap_rect(x), "→", cell, theme);
    x += gap_cells * cell;

    // The output's running sums: cells no stamp has reached yet are empty.
    const int64_t out_plane = n * sums.size(1) + out_channel;
    style.title = sums.size(1) > 1 ? tr("running sums, output channel %1").arg(out_channel)
                                   : tr("running sums Y");
    style.highlight.assign(static_cast<size_t>(OH * OW), 0);
    for (const ScatterMark* m : marks) {
        if (m->landed) {
            style.highlight[static_cast<size_t>(m->at[2] * OW + m->at[3])] = 1;
        }
    }
    style.muted.assign(static_cast<size_t>(OH * OW), 1);
    for (int64_t i = 0; i < OH * OW; ++i) {
        const size_t flat = static_cast<size_t>(out_plane * OH * OW + i);
        style.muted[static_cast<size_t>(i)] =
            flat < state.stamped_cells.size() && state.stamped_cells[flat] ? 0 : 1;
    }
    const std::vector<QRectF> out_rects =
        draw_grid(painter, {x, top_of(OH)}, sums, out_plane, style, theme);
    for (int64_t i = 0; i < OH * OW; ++i) {
        layout.output_cells.push_back(
            {out_rects[static_cast<size_t>(i)], out_channel, i / OW, i % OW});
    }

    // The arithmetic panel.
    painter.fillRect(panel, theme.panel_fill);
    painter.setPen(QPen(theme.grid_line, 1));
    painter.drawRect(panel);
    const QRectF text_rect =
        panel.adjusted(margin * 0.7, margin * 0.5, -margin * 0.7, -margin * 0.5);
    const QString text = stamp_text(state);
    const QString first = text.section('\n', 0, 0);
    const QString rest = text.section('\n', 1);
    QFont head = text_font(13, theme, true);
    while (head.pixelSize() > 8 &&
           QFontMetricsF(head).horizontalAdvance(first) > text_rect.width()) {
        head.setPixelSize(head.pixelSize() - 1);
    }
    painter.setFont(head);
    painter.setPen(theme.text);
    painter.drawText(text_rect, Qt::AlignLeft | Qt::AlignTop, first);
    layout.text_boxes.push_back(
        QRectF(text_rect.topLeft(),
               QSizeF(QFontMetricsF(head).horizontalAdvance(first), QFontMetricsF(head).height())));
    QFont body = text_font(13, theme);
    const QRectF body_rect = text_rect.adjusted(0, QFontMetricsF(head).height() + 2, 0, 0);
    for (int i = 0; i < 6; ++i) {  // shrink until it fits: a 5×5 kernel lands on 25 cells
        const QRectF needed = QFontMetricsF(body).boundingRect(
            body_rect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, rest);
        if (needed.height() <= body_rect.height() || body.pixelSize() <= 8) {
            break;
        }
        body.setPixelSize(std::max(8, static_cast<int>(body.pixelSize() * 0.85)));
    }
    painter.setFont(body);
    painter.drawText(body_rect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, rest);
    if (!rest.isEmpty()) {
        layout.text_boxes.push_back(QFontMetricsF(body).boundingRect(
            body_rect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, rest));
    }
}

}  // namespace cs::core
