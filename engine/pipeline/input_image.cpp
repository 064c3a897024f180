#include "engine/pipeline/input_image.hpp"

#include <cmath>

#include "engine/error.hpp"
#include "engine/parallel.hpp"

namespace cs::pipeline {

InputImage::InputImage(Tensor image) : shape_(image.shape()) {
    image.require_rank(4, "the pipeline input");
    // Compact when every value is one of 256 per code k = round(255·v), the same float for the
    // same k everywhere: then the bytes give back the very same floats.
    std::array<bool, 256> seen{};
    std::vector<uint8_t> codes(static_cast<size_t>(image.numel()));
    bool lossless = true;
    const float* v = image.data();
    for (int64_t i = 0; i < image.numel() && lossless; ++i) {
        const float x = v[i];
        if (!(x >= 0.0f && x <= 1.0f)) {
            lossless = false;
            break;
        }
        const auto k = static_cast<uint8_t>(std::lround(x * 255.0f));
        if (!seen[k]) {
            seen[k] = true;
            lut_[k] = x;
        } else if (lut_[k] != x) {
            lossless = false;
        }
        codes[static_cast<size_t>(i)] = k;
    }
    if (lossless) {
        codes_ = std::move(codes);
    } else {
        values_ = std::move(image);
    }
}

int64_t InputImage::bytes() const {
    return compact() ? static_cast<int64_t>(codes_.size()) : values_.numel() * 4;
}

void InputImage::copy_row(int64_t c, int64_t y, float* dst) const {
    const int64_t w = shape_[3];
    const int64_t offset = (c * shape_[2] + y) * w;
    if (!compact()) {
        std::copy(values_.data() + offset, values_.data() + offset + w, dst);
        return;
    }
    const uint8_t* src = codes_.data() + offset;
    for (int64_t x = 0; x < w; ++x) {
        dst[x] = lut_[src[x]];
    }
}

Tensor InputImage::to_tensor() const {
    if (!compact()) {
        return values_;
    }
    Tensor out(shape_);
    for (int64_t c = 0; c < shape_[1]; ++c) {
        for (int64_t y = 0; y < shape_[2]; ++y) {
            copy_row(c, y, out.data() + (c * shape_[2] + y) * shape_[3]);
        }
    }
    return out;
}

Pair fit_size(int64_t height, int64_t width, int64_t max_side) {
    const int64_t longer = std::max(height, width);
    if (max_side <= 0 || longer <= max_side) {
        return {height, width};
    }
    const double scale = static_cast<double>(max_side) / static_cast<double>(longer);
    return {std::max<int64_t>(1, std::llround(static_cast<double>(height) * scale)),
            std::max<int64_t>(1, std::llround(static_cast<double>(width) * scale))};
}

Tensor resize_area(const Tensor& image, const Pair& size) {
    // input (N, C, H, W); out (N, C, OH, OW)
    image.require_rank(4, "resize_area input");
    require(size.h >= 1 && size.w >= 1, "resize: the size must be at least 1×1");
    const int64_t planes = image.size(0) * image.size(1);
    const int64_t H = image.size(2), W = image.size(3);
    if (H == size.h && W == size.w) {
        return image;
    }
    Tensor out({image.size(0), image.size(1), size.h, size.w});
    parallel_for(0, planes * size.h, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row) {
            const int64_t plane = row / size.h, oy = row % size.h;
            const int64_t y0 = oy * H / size.h;
            const int64_t y1 = ((oy + 1) * H + size.h - 1) / size.h;
            const float* in = image.data() + plane * H * W;
            float* dst = out.data() + row * size.w;
            for (int64_t ox = 0; ox < size.w; ++ox) {
                const int64_t x0 = ox * W / size.w;
                const int64_t x1 = ((ox + 1) * W + size.w - 1) / size.w;
                float sum = 0.0f;
                for (int64_t y = y0; y < y1; ++y) {
                    for (int64_t x = x0; x < x1; ++x) {
                        sum += in[y * W + x];
                    }
                }
                dst[ox] = sum / static_cast<float>(y1 - y0) / static_cast<float>(x1 - x0);
            }
        }
    });
    return out;
}

Tensor prepare_input(Tensor image, const InputSpec& spec) {
    image.require_rank(4, "the image");
    require(image.size(1) == 1 || image.size(1) == 3,
            "the image must have 1 or 3 channels, got " + shape_string(image.shape()));
    const int64_t plane = image.size(2) * image.size(3);
    if (spec.channels == 1 && image.size(1) == 3) {
        Tensor gray({image.size(0), 1, image.size(2), image.size(3)});
        const float* r = image.data();
        const float* g = r + plane;
        const float* b = g + plane;
        float* out = gray.data();
        parallel_for(
            0, plane,
            [&](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i) {
                    out[i] = 0.2989f * r[i] + 0.587f * g[i] + 0.114f * b[i];
                }
            },
            1 << 16);
        image = std::move(gray);
    } else if (spec.channels == 3 && image.size(1) == 1) {
        Tensor rgb({image.size(0), 3, image.size(2), image.size(3)});
        for (int c = 0; c < 3; ++c) {
            std::copy(image.data(), image.data() + plane, rgb.data() + c * plane);
        }
        image = std::move(rgb);
    }
    if (spec.size) {
        image = resize_area(image, *spec.size);
    }
    return image;
}

}  // namespace cs::pipeline
