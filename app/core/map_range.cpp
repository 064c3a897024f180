#include "app/core/map_range.hpp"

#include <QCoreApplication>
#include <QFontMetricsF>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cs::core {
namespace {

// Enough values for a percentile to be stable to a fraction of a percent, few enough that
// nth_element over them takes about a millisecond.
constexpr int64_t max_samples = 250'000;

QString tr(const char* text) {
    return QCoreApplication::translate("MapRange", text);
}

// The value at fraction q (0 … 1) of the sorted sample, found without sorting all of it.
float quantile(std::vector<float>& sample, double q) {
    const auto at = static_cast<std::ptrdiff_t>(q * static_cast<double>(sample.size() - 1) + 0.5);
    std::nth_element(sample.begin(), sample.begin() + at, sample.end());
    return sample[static_cast<size_t>(at)];
}

}  // namespace

MapScale map_scale(const std::vector<MapValues>& maps, bool symmetric, RangeClip clip) {
    // Exact extremes over every value (one pass, cheap next to colouring the map).
    float lo = std::numeric_limits<float>::infinity();
    float hi = -std::numeric_limits<float>::infinity();
    for (const MapValues& m : maps) {
        for (int64_t i = 0; i < m.count; ++i) {
            const float v = m.data[i];
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    return map_scale(maps, symmetric, clip, lo, hi);
}

MapScale map_scale(const std::vector<MapValues>& maps, bool symmetric, RangeClip clip, float lo,
                   float hi) {
    int64_t total = 0;
    for (const MapValues& m : maps) {
        total += m.count;
    }
    MapScale scale;
    scale.symmetric = symmetric;
    if (!(lo <= hi)) {  // empty, or nothing finite
        lo = hi = 0.0f;
    }
    const float largest = std::max(std::abs(lo), std::abs(hi));
    if (symmetric) {
        scale.low = -largest;
        scale.high = largest;
    } else {
        scale.low = lo;
        scale.high = hi;
    }
    if (clip == RangeClip::robust && total > 0) {
        // An even sample: every stride-th value of each map.
        const int64_t stride = std::max<int64_t>(1, (total + max_samples - 1) / max_samples);
        std::vector<float> sample;
        sample.reserve(static_cast<size_t>(total / stride + maps.size()));
        for (const MapValues& m : maps) {
            for (int64_t i = 0; i < m.count; i += stride) {
                const float v = m.data[i];
                if (std::isfinite(v)) {
                    sample.push_back(symmetric ? std::abs(v) : v);
                }
            }
        }
        if (!sample.empty()) {
            const double top = robust_percentile / 100.0;
            if (symmetric) {
                const float m = quantile(sample, top);
                // A mostly-zero map (a ReLU's output) has p99 = 0: keep its full range.
                if (m > 0.0f && m < largest) {
                    scale.low = -m;
                    scale.high = m;
                    scale.clipped = true;
                }
            } else {
                const float p_high = quantile(sample, top);
                const float p_low = quantile(sample, 1.0 - top);
                if (p_low < p_high && (p_low > lo || p_high < hi)) {
                    scale.low = p_low;
                    scale.high = p_high;
                    scale.clipped = true;
                }
            }
        }
    }
    if (scale.low == scale.high) {  // constant: a range of width 1, drawn without dividing by 0
        scale.low -= 0.5f;
        scale.high += 0.5f;
    }
    return scale;
}

MapScale map_scale(const Tensor& t, int64_t channel, bool symmetric, RangeClip clip) {
    if (t.dim() != 4) {
        return map_scale(t, symmetric, clip);
    }
    const int64_t plane = t.size(2) * t.size(3);
    const int64_t c = std::clamp<int64_t>(channel, 0, std::max<int64_t>(0, t.size(1) - 1));
    return map_scale({MapValues{t.data() + c * plane, t.size(1) > 0 ? plane : 0}}, symmetric, clip);
}

MapScale map_scale(const Tensor& t, bool symmetric, RangeClip clip) {
    const int64_t count = t.dim() == 4 ? t.size(1) * t.size(2) * t.size(3) : t.numel();
    return map_scale({MapValues{t.data(), count}}, symmetric, clip);
}

MapScale fixed_scale(float low, float high) {
    MapScale scale;
    scale.low = low;
    scale.high = high;
    scale.symmetric = low == -high;
    scale.fixed = true;
    return scale;
}

MapScale thumbnail_scale(const pipeline::LayerMaps& maps, int64_t channel,
                         const pipeline::MapStyle& style, core::RangeClip clip) {
    const bool symmetric = style.kind == Normalization::Kind::symmetric;
    const int64_t plane = maps.thumb_h * maps.thumb_w;
    if (maps.channels <= 0) {
        return map_scale(std::vector<MapValues>{}, symmetric, clip);
    }
    if (style.shared) {
        const float lo = *std::min_element(maps.low.begin(), maps.low.end());
        const float hi = *std::max_element(maps.high.begin(), maps.high.end());
        return map_scale({{maps.thumbs.data(), plane * maps.channels}}, symmetric, clip, lo, hi);
    }
    const auto c = static_cast<size_t>(channel);
    return map_scale({{maps.thumb_plane(channel), plane}}, symmetric, clip, maps.low[c],
                     maps.high[c]);
}

MapScale full_scale(const pipeline::LayerMaps& maps, int64_t channel,
                    const pipeline::MapStyle& style, core::RangeClip clip) {
    if (style.shared || !maps.has_full(channel)) {
        return thumbnail_scale(maps, channel, style, clip);
    }
    const auto c = static_cast<size_t>(channel);
    return map_scale({{maps.full_plane(channel), maps.height * maps.width}},
                     style.kind == Normalization::Kind::symmetric, clip, maps.low[c], maps.high[c]);
}

Tensor contact_sheet(const pipeline::LayerMaps& maps, const pipeline::MapStyle& style,
                     RangeClip clip, int64_t gap) {
    // The layout of pipeline::contact_sheet; the colours of the window.
    return pipeline::contact_sheet(maps, style, gap, [&](int64_t channel) {
        return thumbnail_scale(maps, channel, style, clip).normalization();
    });
}

QString scale_number(double v) {
    if (std::abs(v) < 5e-324 || v == 0.0) {
        return "0";
    }
    QString text = std::abs(v) >= 1000 ? QString::number(v, 'f', 0) : QString::number(v, 'g', 3);
    return text.startsWith('-') ? "−" + text.mid(1) : text;
}

QString scale_text(const MapScale& scale) {
    if (scale.fixed) {
        return QString("%1 … %2").arg(scale_number(scale.low), scale_number(scale.high));
    }
    if (scale.symmetric) {
        const QString m = "±" + scale_number(scale.high);
        return scale.clipped ? tr("%1 (99th pct of |x|)").arg(m) : tr("%1 (max |x|)").arg(m);
    }
    const QString span = QString("%1 … %2").arg(scale_number(scale.low), scale_number(scale.high));
    return scale.clipped ? tr("%1 (1st–99th pct)").arg(span) : tr("%1 (min–max)").arg(span);
}

int colour_bar_height(const QFont& font) {
    const QFontMetricsF metrics(font);
    return static_cast<int>(
        std::ceil(std::max(8.0, metrics.height() * 0.6) + 2 + metrics.height()));
}

namespace {

void paint_gradient(QPainter& p, const QRectF& strip, Colormap colormap) {
    const int span = std::max(1, static_cast<int>(strip.width()));
    for (int x = 0; x < span; ++x) {
        const Rgb rgb = colormap_rgb(colormap, (static_cast<float>(x) + 0.5f) / span);
        p.fillRect(QRectF(strip.left() + x, strip.top(), 1.0, strip.height()),
                   QColor(rgb[0], rgb[1], rgb[2]));
    }
    p.setPen(QColor(150, 150, 150));
    p.setBrush(Qt::NoBrush);
    p.drawRect(strip);
}

}  // namespace

void paint_colour_bar(QPainter& p, const QRectF& box, Colormap colormap, const MapScale& scale,
                      const QFont& font, const QColor& text) {
    p.save();
    p.setFont(font);
    const QFontMetricsF metrics(font);
    const double strip_h = std::max(8.0, metrics.height() * 0.6);
    const QString note = scale_text(scale);
    const double note_w = metrics.horizontalAdvance(note) + 8;
    // The words at the right when the gradient keeps at least 80 px, else the numbers only.
    const bool with_note = box.width() - note_w >= 80;
    const QRectF strip(box.left() + 0.5, box.top() + 0.5,
                       std::max(1.0, (with_note ? box.width() - note_w : box.width()) - 1.0),
                       strip_h);
    paint_gradient(p, strip, colormap);
    const double number_top = strip.bottom() + 2;
    const double number_h = box.bottom() - number_top;
    p.setPen(text);
    // A clipped range says so at its ends: values beyond them have the end colours.
    const QString low = (scale.clipped ? "≤" : "") + scale_number(scale.low);
    const QString high = (scale.clipped ? "≥" : "") + scale_number(scale.high);
    const double low_w = metrics.horizontalAdvance(low);
    const double high_w = metrics.horizontalAdvance(high);
    p.drawText(QRectF(strip.left(), number_top, low_w + 2, number_h), Qt::AlignLeft | Qt::AlignTop,
               low);
    p.drawText(QRectF(strip.right() - high_w - 2, number_top, high_w + 2, number_h),
               Qt::AlignRight | Qt::AlignTop, high);
    if (scale.low < 0 && scale.high > 0) {
        const double x =
            strip.left() + strip.width() * (0.0 - scale.low) / (scale.high - scale.low);
        const double zero_w = metrics.horizontalAdvance("0");
        // Only where it cannot touch the end numbers.
        if (x - zero_w / 2 > strip.left() + low_w + 4 &&
            x + zero_w / 2 < strip.right() - high_w - 4) {
            p.drawLine(QPointF(x, strip.bottom() - 3), QPointF(x, strip.bottom() + 1));
            p.drawText(QRectF(x - zero_w, number_top, zero_w * 2, number_h),
                       Qt::AlignHCenter | Qt::AlignTop, "0");
        }
    }
    if (with_note) {
        p.drawText(QRectF(strip.right() + 6, box.top(), note_w, box.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, note);
    }
    p.restore();
}

void paint_compact_colour_bar(QPainter& p, const QRectF& box, Colormap colormap,
                              const MapScale& scale, const QFont& font, const QColor& text) {
    p.save();
    p.setFont(font);
    const QFontMetricsF metrics(font);
    // The ends as numbers beside the gradient; on a narrow thumbnail without the ≤/≥ marks,
    // and if even that leaves no gradient, the numbers alone ("−0.2 … 0.1").
    QString low = (scale.clipped ? "≤" : "") + scale_number(scale.low);
    QString high = (scale.clipped ? "≥" : "") + scale_number(scale.high);
    const auto fits = [&] {
        return box.width() - metrics.horizontalAdvance(low) - metrics.horizontalAdvance(high) - 6 >=
               16;
    };
    if (!fits()) {
        low = scale_number(scale.low);
        high = scale_number(scale.high);
    }
    p.setPen(text);
    if (!fits()) {
        // Two significant digits if three do not fit the thumbnail's width.
        const auto short_number = [](double v) {
            const QString n = QString::number(v, 'g', 2);
            return n.startsWith('-') ? "−" + n.mid(1) : n;
        };
        QString both = low + "…" + high;
        if (metrics.horizontalAdvance(both) > box.width()) {
            both = short_number(scale.low) + "…" + short_number(scale.high);
        }
        p.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, both);
        p.restore();
        return;
    }
    const double low_w = metrics.horizontalAdvance(low) + 3;
    const double high_w = metrics.horizontalAdvance(high) + 3;
    p.drawText(QRectF(box.left(), box.top(), low_w, box.height()), Qt::AlignLeft | Qt::AlignVCenter,
               low);
    p.drawText(QRectF(box.right() - high_w, box.top(), high_w, box.height()),
               Qt::AlignRight | Qt::AlignVCenter, high);
    const double strip_h = std::min(box.height() - 2, std::max(4.0, metrics.height() * 0.5));
    const QRectF strip(box.left() + low_w + 0.5, box.center().y() - strip_h / 2,
                       std::max(1.0, box.width() - low_w - high_w - 1), strip_h);
    paint_gradient(p, strip, colormap);
    p.restore();
}

}  // namespace cs::core
