#pragma once
// Feature maps and images as QImages for the lesson pages, built on a worker thread. Large
// maps are shrunk for display (the numbers stay those of the full-size map).
#include <QImage>

#include "engine/colormap.hpp"
#include "engine/tensor.hpp"

namespace cs::core {

// Longer side of a map as the pages draw it; a 12-megapixel photo is shown at this size.
constexpr int page_display_side = 1024;

// Plane `channel` of an (N, C, H, W) tensor (batch 0) coloured with `colormap`.
QImage map_image(const Tensor& t, int64_t channel, Colormap colormap,
                 const Normalization& normalization, int max_side = page_display_side);

// An image tensor in [0, 1]: RGB when C = 3, else gray from channel 0.
QImage picture_image(const Tensor& t, int max_side = page_display_side);

// Colour ranges (robust or full, per map or shared): app/core/map_range.hpp.

}  // namespace cs::core
