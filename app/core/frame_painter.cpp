#include "app/core/frame_painter.hpp"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QHash>
#include <QStaticText>

#include <QStringList>
#include <array>

#include <algorithm>
#include <cmath>

#include "app/core/grid_painter.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/stamp_painter.hpp"
#include "engine/error.hpp"

namespace cs::core {
namespace {

// Cell numbers are drawn thousands of times a second during playback; laying out the same
// short strings again each frame is most of a frame's cost, so their layouts are cached.
void draw_centred(QPainter& painter, const QRectF& rect, const QString& text) {
    thread_local QHash<QString, QStaticText> cache;
    thread_local QFont cached_font;
    if (!(painter.font() == cached_font) || cache.size() > 4096) {
        cache.clear();
        cached_font = painter.font();
    }
    auto it = cache.find(text);
    if (it == cache.end()) {
        QStaticText laid_out(text);
        laid_out.setTextFormat(Qt::PlainText);
        laid_out.prepare(QTransform(), painter.font());
        it = cache.insert(text, laid_out);
    }
    const QSizeF size = it->size();
    painter.drawStaticText(
        QPointF(rect.center().x() - size.width() / 2, rect.center().y() - size.height() / 2), *it);
}

// What the cell colours of a transposed convolution's expanded grid mean.
void draw_grid_legend(QPainter& painter, const QPointF& at, const Theme& theme) {
    const std::array<std::pair<QColor, QString>, 4> entries = {{
        {theme.panel_fill, QCoreApplication::translate("FramePainter", "input")},
        {theme.inserted_fill, QCoreApplication::translate("FramePainter", "inserted zero")},
        {theme.padding_fill, QCoreApplication::translate("FramePainter", "border")},
        {theme.output_padding_fill, QCoreApplication::translate("FramePainter", "output_padding")},
    }};
    QFont font;
    font.setPixelSize(std::max(8, static_cast<int>(12 * theme.font_scale)));
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const double box = metrics.height() * 0.8;
    double x = at.x();
    for (const auto& [colour, name] : entries) {
        const QRectF swatch(x, at.y(), box, box);
        painter.fillRect(swatch, colour);
        painter.setPen(QPen(theme.grid_line, 1));
        painter.drawRect(swatch);
        painter.setPen(theme.text);
        painter.drawText(QPointF(x + box * 1.4, at.y() + box * 0.9), name);
        x += box * 2.4 + metrics.horizontalAdvance(name);
    }
}

// The op's description, or nullptr for a name the engine does not know.
const OpHandler* description_of(const std::string& op) {
    try {
        return &op_handler(op);
    } catch (const Error&) {
        return nullptr;
    }
}

bool is_pooling(const std::string& op) {
    const OpHandler* h = description_of(op);
    return h && h->family == OpFamily::pooling;
}

WindowReduce reduce_of(const std::string& op) {
    const OpHandler* h = description_of(op);
    return h ? h->reduce : WindowReduce::none;
}

// A light tint of the value's colour, so that black numbers stay readable on top.
QColor cell_colour(float value, const std::array<float, 2>& range, Colormap colormap,
                   bool show_values, const Theme& theme) {
    const float t = (value - range[0]) / (range[1] - range[0]);
    const Rgb rgb = colormap_rgb(colormap, t);
    const QColor full(rgb[0], rgb[1], rgb[2]);
    if (!show_values) {
        return full;
    }
    const double keep = 0.45;
    return QColor::fromRgbF(full.redF() * keep + theme.panel_fill.redF() * (1 - keep),
                            full.greenF() * keep + theme.panel_fill.greenF() * (1 - keep),
                            full.blueF() * keep + theme.panel_fill.blueF() * (1 - keep));
}

QFont text_font(double pixels, const Theme& theme, bool bold = false) {
    QFont font;
    font.setPixelSize(std::max(8, static_cast<int>(pixels * theme.font_scale)));
    font.setBold(bold);
    return font;
}

std::array<float, 2> value_range(const Tensor& t, const Normalization& normalization) {
    return normalization_range(t.data(), t.numel(), normalization);
}

struct Grid {
    QPointF origin;
    double cell = 10;
    double width = 0;  // of a cell, when wider than high (0: square cells)
    QRectF rect(int64_t row, int64_t col) const {
        const double w = width > 0 ? width : cell;
        return {origin.x() + col * w, origin.y() + row * cell, w, cell};
    }
};

// Output elements already computed before `step` are drawn; later ones are blank.
bool output_done(int64_t flat, int64_t step) {
    return flat <= step;
}

// lp_pool2d's power as a superscript: "²", "³"; "^1.5" when it is not a whole number.
QString power_text(double p) {
    static const QString digits = QString::fromUtf8("⁰¹²³⁴⁵⁶⁷⁸⁹");
    if (p != std::round(p) || std::abs(p) > 99) {
        return "^" + format_value(p);
    }
    QString text;
    for (const QChar c : QString::number(static_cast<int>(std::abs(p)))) {
        text += digits[c.digitValue()];
    }
    return (p < 0 ? QString::fromUtf8("⁻") : QString()) + text;
}

// A number inside a sum or product: negative ones in parentheses, with a real minus sign.
QString factor(double v) {
    const QString text = format_value(v);
    return v < 0 ? "(" + text + ")" : text;
}

}  // namespace

QString arithmetic_text(const Step& s, double norm_type) {
    const bool pooling = is_pooling(s.op);
    const WindowReduce reduce = reduce_of(s.op);
    QStringList lines;
    if (pooling && reduce == WindowReduce::max) {
        QStringList values;
        for (const Tap& t : s.taps) {
            if (t.kind == TapKind::input) {
                values << format_value(t.value);
            }
        }
        lines << QString("max(%1) = %2").arg(values.join(", "), format_value(s.output));
        return lines.join("\n");
    }
    if (pooling && reduce == WindowReduce::mean) {
        QStringList values;
        for (const Tap& t : s.taps) {
            values << format_value(t.value);
        }
        lines << QString("(%1) / %2 = %3")
                     .arg(values.join(" + "), format_value(s.divisor.value_or(1)),
                          format_value(s.output));
        return lines.join("\n");
    }
    if (pooling && reduce == WindowReduce::power_mean) {
        // Every value to the power p, their sum, its p-th root: 1² + 3² = 1 + 9 = 10 → √10.
        QStringList terms;
        QStringList powers;
        for (const Tap& t : s.taps) {
            if (t.kind == TapKind::input) {
                terms << factor(t.value) + power_text(norm_type);
                powers << format_value(std::pow(static_cast<double>(t.value), norm_type));
            }
        }
        const QString root =
            norm_type == 2.0
                ? "√" + format_value(s.sum)
                : QString("%1^(1/%2)").arg(format_value(s.sum), format_value(norm_type));
        lines << QString("%1 = %2 = %3  →  %4 = %5")
                     .arg(terms.join(" + "), powers.join(" + "), format_value(s.sum), root,
                          format_value(s.output));
        return lines.join("\n");
    }
    if (pooling) {
        return {};
    }
    // Convolution-like: products grouped by input channel, then the channel sums and the bias.
    std::map<int64_t, QStringList> terms;
    for (const Tap& t : s.taps) {
        if (t.weight) {
            terms[t.kernel[0]] << QString("%1×%2").arg(factor(*t.weight), factor(t.value));
        } else {
            terms[t.kernel[0]] << format_value(t.value);
        }
    }
    const bool several = terms.size() > 1;
    QStringList sums;
    for (const auto& [channel, list] : terms) {
        const double channel_sum =
            static_cast<size_t>(channel) < s.channel_sums.size() ? s.channel_sums[channel] : s.sum;
        if (several) {
            lines << QCoreApplication::translate("FramePainter", "channel %1: %2 = %3")
                         .arg(channel)
                         .arg(list.join(" + "), format_value(channel_sum));
            sums << format_value(channel_sum);
        } else {
            lines << QString("%1 = %2").arg(list.join(" + "), format_value(s.sum));
        }
    }
    if (several || s.bias) {
        QString total = several ? sums.join(" + ") : format_value(s.sum);
        if (s.bias) {
            total += QString(" + %1 (%2)")
                         .arg(factor(*s.bias), QCoreApplication::translate("FramePainter", "bias"));
        }
        lines << QString("%1 = %2").arg(total, format_value(s.output));
    }
    return lines.join("\n");
}

QString format_value(double v) {
    if (std::isnan(v)) {
        return "nan";
    }
    if (std::isinf(v)) {
        return v > 0 ? "∞" : "−∞";
    }
    if (v == std::round(v) && std::abs(v) < 1e7) {
        return v < 0 ? "−" + QString::number(static_cast<long long>(-v))
                     : QString::number(static_cast<long long>(v));
    }
    QString text = QString::number(v, 'f', std::abs(v) >= 100 ? 1 : 3);
    while (text.endsWith('0')) {
        text.chop(1);
    }
    if (text.endsWith('.')) {
        text.chop(1);
    }
    if (text == "-0") {
        return "0";
    }
    return text.startsWith('-') ? "−" + text.mid(1) : text;
}

QString formula_text(const ShapeInfo& info, const QString& separator) {
    QStringList parts;
    const bool two_d = info.formulas.size() == 2;
    for (size_t i = 0; i < info.formulas.size(); ++i) {
        const QString f = shape_formula_text(info.formulas[i]);  // "relu keeps the shape…"
        parts << (two_d ? (i == 0 ? QCoreApplication::translate("FramePainter", "height: %1")
                                  : QCoreApplication::translate("FramePainter", "width: %1"))
                              .arg(f)
                        : f);
    }
    return parts.join(separator);
}

FrameState frame_state(const LessonController& controller, double phase, bool chinese) {
    FrameState state;
    const Lesson& lesson = controller.lesson();
    state.call = controller.animation_call();
    state.title = lesson.title(chinese);
    state.formula = formula_text(controller.shape_info(), "    ");
    state.error = controller.error();
    state.output = controller.output();
    state.trace = controller.current_trace();
    state.phase = phase;
    state.stamp = controller.current_stamp();
    state.stamped_before = controller.stamped_before();
    state.stamped_after = controller.stamped_after();
    state.stamped_cells = controller.stamped_cells();
    if (phase > 0 && !state.stamp && controller.step() + 1 < controller.total_steps()) {
        try {
            state.next_trace = controller.trace_at(controller.step_position(controller.step() + 1),
                                                   lesson.view.trace_view);
        } catch (const std::exception&) {
            state.phase = 0;
        }
    }
    state.show_values = lesson.view.show_values;
    state.trace_view = lesson.view.trace_view;
    state.colormap = lesson.view.colormap;
    state.normalization = lesson.view.normalization;
    return state;
}

FrameLayout paint_frame(QPainter& painter, const QRectF& area, const FrameState& state,
                        const Theme& theme) {
    FrameLayout layout;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.fillRect(area, theme.background);

    const double margin = 12 * theme.font_scale;
    QRectF content = area.adjusted(margin, margin, -margin, -margin);

    // Title and the output-size formula, smaller when wider than the canvas (Ctrl + in
    // presenter mode); the formula puts height and width on lines of their own first.
    painter.setPen(theme.text);
    const auto fitted = [&](QFont font, const QString& text) {
        while (font.pixelSize() > 8 &&
               QFontMetricsF(font).horizontalAdvance(text) > content.width()) {
            font.setPixelSize(std::max(8, static_cast<int>(font.pixelSize() * 0.9)));
        }
        return font;
    };
    const QFont title_font = fitted(text_font(18, theme, true), state.title);
    painter.setFont(title_font);
    const double title_h = QFontMetricsF(title_font).height();
    painter.drawText(QRectF(content.left(), content.top(), content.width(), title_h),
                     Qt::AlignLeft | Qt::AlignVCenter, state.title);
    if (!state.title.isEmpty()) {
        layout.text_boxes.push_back(QRectF(content.left(), content.top(),
                                           QFontMetricsF(title_font).horizontalAdvance(state.title),
                                           title_h));
    }
    QStringList formula_lines;
    if (!state.formula.isEmpty()) {
        const QString prefix = QCoreApplication::translate("FramePainter", "Output size: ");
        formula_lines << prefix + state.formula;
        if (QFontMetricsF(text_font(13, theme)).horizontalAdvance(formula_lines[0]) >
            content.width()) {
            formula_lines = state.formula.split("    ", Qt::SkipEmptyParts);
            formula_lines[0] = prefix + formula_lines[0];
        }
    }
    QFont formula_font = text_font(13, theme);
    for (const QString& line : formula_lines) {
        const QFont f = fitted(text_font(13, theme), line);
        if (f.pixelSize() < formula_font.pixelSize()) {
            formula_font = f;
        }
    }
    painter.setFont(formula_font);
    const QFontMetricsF formula_metrics(formula_font);
    const double formula_h = formula_metrics.height();
    painter.setPen(theme.muted_text);
    double formula_y = content.top() + title_h;
    for (const QString& line : formula_lines) {
        painter.drawText(QRectF(content.left(), formula_y, content.width(), formula_h),
                         Qt::AlignLeft | Qt::AlignVCenter, line);
        layout.text_boxes.push_back(
            QRectF(content.left(), formula_y, formula_metrics.horizontalAdvance(line), formula_h));
        formula_y += formula_h;
    }
    content.setTop(content.top() + title_h +
                   formula_h * std::max<qsizetype>(1, formula_lines.size()) + margin * 0.5);
    if (state.stamp && state.error.isEmpty()) {  // the scatter view steps by input cells
        paint_stamp(painter, content, state, theme, layout);
        painter.restore();
        return layout;
    }

    const Tensor input = as_planes(state.call.input);
    if (input.dim() != 4 || input.numel() == 0) {
        painter.restore();
        return layout;
    }

    const bool has_output = state.error.isEmpty() && state.output.dim() >= 2 && state.trace;
    const Step* step = has_output ? &*state.trace : nullptr;
    double norm_type = 2.0;  // lp_pool2d's p; a malformed one is the engine's to report
    try {
        norm_type = param_number(state.call.params, state.call.op, "norm_type", 2.0);
    } catch (const std::exception&) {
    }

    // Arithmetic panel at the bottom, as high as its text needs (two more lines for the ceil
    // mode note), from 70 px to 30 % of the canvas: the grids take the rest.
    const double panel_h = [&] {
        const double least = 70.0 * theme.font_scale;
        const double most = std::max(least, content.height() * 0.3);
        if (!step) {
            return std::max(least, content.height() * 0.24);
        }
        const QFontMetricsF fm(text_font(13, theme));
        const QRectF needed = fm.boundingRect(QRectF(0, 0, content.width() - margin * 1.4, 1e6),
                                              Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                                              arithmetic_text(*step, norm_type));
        const double lines = is_pooling(state.call.op) ? 3.3 : 1.3;
        return std::clamp(needed.height() + fm.height() * lines + margin, least, most);
    }();
    const QRectF panel(content.left(), content.bottom() - panel_h, content.width(), panel_h);
    content.setBottom(panel.top() - margin * 0.5);
    // Parameters of the wrong type ("stride": "two") cannot give a window; the status line
    // shows the engine's message and the canvas draws the input alone. Nothing may throw out
    // of a paint event.
    WindowGeometry geometry;
    try {
        geometry = window_geometry(state.call, state.trace_view);
    } catch (const std::exception&) {
        geometry = WindowGeometry{};
    }
    PaddedInput padded{input, 0, 0, {}};
    if (state.error.isEmpty()) {
        try {
            padded = padded_input(state.call, geometry, step ? step->at[0] : 0);
        } catch (const std::exception&) {
            padded = PaddedInput{input, 0, 0, {}};
        }
    }
    layout.pad_top = padded.top;
    layout.pad_left = padded.left;
    layout.editable = padded.kinds.empty();
    if (geometry.expanded) {
        draw_grid_legend(painter, QPointF(content.left(), content.top()), theme);
    }
    const int64_t channels = input.size(1);
    const int64_t height = input.size(2);
    const int64_t width = input.size(3);
    const int64_t rows_p = padded.values.size(2);
    const int64_t cols_p = padded.values.size(3);

    const int64_t out_channel = step ? step->at[1] : 0;
    const std::array<int64_t, 4> out_grid =
        has_output ? trace_grid(state.call) : std::array<int64_t, 4>{1, 1, 1, 1};
    const int64_t out_rows = out_grid[2];
    const int64_t out_cols = out_grid[3];
    const bool conv_like = !state.call.weight.empty() && state.call.weight.dim() >= 3;
    const OpHandler* description = description_of(state.call.op);
    const bool transposed =
        description && description->weight_layout == WeightLayout::conv_transposed;
    const bool pooling = is_pooling(state.call.op);
    // The scatter view of a transposed convolution has no sliding window, but its kernel is
    // shown whole: the stamp every input cell adds to the output.
    const bool scatter = transposed && !geometry.sliding && state.call.weight.dim() == 4;
    const int64_t kernel_rows = geometry.sliding ? geometry.kernel.h
                                : scatter        ? state.call.weight.size(2)
                                                 : 0;
    const int64_t kernel_cols = geometry.sliding ? geometry.kernel.w
                                : scatter        ? state.call.weight.size(3)
                                                 : 0;

    // Cell size: input planes stacked in a column, the kernel slices beside them, the output.
    const double gap_cells = 1.6;
    // Ceil mode lets the last pooling windows hang off the padded grid: room to mark those
    // cells, which the window leaves out.
    const auto overhang = [&](int64_t outs, int64_t stride, int64_t k, int64_t d, int64_t size) {
        return pooling && geometry.sliding && has_output
                   ? std::max<int64_t>(0, (outs - 1) * stride + (k - 1) * d + 1 - size)
                   : 0;
    };
    const int64_t off_rows =
        overhang(out_rows, geometry.stride.h, geometry.kernel.h, geometry.dilation.h, rows_p);
    const int64_t off_cols =
        overhang(out_cols, geometry.stride.w, geometry.kernel.w, geometry.dilation.w, cols_p);
    // Each plane of a multi-channel input (and a multi-channel output) has a label above it.
    const double label_px =
        (channels > 1 || out_grid[1] > 1) ? QFontMetricsF(text_font(11, theme)).height() + 2 : 0.0;
    const double labels_px = label_px * static_cast<double>(channels);
    // A lane above the grids (below the transposed grid's legend) for the link from the window
    // to its output cell: running there, the link never crosses a number or a sign.
    const double legend_h = geometry.expanded ? QFontMetricsF(text_font(12, theme)).height() : 0.0;
    const double lane_h = 14 * theme.font_scale + legend_h;
    const double room_h = content.height() - lane_h;
    const auto fit = [&](double w_cells, double h_cells, double labels) {
        return std::min(content.width() / w_cells, (room_h - labels) / h_cells);
    };
    // The cells grow with the space: of three arrangements the one with the largest cells.
    //  stacked:      input planes in a column, each with its kernel slice beside it; output.
    //  side_by_side: input planes in a row, each kernel slice below its plane; output.
    //  output_below: a 1-D signal and its kernel on one line, the output on the next.
    enum class Arrangement { stacked, side_by_side, output_below };
    // Digits fill 45 % of a cell's height unless the input's or kernel's longest number needs
    // smaller ones to fit; output cells widen for longer numbers ("1.833") at that size.
    const double in_per_px = state.show_values ? std::max(widest_number(padded.values),
                                                          widest_number(state.call.weight, true))
                                               : 1.0;
    const double digit_factor = std::min(0.45, 0.88 / in_per_px);
    const double out_ratio = state.show_values && has_output
                                 ? std::max(1.0, digit_factor * widest_number(state.output) / 0.88)
                                 : 1.0;
    const double out_cols_w = out_cols * out_ratio;
    const double in_cols = static_cast<double>(cols_p + off_cols);
    const double in_rows = static_cast<double>(rows_p + off_rows);
    const double kernel_w = kernel_cols > 0 ? kernel_cols + gap_cells : 0.0;
    const double out_w = has_output ? out_cols_w + gap_cells : 0.0;
    const double plane_gap = 0.8;  // between side-by-side planes
    const double unit_cells = std::max<double>(in_cols, kernel_cols);  // one plane and its slice
    const double below_cells = kernel_rows > 0 ? gap_cells * 0.5 + kernel_rows : 0.0;
    Arrangement arrangement = Arrangement::stacked;
    double cell_fit =
        fit(in_cols + kernel_w + out_w,
            std::max<double>(channels * in_rows, has_output ? out_rows : 0), labels_px);
    if (channels > 1) {
        const double c =
            fit(channels * unit_cells + (channels - 1) * plane_gap + out_w,
                std::max<double>(in_rows + below_cells, has_output ? out_rows : 0), label_px);
        if (c > cell_fit) {
            arrangement = Arrangement::side_by_side;
            cell_fit = c;
        }
    }
    if (channels == 1 && rows_p == 1 && has_output && out_rows == 1 && off_cols == 0) {
        const double c =
            fit(gap_cells + std::max(in_cols + kernel_w, out_cols_w), 2 + gap_cells, 0.0);
        if (c > cell_fit) {
            arrangement = Arrangement::output_below;
            cell_fit = c;
        }
    }
    const double cell = std::clamp(cell_fit, 4.0, 72.0 * theme.font_scale);
    // From one input plane to the next.
    const double plane_step = (rows_p + off_rows) * cell + label_px;
    const double used_w = arrangement == Arrangement::side_by_side
                              ? (channels * unit_cells + (channels - 1) * plane_gap + out_w) * cell
                          : arrangement == Arrangement::output_below
                              ? (gap_cells + std::max(in_cols + kernel_w, out_cols_w)) * cell
                              : (in_cols + kernel_w + out_w) * cell;
    const double used_h =
        arrangement == Arrangement::side_by_side
            ? std::max<double>(in_rows + below_cells, has_output ? out_rows : 0) * cell + label_px
        : arrangement == Arrangement::output_below
            ? (2 + gap_cells) * cell
            : std::max(channels * plane_step, has_output ? out_rows * cell + label_px : 0.0);
    const double left = content.left() + (content.width() - used_w) / 2;
    const double top = content.top() + lane_h + (content.height() - lane_h - used_h) / 2 + label_px;
    const auto plane_origin = [&](int64_t c) {
        switch (arrangement) {
            case Arrangement::side_by_side:
                return QPointF(left + c * (unit_cells + plane_gap) * cell, top);
            case Arrangement::output_below:
                return QPointF(left + gap_cells * cell, top);
            case Arrangement::stacked:
                break;
        }
        return QPointF(left, top + c * plane_step);
    };

    const auto in_range = value_range(input, state.normalization);
    const bool values_fit = state.show_values && cell >= 16;
    // Digits as large as the cell allows, so that the longest number shown fits its cell.
    QFont cell_font;
    if (values_fit) {
        cell_font.setPixelSize(fitted_digit_px(cell, in_per_px));
        layout.digit_px = cell_font.pixelSize();
    }
    QFont bold_cell_font = cell_font;
    bold_cell_font.setBold(true);

    // Taps of the current step by padded position, for highlighting.
    auto tap_position = [&](const Step& s, const Tap& t) -> std::pair<int64_t, int64_t> {
        if (t.expanded) {
            return {(*t.expanded)[0], (*t.expanded)[1]};
        }
        if (geometry.sliding) {
            const Pair o = geometry.origin(s.at[2], s.at[3]);
            return {o.h + t.kernel[1] * geometry.dilation.h,
                    o.w + t.kernel[2] * geometry.dilation.w};
        }
        if (t.input) {
            return {(*t.input)[2] + padded.top, (*t.input)[3] + padded.left};
        }
        return {-1, -1};
    };
    auto tap_channel = [&](const Tap& t) -> int64_t {
        if (t.input) {
            return (*t.input)[1];
        }
        if (pooling) {
            return t.kernel[0];
        }
        const int64_t groups = std::max<int64_t>(1, state.call.params.value("groups", int64_t{1}));
        const int64_t in_per_group = channels / groups;
        // conv_transpose2d's weight is (in, out/groups, kH, kW); conv's (out, in/groups, …).
        const int64_t out_per_group =
            transposed ? state.call.weight.size(1) : state.output.size(1) / groups;
        return out_channel / std::max<int64_t>(1, out_per_group) * in_per_group + t.kernel[0];
    };

    const bool building = geometry.expanded && state.build_stage >= 0.0 && state.build_stage < 3.0;
    auto stage_of = [](TapKind kind) {
        return kind == TapKind::input      ? -1.0
               : kind == TapKind::inserted ? 0.0
               : kind == TapKind::padding  ? 1.0
                                           : 2.0;
    };
    std::vector<Grid> planes;
    for (int64_t c = 0; c < channels; ++c) {
        Grid g{plane_origin(c), cell};
        planes.push_back(g);
        const Tensor& values = padded.values;
        for (int64_t r = 0; r < rows_p; ++r) {
            for (int64_t q = 0; q < cols_p; ++q) {
                const QRectF rect = g.rect(r, q);
                const TapKind kind = padded.kind(r, q, height, width);
                const bool pad = kind != TapKind::input;
                const float v = values(0, c, r, q);
                // While a transposed convolution's grid is being built, the inserted zeros,
                // then the border, then the output_padding cells fade in, one stage each.
                const double visible =
                    building ? std::clamp(state.build_stage - stage_of(kind), 0.0, 1.0) : 1.0;
                if (visible <= 0.0) {
                    continue;
                }
                painter.setOpacity(visible);
                painter.fillRect(
                    rect, kind == TapKind::input
                              ? cell_colour(v, in_range, state.colormap, state.show_values, theme)
                          : kind == TapKind::inserted       ? theme.inserted_fill
                          : kind == TapKind::output_padding ? theme.output_padding_fill
                                                            : theme.padding_fill);
                painter.setPen(
                    QPen(theme.grid_line, pad ? 0.6 : 0.8, pad ? Qt::DashLine : Qt::SolidLine));
                painter.drawRect(rect);
                if (values_fit) {
                    painter.setFont(cell_font);
                    painter.setPen(pad ? theme.padding_text : theme.text);
                    draw_centred(painter, rect, format_value(v));
                }
                painter.setOpacity(1.0);
                layout.input_cells.push_back({rect, c, r, q});
            }
        }
        if (channels > 1) {
            painter.setFont(text_font(11, theme));
            painter.setPen(theme.muted_text);
            layout.sign_boxes.push_back(
                QRectF(g.origin.x(), g.origin.y() - label_px, cols_p * cell, label_px));
            painter.drawText(QRectF(g.origin.x(), g.origin.y() - label_px, cols_p * cell, label_px),
                             Qt::AlignLeft | Qt::AlignBottom,
                             QCoreApplication::translate("FramePainter", "channel %1").arg(c));
        }
    }

    // The kernel window on the input: the cells it reads, sliding smoothly to the next step.
    QRectF window_box;
    QRectF link_box;  // the window on its first channel, where the link starts
    int64_t link_channel = channels;
    if (step && !building) {
        QPointF shift(0, 0);
        if (state.next_trace && state.phase > 0 && !step->taps.empty() &&
            !state.next_trace->taps.empty()) {
            const auto a = tap_position(*step, step->taps.front());
            const auto b = tap_position(*state.next_trace, state.next_trace->taps.front());
            shift = QPointF((b.second - a.second) * cell, (b.first - a.first) * cell) * state.phase;
        }
        QColor fill = theme.window;
        fill.setAlpha(50);
        for (size_t i = 0; i < step->taps.size(); ++i) {
            const Tap& t = step->taps[i];
            const auto [r, q] = tap_position(*step, t);
            const int64_t c = tap_channel(t);
            if (r < 0 || q < 0 || r >= rows_p || q >= cols_p || c < 0 || c >= channels) {
                continue;
            }
            const QRectF rect = planes[static_cast<size_t>(c)].rect(r, q).translated(shift);
            painter.fillRect(rect, fill);
            const bool chosen = step->selected && static_cast<size_t>(*step->selected) == i;
            painter.setPen(QPen(chosen ? theme.selected : theme.window, chosen ? 4 : 2.5));
            painter.drawRect(rect.adjusted(1, 1, -1, -1));
            window_box = window_box.isNull() ? rect : window_box.united(rect);
            if (c < link_channel) {
                link_channel = c;
                link_box = rect;
            } else if (c == link_channel) {
                link_box = link_box.united(rect);
            }
        }
        // Ceil mode: the window's cells beyond the padded grid, hatched and left out.
        if (off_rows > 0 || off_cols > 0) {
            const Pair o = geometry.origin(step->at[2], step->at[3]);
            const int64_t c = std::clamp<int64_t>(step->at[1], 0, channels - 1);
            QColor hatch = theme.window;
            hatch.setAlpha(110);
            for (int64_t ky = 0; ky < geometry.kernel.h; ++ky) {
                for (int64_t kx = 0; kx < geometry.kernel.w; ++kx) {
                    const int64_t r = o.h + ky * geometry.dilation.h;
                    const int64_t q = o.w + kx * geometry.dilation.w;
                    if (r < rows_p && q < cols_p) {
                        continue;
                    }
                    const QRectF rect = planes[static_cast<size_t>(c)].rect(r, q).translated(shift);
                    painter.fillRect(rect, QBrush(hatch, Qt::BDiagPattern));
                    painter.setPen(QPen(theme.window, 1.5, Qt::DashLine));
                    painter.drawRect(rect.adjusted(1, 1, -1, -1));
                    ++layout.off_grid_cells;
                    window_box = window_box.united(rect);
                    link_box = link_box.united(rect);
                }
            }
        }
    }

    const bool side = arrangement == Arrangement::side_by_side;
    double x = side ? left + (channels * unit_cells + (channels - 1) * plane_gap) * cell
                    : plane_origin(0).x() + in_cols * cell;
    // The kernel slices beside (or below) their input planes (the weights as applied).
    if (kernel_cols > 0) {
        if (!side) {
            x += gap_cells * cell * 0.5;
        }
        const QFont op_font = text_font(cell * 0.5, theme, true);
        for (int64_t c = 0; c < channels; ++c) {
            const QPointF plane = planes[static_cast<size_t>(c)].origin;
            const QPointF origin = side ? QPointF(plane.x() + (cols_p - kernel_cols) * cell / 2,
                                                  plane.y() + (in_rows + gap_cells * 0.5) * cell)
                                        : QPointF(x, plane.y() + (rows_p - kernel_rows) * cell / 2);
            Grid g{origin, cell};
            painter.setFont(op_font);
            painter.setPen(theme.muted_text);
            const QRectF sign = side ? QRectF(plane.x(), plane.y() + in_rows * cell, cols_p * cell,
                                              gap_cells * 0.5 * cell)
                                     : QRectF(x - gap_cells * cell * 0.5, origin.y(),
                                              gap_cells * cell * 0.5, kernel_rows * cell);
            painter.drawText(sign, Qt::AlignCenter, conv_like ? "∗" : "");
            layout.sign_boxes.push_back(sign);
            for (int64_t r = 0; r < kernel_rows; ++r) {
                for (int64_t q = 0; q < kernel_cols; ++q) {
                    const QRectF rect = g.rect(r, q);
                    painter.fillRect(rect, theme.panel_fill);
                    painter.setPen(QPen(theme.window, 1.5));
                    painter.drawRect(rect);
                    layout.kernel_cells.push_back({rect, c, r, q});
                }
            }
            if (scatter && step) {
                const int64_t oc_in_group = out_channel % state.call.weight.size(1);
                painter.setFont(cell_font);
                painter.setPen(theme.muted_text);
                for (int64_t r = 0; r < kernel_rows && values_fit; ++r) {
                    for (int64_t q = 0; q < kernel_cols; ++q) {
                        draw_centred(painter, g.rect(r, q),
                                     format_value(state.call.weight(c, oc_in_group, r, q)));
                    }
                }
                QColor used = theme.window;
                used.setAlpha(70);
                for (const Tap& t : step->taps) {
                    if (tap_channel(t) == c) {
                        painter.fillRect(g.rect(t.kernel[1], t.kernel[2]), used);
                    }
                }
            }
            if (step && conv_like) {
                for (const Tap& t : step->taps) {
                    if (tap_channel(t) != c || !t.weight) {
                        continue;
                    }
                    const QRectF rect = g.rect(t.kernel[1], t.kernel[2]);
                    if (values_fit) {
                        painter.setFont(bold_cell_font);
                        painter.setPen(*t.weight < 0 ? theme.negative : theme.text);
                        draw_centred(painter, rect, format_value(*t.weight));
                    }
                }
            } else if (pooling) {
                painter.setFont(bold_cell_font);
                painter.setPen(theme.text);
                painter.drawText(QRectF(origin, QSizeF(kernel_cols * cell, kernel_rows * cell)),
                                 Qt::AlignCenter,
                                 description->reduce == WindowReduce::max    ? "max"
                                 : description->reduce == WindowReduce::mean ? "avg"
                                                                             : "Lp");
            }
        }
        if (!side) {
            x += kernel_cols * cell;
        }
    }

    // The output plane of the current output channel, filling in step by step.
    if (has_output) {
        const QFont op_font = text_font(cell * 0.5, theme, true);
        painter.setFont(op_font);
        painter.setPen(theme.muted_text);
        const bool below = arrangement == Arrangement::output_below;
        if (below) {
            x = left;
        }
        const double out_top = side ? top + ((in_rows + below_cells) * cell - out_rows * cell) / 2
                               : below
                                   ? top + (in_rows + gap_cells) * cell
                                   : top + (channels * plane_step - label_px - out_rows * cell) / 2;
        const QRectF equals(x, out_top, gap_cells * cell, out_rows * cell);
        painter.drawText(equals, Qt::AlignCenter, "=");
        layout.sign_boxes.push_back(equals);
        x += gap_cells * cell;
        Grid g{QPointF(x, out_top), cell, cell * out_ratio};
        const auto out_range = value_range(state.output, state.normalization);
        const int64_t plane = out_rows * out_cols;
        const int64_t base = (step->at[0] * out_grid[1] + out_channel) * plane;
        for (int64_t r = 0; r < out_rows; ++r) {
            for (int64_t q = 0; q < out_cols; ++q) {
                const QRectF rect = g.rect(r, q);
                const int64_t flat = base + r * out_cols + q;
                const bool done = output_done(flat, step->step);
                const float v = state.output.data()[flat];
                painter.fillRect(
                    rect, done ? cell_colour(v, out_range, state.colormap, state.show_values, theme)
                               : theme.empty_fill);
                painter.setPen(QPen(theme.grid_line, 0.8));
                painter.drawRect(rect);
                if (done && values_fit) {
                    painter.setFont(cell_font);
                    painter.setPen(theme.text);
                    draw_centred(painter, rect, format_value(v));
                }
                layout.output_cells.push_back({rect, out_channel, r, q});
            }
        }
        const QRectF current = g.rect(step->at[2], step->at[3]);
        painter.setPen(QPen(theme.window, 3));
        painter.drawRect(current.adjusted(1, 1, -1, -1));
        if (out_grid[1] > 1) {
            painter.setFont(text_font(11, theme));
            painter.setPen(theme.muted_text);
            const QString label =
                QCoreApplication::translate("FramePainter", "output channel %1 of %2")
                    .arg(out_channel)
                    .arg(out_grid[1]);
            // Over the output grid, moved left (or smaller) rather than off the canvas.
            const QFont label_font = fitted(text_font(11, theme), label);
            painter.setFont(label_font);
            const double label_w = QFontMetricsF(label_font).horizontalAdvance(label);
            const QRectF box(std::max(content.left(), std::min(x, content.right() - label_w)),
                             out_top - label_px, label_w, label_px);
            layout.sign_boxes.push_back(box);
            painter.drawText(box, Qt::AlignLeft | Qt::AlignBottom, label);
        }
        // The link between the window and the output cell it produces: up from above the
        // window, along the lane over the grids, and down onto the output cell's column.
        if (!link_box.isNull()) {
            // Below: down from the window to the output line under it.
            const QPointF from(link_box.center().x(),
                               below ? link_box.bottom() + 2 : top - label_px - 2);
            const QPointF to(current.center().x(),
                             out_top - (out_grid[1] > 1 ? label_px : 0.0) - 2);
            const double lane = below ? (from.y() + to.y()) / 2
                                      : std::max(content.top() + legend_h + 2,
                                                 std::min(from.y(), to.y()) - 7 * theme.font_scale);
            QPainterPath link_path(from);
            link_path.lineTo(from.x(), lane);
            link_path.lineTo(to.x(), lane);
            link_path.lineTo(to);
            layout.connector = link_path;
            QColor link = theme.window;
            link.setAlpha(150);
            painter.setPen(QPen(link, 2, Qt::DashLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(link_path);
            const double head = 4 * theme.font_scale;
            painter.setPen(Qt::NoPen);
            painter.setBrush(link);
            painter.drawPolygon(
                QPolygonF({to, to + QPointF(-head, -head * 1.4), to + QPointF(head, -head * 1.4)}));
            painter.setBrush(Qt::NoBrush);
        }
    }

    // The arithmetic panel, or the engine's message when the parameters do not fit together.
    painter.fillRect(panel, theme.panel_fill);
    painter.setPen(QPen(theme.grid_line, 1));
    painter.drawRect(panel);
    const QRectF text_rect =
        panel.adjusted(margin * 0.7, margin * 0.5, -margin * 0.7, -margin * 0.5);
    if (!state.error.isEmpty()) {
        painter.setFont(text_font(14, theme, true));
        painter.setPen(QColor(200, 30, 30));
        const QString message =
            QCoreApplication::translate("FramePainter", "These parameters do not work together:") +
            "\n" + state.error;
        painter.drawText(text_rect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, message);
        layout.text_boxes.push_back(
            QFontMetricsF(painter.font())
                .boundingRect(text_rect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, message)
                .intersected(text_rect));
    } else if (step) {
        const QString at = QString("y[%1, %2, %3, %4]")
                               .arg(step->at[0])
                               .arg(step->at[1])
                               .arg(step->at[2])
                               .arg(step->at[3]);
        painter.setFont(text_font(13, theme, true));
        painter.setPen(theme.text);
        const QFontMetricsF fm(painter.font());
        const QString heading =
            QCoreApplication::translate("FramePainter", "Step %1: %2").arg(step->step + 1).arg(at);
        painter.drawText(text_rect, Qt::AlignLeft | Qt::AlignTop, heading);
        layout.text_boxes.push_back(
            QRectF(text_rect.topLeft(), QSizeF(fm.horizontalAdvance(heading), fm.height())));
        QFont body = text_font(13, theme);
        QString text = arithmetic_text(*step, norm_type);
        if (layout.off_grid_cells > 0) {
            text += "\n" + QCoreApplication::translate(
                               "FramePainter",
                               "Hatched: %n cell(s) of the window fall off the grid (ceil mode) "
                               "and are left out.",
                               nullptr, layout.off_grid_cells);
        }
        // Shrink the text until it fits: a 3-channel 5×5 kernel has 75 products.
        const QRectF body_rect = text_rect.adjusted(0, fm.height() + 2, 0, 0);
        for (int i = 0; i < 6; ++i) {
            const QRectF needed = QFontMetricsF(body).boundingRect(
                body_rect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text);
            if (needed.height() <= body_rect.height() || body.pixelSize() <= 8) {
                break;
            }
            body.setPixelSize(std::max(8, static_cast<int>(body.pixelSize() * 0.85)));
        }
        painter.setFont(body);
        painter.drawText(body_rect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text);
        if (!text.isEmpty()) {
            layout.text_boxes.push_back(QFontMetricsF(body).boundingRect(
                body_rect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text));
        }
    }
    painter.restore();
    return layout;
}

}  // namespace cs::core
