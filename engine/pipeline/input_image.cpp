#include "engine/pipeline/input_image.hpp"

#include <cmath>
#include <utility>

#include "engine/error.hpp"
#include "engine/parallel.hpp"

namespace cs::pipeline {

InputImage::InputImage(Tensor image) {
    image.require_rank(4, "the pipeline input");
    Builder builder(image.shape(), false);
    builder.add(std::as_const(image).data(), 0, image.numel());  // a shared photo stays shared
    if (builder.compact()) {
        *this = builder.finish();
    } else {
        shape_ = image.shape();
        values_ = std::move(image);
    }
}

InputImage::Builder::Builder(Shape shape, bool keep_floats)
    : shape_(std::move(shape)), keep_floats_(keep_floats) {
    codes_.resize(static_cast<size_t>(shape_numel(shape_)));
}

// Compact while every value is one of 256 per code k = round(255·v), the same float for the
// same k everywhere: then the bytes give back the very same floats.
void InputImage::Builder::add(const float* values, int64_t begin, int64_t end) {
    require(begin == next_ && end <= shape_numel(shape_),
            "InputImage::Builder: pieces must come in order");
    for (int64_t i = begin; i < end && compact_; ++i) {
        const float x = values[i - begin];
        if (!(x >= 0.0f && x <= 1.0f)) {
            compact_ = false;
            break;
        }
        const auto k = static_cast<uint8_t>(std::lround(x * 255.0f));
        if (!seen_[k]) {
            seen_[k] = true;
            lut_[k] = x;
        } else if (lut_[k] != x) {
            compact_ = false;
            break;
        }
        codes_[static_cast<size_t>(i)] = k;
    }
    if (!compact_ && !keep_floats_) {
        next_ = end;
        return;
    }
    if (!compact_ && values_.empty()) {
        // Not an 8-bit image: the values so far back to floats, the rest as they come.
        values_ = Tensor(shape_);
        for (int64_t i = 0; i < begin; ++i) {
            values_.data()[i] = lut_[codes_[static_cast<size_t>(i)]];
        }
        codes_.clear();
        codes_.shrink_to_fit();
    }
    if (!compact_) {
        std::copy(values, values + (end - begin), values_.data() + begin);
    }
    next_ = end;
}

InputImage InputImage::Builder::finish() {
    InputImage image;
    image.shape_ = shape_;
    if (compact_) {
        image.codes_ = std::move(codes_);
        image.lut_ = lut_;
    } else {
        image.values_ = std::move(values_);
    }
    return image;
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

namespace {

// adaptive_avg_pool2d over rows given by `read(c, y, dst)`; each output row reads only its
// window's rows.
template <typename Read>
Tensor resize_rows(const Shape& shape, const Pair& size, Read read) {
    require(size.h >= 1 && size.w >= 1, "resize: the size must be at least 1×1");
    const int64_t C = shape[1], H = shape[2], W = shape[3];
    Tensor out({1, C, size.h, size.w});
    parallel_for(0, C * size.h, [&](int64_t begin, int64_t end) {
        std::vector<float> rows;
        for (int64_t row = begin; row < end; ++row) {
            const int64_t c = row / size.h, oy = row % size.h;
            const int64_t y0 = oy * H / size.h;
            const int64_t y1 = ((oy + 1) * H + size.h - 1) / size.h;
            rows.resize(static_cast<size_t>((y1 - y0) * W));
            for (int64_t y = y0; y < y1; ++y) {
                read(c, y, rows.data() + (y - y0) * W);
            }
            float* dst = out.data() + row * size.w;
            for (int64_t ox = 0; ox < size.w; ++ox) {
                const int64_t x0 = ox * W / size.w;
                const int64_t x1 = ((ox + 1) * W + size.w - 1) / size.w;
                float sum = 0.0f;
                for (int64_t y = 0; y < y1 - y0; ++y) {
                    for (int64_t x = x0; x < x1; ++x) {
                        sum += rows[static_cast<size_t>(y * W + x)];
                    }
                }
                dst[ox] = sum / static_cast<float>(y1 - y0) / static_cast<float>(x1 - x0);
            }
        }
    });
    return out;
}

}  // namespace

Tensor resize_area(const Tensor& image, const Pair& size) {
    // input (1, C, H, W); out (1, C, OH, OW)
    image.require_rank(4, "resize_area input");
    require(image.size(0) == 1, "resize_area takes one image, got " + shape_string(image.shape()));
    if (image.size(2) == size.h && image.size(3) == size.w) {
        return image;
    }
    const int64_t H = image.size(2), W = image.size(3);
    return resize_rows(image.shape(), size, [&](int64_t c, int64_t y, float* dst) {
        std::copy(image.data() + (c * H + y) * W, image.data() + (c * H + y + 1) * W, dst);
    });
}

Tensor resize_area(const InputImage& image, const Pair& size) {
    return resize_rows(image.shape(), size,
                       [&](int64_t c, int64_t y, float* dst) { image.copy_row(c, y, dst); });
}

InputImage prepare_input(const InputImage& image, const InputSpec& spec) {
    const Shape& s = image.shape();
    require(s.size() == 4 && s[0] == 1 && (s[1] == 1 || s[1] == 3),
            "the image must be (1, 1 or 3, H, W), got " + shape_string(s));
    const int64_t H = s[2], W = s[3];
    const bool to_gray = spec.channels == 1 && s[1] == 3;
    const bool to_rgb = spec.channels == 3 && s[1] == 1;
    const int64_t C = to_gray ? 1 : (to_rgb ? 3 : s[1]);
    // Row y of channel c of the converted image.
    const auto read = [&](int64_t c, int64_t y, float* dst) {
        if (to_gray) {
            std::vector<float> rgb(static_cast<size_t>(3 * W));
            for (int64_t k = 0; k < 3; ++k) {
                image.copy_row(k, y, rgb.data() + k * W);
            }
            const float* r = rgb.data();
            const float* g = r + W;
            const float* b = g + W;
            for (int64_t x = 0; x < W; ++x) {
                dst[x] = 0.2989f * r[x] + 0.587f * g[x] + 0.114f * b[x];
            }
        } else {
            image.copy_row(to_rgb ? 0 : c, y, dst);
        }
    };
    if (spec.size && (spec.size->h != H || spec.size->w != W)) {
        return InputImage(resize_rows({1, C, H, W}, *spec.size, read));
    }
    if (!to_gray && !to_rgb) {
        return image;
    }
    Tensor out({1, C, H, W});
    parallel_for(0, C * H, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row) {
            read(row / H, row % H, out.data() + row * W);
        }
    });
    return InputImage(std::move(out));
}

Tensor prepare_input(Tensor image, const InputSpec& spec) {
    image.require_rank(4, "the image");
    require(image.size(1) == 1 || image.size(1) == 3,
            "the image must have 1 or 3 channels, got " + shape_string(image.shape()));
    if (spec.channels == 0 && !spec.size) {
        return image;
    }
    return prepare_input(InputImage(std::move(image)), spec).to_tensor();
}

}  // namespace cs::pipeline
