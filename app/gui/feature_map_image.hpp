#pragma once
// Feature-map values to QImages with the playground's colour settings.
#include <QImage>
#include <QRect>

#include "app/core/map_range.hpp"
#include "engine/pipeline/map_export.hpp"

namespace cs::gui {

// The colour settings of the playground: the colormap, and whether each map is normalised on
// its own or all maps of a layer share one scale. Diverging maps are symmetric around zero.
pipeline::MapStyle map_style(Colormap colormap, bool shared);

// The colour range of channel c's thumbnail: per map from its own thumbnail, per layer from
// all the layer's (style.shared). The extremes are the exact ones of the full maps; a robust
// range takes its percentiles from the thumbnails (what the grid draws).
core::MapScale thumbnail_scale(const pipeline::LayerMaps& maps, int64_t channel,
                               const pipeline::MapStyle& style, core::RangeClip clip);
// The colour range of channel c's full-resolution map: per map from its own values (sampled)
// when they were kept, else as its thumbnail; per layer the layer's thumbnail range, so that
// the grid and the enlarged map agree.
core::MapScale full_scale(const pipeline::LayerMaps& maps, int64_t channel,
                          const pipeline::MapStyle& style, core::RangeClip clip);

// Channel c's thumbnail.
QImage thumbnail_image(const pipeline::LayerMaps& maps, int64_t channel, Colormap colormap,
                       const core::MapScale& scale);

// The part `source` (map pixels) of channel c's full-resolution map, sampled to at most
// `target` pixels (nearest neighbour: every pixel shown is a real value). Empty when the
// channel was not kept at full resolution.
QImage full_image(const pipeline::LayerMaps& maps, int64_t channel, const QRect& source,
                  const QSize& target, Colormap colormap, const core::MapScale& scale);

}  // namespace cs::gui
