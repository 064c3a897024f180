#include "engine/train/predict.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"

namespace cs {
namespace {

// weights[o][i]: how much of input cell i falls into output cell o, divided by the output
// cell's size in input cells; each row sums to 1.
std::vector<std::vector<std::pair<int64_t, double>>> area_weights(int64_t in, int64_t out) {
    std::vector<std::vector<std::pair<int64_t, double>>> w(static_cast<size_t>(out));
    const double scale = static_cast<double>(in) / static_cast<double>(out);
    for (int64_t o = 0; o < out; ++o) {
        const double lo = o * scale;
        const double hi = (o + 1) * scale;
        for (auto i = static_cast<int64_t>(lo); i < in && static_cast<double>(i) < hi; ++i) {
            const double overlap =
                std::min(hi, static_cast<double>(i + 1)) - std::max(lo, static_cast<double>(i));
            if (overlap > 0) {
                w[static_cast<size_t>(o)].push_back({i, overlap / scale});
            }
        }
    }
    return w;
}

}  // namespace

Tensor area_resize(const Tensor& plane, int64_t out_h, int64_t out_w) {
    plane.require_rank(2, "the plane to resize");
    require(out_h > 0 && out_w > 0 && plane.numel() > 0, "cannot resize an empty picture");
    const int64_t in_h = plane.size(0);
    const int64_t in_w = plane.size(1);
    const auto wy = area_weights(in_h, out_h);
    const auto wx = area_weights(in_w, out_w);
    // Rows first (in_h × out_w), then columns.
    std::vector<double> rows(static_cast<size_t>(in_h * out_w), 0.0);
    for (int64_t y = 0; y < in_h; ++y) {
        for (int64_t ox = 0; ox < out_w; ++ox) {
            double sum = 0.0;
            for (const auto& [x, weight] : wx[static_cast<size_t>(ox)]) {
                sum += weight * plane.data()[y * in_w + x];
            }
            rows[static_cast<size_t>(y * out_w + ox)] = sum;
        }
    }
    Tensor out({out_h, out_w});
    for (int64_t oy = 0; oy < out_h; ++oy) {
        for (int64_t ox = 0; ox < out_w; ++ox) {
            double sum = 0.0;
            for (const auto& [y, weight] : wy[static_cast<size_t>(oy)]) {
                sum += weight * rows[static_cast<size_t>(y * out_w + ox)];
            }
            out.data()[oy * out_w + ox] = static_cast<float>(sum);
        }
    }
    return out;
}

PreparedImage prepare_image(const Tensor& image, int64_t height, int64_t width, InvertMode invert) {
    image.require_rank(4, "the picture");
    require(image.size(0) == 1 && (image.size(1) == 1 || image.size(1) == 3),
            "the picture must be one gray or colour image (1, 1|3, H, W), got " +
                shape_string(image.shape()));
    const int64_t h = image.size(2);
    const int64_t w = image.size(3);
    Tensor gray({h, w});
    for (int64_t y = 0; y < h; ++y) {
        for (int64_t x = 0; x < w; ++x) {
            gray.data()[y * w + x] = image.size(1) == 1
                                         ? image(0, 0, y, x)
                                         : 0.299f * image(0, 0, y, x) + 0.587f * image(0, 1, y, x) +
                                               0.114f * image(0, 2, y, x);
        }
    }
    // The background colour: the mean of the outermost rows and columns.
    double border = 0.0;
    int64_t border_count = 0;
    for (int64_t y = 0; y < h; ++y) {
        for (int64_t x = 0; x < w; ++x) {
            if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
                border += gray.data()[y * w + x];
                ++border_count;
            }
        }
    }
    PreparedImage prepared;
    prepared.background = static_cast<float>(border / static_cast<double>(border_count));
    // A picture of extreme aspect (100,000 × 1) would make a square of 10^10 pixels: shrink
    // the longer side to 2048 first (area averaging again, so the 28 × 28 result barely
    // changes; pictures up to 2048 pixels are not touched).
    constexpr int64_t longest = 2048;
    if (std::max(h, w) > longest) {
        const double scale = static_cast<double>(longest) / static_cast<double>(std::max(h, w));
        const int64_t sh = std::max<int64_t>(1, std::llround(static_cast<double>(h) * scale));
        const int64_t sw = std::max<int64_t>(1, std::llround(static_cast<double>(w) * scale));
        gray = area_resize(gray, sh, sw);
    }
    const int64_t h2 = gray.size(0);
    const int64_t w2 = gray.size(1);
    // Pad to a square of the background colour, the picture in the middle.
    const int64_t side = std::max(h2, w2);
    Tensor square({side, side}, prepared.background);
    const int64_t top = (side - h2) / 2;
    const int64_t left = (side - w2) / 2;
    for (int64_t y = 0; y < h2; ++y) {
        std::copy(gray.data() + y * w2, gray.data() + (y + 1) * w2,
                  square.data() + (top + y) * side + left);
    }
    Tensor small = area_resize(square, height, width);
    prepared.inverted = invert == InvertMode::always ||
                        (invert == InvertMode::automatic && prepared.background > 0.5f);
    if (prepared.inverted) {
        for (float& v : small.values()) {
            v = 1.0f - v;
        }
    }
    prepared.input = small.reshaped({1, 1, height, width});
    return prepared;
}

std::vector<ClassScore> classify(const Network& network, const Tensor& input) {
    const Tensor p = network.probabilities(input);
    std::vector<ClassScore> scores;
    for (int64_t j = 0; j < p.size(1); ++j) {
        scores.push_back({j, p.data()[j]});
    }
    std::stable_sort(scores.begin(), scores.end(), [](const ClassScore& a, const ClassScore& b) {
        return a.probability > b.probability;
    });
    return scores;
}

}  // namespace cs
