#include "engine/colormap.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/error.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

// COLORMAP_VIRIDIS sampled at 9 points (from OpenCV's table); linear in between.
constexpr std::array<std::array<float, 3>, 9> viridis_stops = {{
    {68, 1, 84},
    {71, 44, 122},
    {59, 81, 139},
    {44, 113, 142},
    {33, 144, 141},
    {39, 173, 129},
    {92, 200, 99},
    {170, 220, 50},
    {253, 231, 37},
}};

uint8_t to_byte(float v) {
    return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

Rgb viridis(float t) {
    const float pos = t * static_cast<float>(viridis_stops.size() - 1);
    const size_t i = std::min(static_cast<size_t>(pos), viridis_stops.size() - 2);
    const float f = pos - static_cast<float>(i);
    Rgb rgb{};
    for (size_t k = 0; k < 3; ++k) {
        rgb[k] = to_byte(viridis_stops[i][k] * (1 - f) + viridis_stops[i + 1][k] * f);
    }
    return rgb;
}

// Blue (59, 76, 192) at 0, white at 0.5, red (180, 4, 38) at 1: zero stays white so the sign of
// a value is read from its hue alone.
Rgb diverging(float t) {
    constexpr std::array<float, 3> blue = {59, 76, 192};
    constexpr std::array<float, 3> red = {180, 4, 38};
    const auto& end = t < 0.5f ? blue : red;
    const float f = std::abs(t - 0.5f) * 2.0f;
    Rgb rgb{};
    for (size_t k = 0; k < 3; ++k) {
        rgb[k] = to_byte(255.0f * (1 - f) + end[k] * f);
    }
    return rgb;
}

// Smallest and largest finite value ({inf, -inf} when there is none). A 12-megapixel map is
// scanned in slices on every core: the window colours it when a result arrives.
std::array<float, 2> finite_range(const float* values, int64_t count) {
    constexpr int64_t slice = int64_t{1} << 18;
    const int64_t slices = (count + slice - 1) / slice;
    std::vector<std::array<float, 2>> ranges(static_cast<size_t>(slices),
                                             std::array<float, 2>{INFINITY, -INFINITY});
    parallel_for(0, slices, [&](int64_t first, int64_t last) {
        for (int64_t s = first; s < last; ++s) {
            float lo = INFINITY;
            float hi = -INFINITY;
            for (int64_t i = s * slice; i < std::min(count, (s + 1) * slice); ++i) {
                if (std::isfinite(values[i])) {
                    lo = std::min(lo, values[i]);
                    hi = std::max(hi, values[i]);
                }
            }
            ranges[static_cast<size_t>(s)] = {lo, hi};
        }
    });
    std::array<float, 2> range{INFINITY, -INFINITY};
    for (const auto& r : ranges) {
        range = {std::min(range[0], r[0]), std::max(range[1], r[1])};
    }
    return range;
}

}  // namespace

Rgb colormap_rgb(Colormap colormap, float t) {
    t = std::isnan(t) ? 0.0f : std::clamp(t, 0.0f, 1.0f);
    switch (colormap) {
        case Colormap::gray: {
            const uint8_t g = to_byte(t * 255.0f);
            return {g, g, g};
        }
        case Colormap::diverging:
            return diverging(t);
        case Colormap::viridis:
            return viridis(t);
    }
    return {0, 0, 0};
}

std::array<float, 2> normalization_range(const float* values, int64_t count,
                                         const Normalization& normalization) {
    if (normalization.kind == Normalization::Kind::fixed) {
        require(normalization.high > normalization.low,
                "a fixed colour range needs high > low, got [" + std::to_string(normalization.low) +
                    ", " + std::to_string(normalization.high) + "]");
        return {normalization.low, normalization.high};
    }
    auto [lo, hi] = finite_range(values, count);
    if (lo > hi) {  // no finite value at all
        return {0.0f, 1.0f};
    }
    if (normalization.kind == Normalization::Kind::symmetric) {
        const float m = std::max(std::abs(lo), std::abs(hi));
        return m > 0 ? std::array<float, 2>{-m, m} : std::array<float, 2>{-1.0f, 1.0f};
    }
    if (hi == lo) {
        return {lo - 0.5f, lo + 0.5f};
    }
    return {lo, hi};
}

std::vector<uint8_t> colorize(const float* values, int64_t count, Colormap colormap,
                              const Normalization& normalization) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    const std::array<float, 2> range = normalization_range(values, count, normalization);
    const float lo = range[0];
    const float scale = 1.0f / (range[1] - lo);
    std::vector<uint8_t> rgb(static_cast<size_t>(count) * 3);
    // In parallel: the window colours a screenful of a map when a result arrives.
    parallel_for(
        0, count,
        [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                const Rgb c = colormap_rgb(colormap, (values[i] - lo) * scale);
                std::copy(c.begin(), c.end(), rgb.begin() + i * 3);
            }
        },
        int64_t{1} << 15);
    return rgb;
}

Colormap colormap_from_name(const std::string& name) {
    if (name == "gray" || name == "grey") {
        return Colormap::gray;
    }
    if (name == "diverging") {
        return Colormap::diverging;
    }
    if (name == "viridis") {
        return Colormap::viridis;
    }
    throw Error("unknown colormap \"" + name + "\"; use gray, diverging or viridis");
}

const char* colormap_name(Colormap colormap) {
    switch (colormap) {
        case Colormap::gray:
            return "gray";
        case Colormap::diverging:
            return "diverging";
        case Colormap::viridis:
            return "viridis";
    }
    return "gray";
}

}  // namespace cs
