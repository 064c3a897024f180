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

// The colour ranges: core::thumbnail_scale and core::full_scale (app/core/map_range.hpp).

// Channel c's thumbnail.
QImage thumbnail_image(const pipeline::LayerMaps& maps, int64_t channel, Colormap colormap,
                       const core::MapScale& scale);

// The part `source` (map pixels) of channel c's full-resolution map, sampled to at most
// `target` pixels (nearest neighbour: every pixel shown is a real value). Empty when the
// channel was not kept at full resolution.
QImage full_image(const pipeline::LayerMaps& maps, int64_t channel, const QRect& source,
                  const QSize& target, Colormap colormap, const core::MapScale& scale);

}  // namespace cs::gui
