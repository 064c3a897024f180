#include "app/core/page_image.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"

namespace cs::core {
namespace {

QImage shrink(QImage image, int max_side) {
    if (max_side > 0 && std::max(image.width(), image.height()) > max_side) {
        return image.scaled(max_side, max_side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    return image;
}

}  // namespace

QImage map_image(const Tensor& t, int64_t channel, Colormap colormap,
                 const Normalization& normalization, int max_side) {
    t.require_rank(4, "a feature map");
    require(channel >= 0 && channel < t.size(1), "no channel " + std::to_string(channel));
    const int height = static_cast<int>(t.size(2));
    const int width = static_cast<int>(t.size(3));
    const int64_t plane = int64_t{height} * width;
    const std::vector<uint8_t> bytes =
        colorize(t.data() + channel * plane, plane, colormap, normalization);
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        std::copy(bytes.begin() + int64_t{y} * width * 3,
                  bytes.begin() + int64_t{y + 1} * width * 3, image.scanLine(y));
    }
    return shrink(std::move(image), max_side);
}

QImage picture_image(const Tensor& t, int max_side) {
    t.require_rank(4, "an image");
    if (t.size(1) != 3) {
        return map_image(t, 0, Colormap::gray, {Normalization::Kind::fixed, 0.0f, 1.0f}, max_side);
    }
    const int height = static_cast<int>(t.size(2));
    const int width = static_cast<int>(t.size(3));
    const int64_t plane = int64_t{height} * width;
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < width; ++x) {
            for (int c = 0; c < 3; ++c) {
                const float v = t.data()[c * plane + int64_t{y} * width + x];
                line[x * 3 + c] = static_cast<uchar>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f);
            }
        }
    }
    return shrink(std::move(image), max_side);
}

}  // namespace cs::core
