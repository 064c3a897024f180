#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include "engine/colormap.hpp"

using cs::Colormap;
using cs::Normalization;

TEST_CASE("colormap: gray runs from black to white") {
    CHECK(cs::colormap_rgb(Colormap::gray, 0.0f) == cs::Rgb{0, 0, 0});
    CHECK(cs::colormap_rgb(Colormap::gray, 0.5f) == cs::Rgb{128, 128, 128});
    CHECK(cs::colormap_rgb(Colormap::gray, 1.0f) == cs::Rgb{255, 255, 255});
    CHECK(cs::colormap_rgb(Colormap::gray, 7.0f) == cs::Rgb{255, 255, 255});  // clamped
}

TEST_CASE("colormap: diverging is blue below zero, white at zero, red above") {
    CHECK(cs::colormap_rgb(Colormap::diverging, 0.0f) == cs::Rgb{59, 76, 192});
    CHECK(cs::colormap_rgb(Colormap::diverging, 0.5f) == cs::Rgb{255, 255, 255});
    CHECK(cs::colormap_rgb(Colormap::diverging, 1.0f) == cs::Rgb{180, 4, 38});
}

TEST_CASE("colormap: viridis ends match OpenCV's table") {
    CHECK(cs::colormap_rgb(Colormap::viridis, 0.0f) == cs::Rgb{68, 1, 84});
    CHECK(cs::colormap_rgb(Colormap::viridis, 1.0f) == cs::Rgb{253, 231, 37});
}

TEST_CASE("colormap: symmetric normalisation puts zero in the middle") {
    const std::vector<float> values = {-1.0f, 0.0f, 3.0f};
    const auto range = cs::normalization_range(values.data(), 3, {Normalization::Kind::symmetric});
    CHECK(range[0] == -3.0f);
    CHECK(range[1] == 3.0f);
    const auto rgb =
        cs::colorize(values.data(), 3, Colormap::diverging, {Normalization::Kind::symmetric});
    CHECK(rgb[3] == 255);  // the zero is white
    CHECK(rgb[4] == 255);
    CHECK(rgb[6] == 180);  // the maximum is full red
}

TEST_CASE("colormap: min-max of a constant map and a fixed range") {
    const std::vector<float> flat = {2.0f, 2.0f};
    const auto range = cs::normalization_range(flat.data(), 2, {});
    CHECK(range[1] - range[0] == 1.0f);
    const std::vector<float> values = {0.25f};
    const auto rgb =
        cs::colorize(values.data(), 1, Colormap::gray, {Normalization::Kind::fixed, 0.0f, 0.5f});
    CHECK(rgb[0] == 128);
    CHECK_THROWS(
        cs::normalization_range(values.data(), 1, {Normalization::Kind::fixed, 1.0f, 1.0f}));
    CHECK_THROWS(cs::colormap_from_name("rainbow"));
}

TEST_CASE("colormap: the range of a large map skips NaN and infinities in every slice") {
    std::vector<float> values(3'000'001, 0.5f);
    values[17] = std::numeric_limits<float>::quiet_NaN();
    values[400'000] = -std::numeric_limits<float>::infinity();
    values[1'234'567] = -2.0f;
    values[3'000'000] = 7.0f;
    const auto range = cs::normalization_range(values.data(), static_cast<int64_t>(values.size()),
                                               {cs::Normalization::Kind::min_max, 0, 0});
    CHECK(range[0] == -2.0f);
    CHECK(range[1] == 7.0f);
}
