#pragma once
// The colour range of a feature map, one concept for every picture of a map (image mode, the
// lesson pages, the playground, Look Inside): how the range is chosen, the range itself, and the
// colour bar that states it in numbers beside the map.
//
// A photo's edge map has a few extreme values: scaled to its largest |x| every other edge is
// drawn nearly white (the cat's Laplacian, a blank map of a 4000 × 4000 photo). The robust range
// ends at the 99th percentile of |x| instead; the 1 % beyond it saturate, and the bar says so.
// Only colours change: every number shown (hover values, grids) is the map's own value.
#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QString>

#include <vector>

#include "engine/colormap.hpp"
#include "engine/pipeline/map_collector.hpp"
#include "engine/pipeline/map_export.hpp"
#include "engine/tensor.hpp"

namespace cs::core {

// robust: clip at a percentile (±p99 of |x| for symmetric maps, [p1, p99] otherwise);
// full: the largest |x|, or the minimum and maximum.
enum class RangeClip { robust, full };
// per_map: each map on its own range; per_layer: all maps of a layer share one, so that one
// colour means one value in each of them.
enum class RangeScope { per_map, per_layer };

struct MapRangeChoice {
    RangeClip clip = RangeClip::robust;
    RangeScope scope = RangeScope::per_map;
    bool operator==(const MapRangeChoice&) const = default;
};

// The percentile a robust range ends at.
constexpr float robust_percentile = 99.0f;

// The range a map is drawn with, and how it was chosen (for the colour bar's words).
struct MapScale {
    float low = -1.0f;
    float high = 1.0f;
    bool symmetric = true;  // low = −high, zero drawn in the middle
    bool clipped = false;   // a robust range with values beyond it (they saturate)
    bool fixed = false;     // a set range (a photo's 0 … 1), not taken from the values
    bool operator==(const MapScale&) const = default;
    Normalization normalization() const { return {Normalization::Kind::fixed, low, high}; }
};

// Some values of one map: a plane, a thumbnail.
struct MapValues {
    const float* data = nullptr;
    int64_t count = 0;
};

// The range that covers all of `maps` together (pass one map for a per-map range, every map of
// the layer for a per-layer one). Percentiles come from an even sample of at most ~250 000
// values, so a 12-megapixel map costs a few milliseconds; the maximum is taken over every value.
// Non-finite values are ignored. A constant or empty map gets a range of width 1.
MapScale map_scale(const std::vector<MapValues>& maps, bool symmetric, RangeClip clip);
// The same with the extremes known (low ≤ high: the smallest and largest finite value, which
// the playground's maps keep): percentiles come from `maps`, which may be a summary (a
// thumbnail) of the values low and high were taken from.
MapScale map_scale(const std::vector<MapValues>& maps, bool symmetric, RangeClip clip, float low,
                   float high);
// Channel `channel` of an (N, C, H, W) tensor (batch 0), or all of a tensor of another rank.
MapScale map_scale(const Tensor& t, int64_t channel, bool symmetric, RangeClip clip);
// All channels of an (N, C, H, W) tensor (or all values of another rank) together.
MapScale map_scale(const Tensor& t, bool symmetric, RangeClip clip);
// A set range, e.g. a photo's 0 … 1.
MapScale fixed_scale(float low, float high);

// The playground's maps (what the forward pass kept of a layer: exact extremes, thumbnails and
// maybe full planes), coloured as `style` says (its colormap; symmetric or min–max; style.shared
// = one range for the layer).
// Channel c's thumbnail: per map from its own thumbnail, per layer from all the layer's. The
// extremes are the exact ones of the full maps; a robust range takes its percentiles from the
// thumbnails (what the grid draws).
MapScale thumbnail_scale(const pipeline::LayerMaps& maps, int64_t channel,
                         const pipeline::MapStyle& style, RangeClip clip);
// Channel c's full-resolution map: per map from its own values when they were kept, else as its
// thumbnail; per layer the layer's thumbnail range, so that grid, viewer and exports agree.
MapScale full_scale(const pipeline::LayerMaps& maps, int64_t channel,
                    const pipeline::MapStyle& style, RangeClip clip);
// All channels' thumbnails side by side (`gap` pixels apart on white), each coloured with its
// thumbnail_scale, as a (1, 3, H, W) image in [0, 1].
Tensor contact_sheet(const pipeline::LayerMaps& maps, const pipeline::MapStyle& style,
                     RangeClip clip, int64_t gap = 4);

// The numbers the bar writes: "−12.3", "0", "12.3" (three significant digits, a real minus).
QString scale_number(double v);
// What the colour bar says in words, in the window's language (translation context
// "MapRange"): "±12.3 (99th pct)", "±40.1 (max |x|)", "−0.5 … 2.3 (1st–99th pct)",
// "0 … 1". The same text as the bar's tooltip and test hook.
QString scale_text(const MapScale& scale);

// A horizontal colour bar in `box`: the gradient with ticks and numbers below it at low, 0 (when
// inside the range) and high ("≤−1.5" and "≥1.5" when clipped: values beyond have the end
// colours), and scale_text at the right when there is room. Lays out inside
// `box` only; colour_bar_height says how tall a box the font needs.
void paint_colour_bar(QPainter& p, const QRectF& box, Colormap colormap, const MapScale& scale,
                      const QFont& font, const QColor& text);
int colour_bar_height(const QFont& font);
// A one-line bar: the gradient with low and high written at its ends (for small thumbnails).
void paint_compact_colour_bar(QPainter& p, const QRectF& box, Colormap colormap,
                              const MapScale& scale, const QFont& font, const QColor& text);

}  // namespace cs::core
