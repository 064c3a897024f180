#pragma once
// Turning feature-map values into colours: the same mapping for PNG export, the GUI and the CLI.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

enum class Colormap { gray, diverging, viridis };

// How values are mapped to [0, 1] before colouring.
struct Normalization {
    enum class Kind { min_max, symmetric, fixed } kind = Kind::min_max;
    float low = 0.0f;   // fixed: the value drawn as 0
    float high = 1.0f;  // fixed: the value drawn as 1
};

using Rgb = std::array<uint8_t, 3>;

// Colour of t in [0, 1] (clamped). gray: black→white; diverging: blue→white→red with white at
// 0.5; viridis: OpenCV's COLORMAP_VIRIDIS.
Rgb colormap_rgb(Colormap colormap, float t);

// The range [low, high] that `normalization` maps to [0, 1] for these values. symmetric gives
// [−m, m] with m = max |value| so that zero sits in the middle. A constant map gets a range of
// width 1 so that it is drawn without dividing by zero.
std::array<float, 2> normalization_range(const float* values, int64_t count,
                                         const Normalization& normalization);

// RGB bytes (3 per value) for `count` values.
std::vector<uint8_t> colorize(const float* values, int64_t count, Colormap colormap,
                              const Normalization& normalization);

Colormap colormap_from_name(const std::string& name);  // "gray", "diverging", "viridis"
const char* colormap_name(Colormap colormap);

}  // namespace cs
