#include "app/gui/feature_map_image.hpp"

#include <algorithm>

namespace cs::gui {

pipeline::MapStyle map_style(Colormap colormap, bool shared) {
    pipeline::MapStyle style;
    style.colormap = colormap;
    style.kind = colormap == Colormap::diverging ? Normalization::Kind::symmetric
                                                 : Normalization::Kind::min_max;
    style.shared = shared;
    return style;
}

QImage thumbnail_image(const pipeline::LayerMaps& maps, int64_t channel, Colormap colormap,
                       const core::MapScale& scale) {
    const int w = static_cast<int>(maps.thumb_w), h = static_cast<int>(maps.thumb_h);
    QImage image(w, h, QImage::Format_RGB888);
    const std::vector<uint8_t> rgb =
        colorize(maps.thumb_plane(channel), int64_t{w} * h, colormap, scale.normalization());
    for (int y = 0; y < h; ++y) {
        std::copy(rgb.begin() + int64_t{y} * w * 3, rgb.begin() + int64_t{y + 1} * w * 3,
                  image.scanLine(y));
    }
    return image;
}

QImage full_image(const pipeline::LayerMaps& maps, int64_t channel, const QRect& source,
                  const QSize& target, Colormap colormap, const core::MapScale& scale) {
    const QRect area = source.intersected(
        QRect(0, 0, static_cast<int>(maps.width), static_cast<int>(maps.height)));
    if (!maps.has_full(channel) || area.isEmpty() || target.isEmpty()) {
        return {};
    }
    // One image pixel per map pixel when that fits, else sample down to the target.
    const double step = std::max({1.0, static_cast<double>(area.width()) / target.width(),
                                  static_cast<double>(area.height()) / target.height()});
    const int w = std::max(1, static_cast<int>(area.width() / step));
    const int h = std::max(1, static_cast<int>(area.height() / step));
    std::vector<float> values(static_cast<size_t>(w) * h);
    const float* plane = maps.full_plane(channel);
    for (int y = 0; y < h; ++y) {
        const int64_t sy = area.top() + static_cast<int64_t>(y * step);
        for (int x = 0; x < w; ++x) {
            const int64_t sx = area.left() + static_cast<int64_t>(x * step);
            values[static_cast<size_t>(y) * w + x] = plane[sy * maps.width + sx];
        }
    }
    const std::vector<uint8_t> rgb = colorize(values.data(), static_cast<int64_t>(values.size()),
                                              colormap, scale.normalization());
    QImage image(w, h, QImage::Format_RGB888);
    for (int y = 0; y < h; ++y) {
        std::copy(rgb.begin() + int64_t{y} * w * 3, rgb.begin() + int64_t{y + 1} * w * 3,
                  image.scanLine(y));
    }
    return image;
}

}  // namespace cs::gui
