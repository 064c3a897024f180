#pragma once
// Feature maps to files: one PNG per channel, a contact sheet of a whole layer, and the raw
// float32 values as .npy (numpy.load reads them; the CLI tests compare them exactly).
#include <functional>
#include <string>

#include "engine/colormap.hpp"
#include "engine/pipeline/map_collector.hpp"

namespace cs::pipeline {

struct MapStyle {
    Colormap colormap = Colormap::gray;
    Normalization::Kind kind = Normalization::Kind::min_max;  // min_max or symmetric
    bool shared = false;  // one colour range for all channels of the layer, else one each
};

// The colour range of channel c of a layer whose channel ranges are low/high.
Normalization map_normalization(const LayerMaps& maps, int64_t channel, const MapStyle& style);

// Writes channel c at full resolution (maps.has_full(c)) as a colour PNG.
void save_channel_png(const LayerMaps& maps, int64_t channel, const std::string& path,
                      const MapStyle& style);

// All channels of a layer side by side in a grid (thumbnails, `gap` pixels apart on white),
// as a (1, 3, H, W) image in [0, 1]; channel c coloured with normalization_of(c), or with
// map_normalization without one.
Tensor contact_sheet(const LayerMaps& maps, const MapStyle& style, int64_t gap = 4,
                     const std::function<Normalization(int64_t)>& normalization_of = {});

// A float32 tensor as a NumPy .npy file (version 1.0, little-endian, C order).
void write_npy(const Tensor& t, const std::string& path);
// A .npy file of float32 or float64 values in C order (numpy.save's default), as float32.
// Throws cs::Error naming the file for anything else: another type, Fortran order, a shape
// that does not match the values the file holds, a file over max_npy_bytes.
inline constexpr int64_t max_npy_bytes = int64_t{1} << 30;
Tensor read_npy(const std::string& path);

}  // namespace cs::pipeline
