#include "engine/model/preprocess.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"
#include "engine/image_io.hpp"

namespace cs {
namespace {

constexpr int64_t max_side = 8192;  // larger inputs are not what a model is run on here

void check(const Preprocess& p) {
    require(p.channels == 1 || p.channels == 3,
            "the model input must have 1 or 3 channels, not " + std::to_string(p.channels));
    require(p.resize >= 0 && p.resize <= max_side,
            "the resize size must be between 0 (keep) and " + std::to_string(max_side));
    require(p.crop_height >= 0 && p.crop_width >= 0 && p.crop_height <= max_side &&
                p.crop_width <= max_side,
            "the crop size must be between 0 (no crop) and " + std::to_string(max_side));
    require(std::isfinite(p.scale) && p.scale != 0, "the scale must be a number other than 0");
    for (int c = 0; c < 3; ++c) {
        require(std::isfinite(p.mean[c]), "the mean must be a number");
        require(std::isfinite(p.std[c]) && p.std[c] != 0,
                "the standard deviation must be a number other than 0");
    }
}

Tensor to_channels(const Tensor& image, int64_t channels) {
    const int64_t have = image.size(1);
    if (have == channels) {
        return image;
    }
    const int64_t plane = image.size(2) * image.size(3);
    Tensor out = Tensor::uninitialized({1, channels, image.size(2), image.size(3)});
    const float* in = image.data();
    float* o = out.data();
    if (channels == 1) {  // BT.601, as load_image's grayscale
        for (int64_t i = 0; i < plane; ++i) {
            o[i] = 0.299f * in[i] + 0.587f * in[plane + i] + 0.114f * in[2 * plane + i];
        }
    } else {
        for (int64_t c = 0; c < 3; ++c) {
            std::copy(in, in + plane, o + c * plane);
        }
    }
    return out;
}

Tensor centre_crop(const Tensor& image, int64_t height, int64_t width) {
    const int64_t in_h = image.size(2);
    const int64_t in_w = image.size(3);
    require(height <= in_h && width <= in_w,
            "the crop (" + std::to_string(height) + " × " + std::to_string(width) +
                ") is larger than the resized image (" + std::to_string(in_h) + " × " +
                std::to_string(in_w) + ")");
    // torchvision's CenterCrop rounds the offset to the nearest pixel.
    const int64_t top = static_cast<int64_t>(std::lround((in_h - height) / 2.0));
    const int64_t left = static_cast<int64_t>(std::lround((in_w - width) / 2.0));
    Tensor out = Tensor::uninitialized({1, image.size(1), height, width});
    for (int64_t c = 0; c < image.size(1); ++c) {
        for (int64_t y = 0; y < height; ++y) {
            const float* row = image.data() + (c * in_h + top + y) * in_w + left;
            std::copy(row, row + width, out.data() + (c * height + y) * width);
        }
    }
    return out;
}

}  // namespace

Preprocess default_preprocess(const Shape& model_input) {
    Preprocess p;
    if (model_input.size() == 3) {
        p.channels = model_input[0] == 1 ? 1 : 3;
        p.crop_height = model_input[1];
        p.crop_width = model_input[2];
        p.resize = std::max(model_input[1], model_input[2]);
    }
    return p;
}

Preprocess with_imagenet_normalisation(Preprocess p) {
    p.scale = 1.0;
    p.mean = {0.485, 0.456, 0.406};
    p.std = {0.229, 0.224, 0.225};
    if (p.bgr) {
        std::swap(p.mean[0], p.mean[2]);
        std::swap(p.std[0], p.std[2]);
    }
    return p;
}

Tensor preprocess_image(const Tensor& image, const Preprocess& p) {
    check(p);
    require(image.dim() == 4 && image.size(0) == 1 && (image.size(1) == 1 || image.size(1) == 3),
            "preprocessing takes one image of 1 or 3 channels");
    Tensor t = image;
    if (p.resize > 0) {
        const int64_t h = t.size(2);
        const int64_t w = t.size(3);
        const double factor = static_cast<double>(p.resize) / static_cast<double>(std::min(h, w));
        // torchvision's Resize(int): the shorter side is `resize`, the longer keeps the aspect.
        const int64_t new_h = h <= w ? p.resize : static_cast<int64_t>(h * factor);
        const int64_t new_w = h <= w ? static_cast<int64_t>(w * factor) : p.resize;
        require(std::max(new_h, new_w) <= max_side,
                "the resized image would be " + std::to_string(new_h) + " × " +
                    std::to_string(new_w) + " pixels; choose a smaller size");
        t = resize_image(t, std::max<int64_t>(1, new_h), std::max<int64_t>(1, new_w));
    }
    if (p.crop_height > 0 || p.crop_width > 0) {
        t = centre_crop(t, p.crop_height > 0 ? p.crop_height : t.size(2),
                        p.crop_width > 0 ? p.crop_width : t.size(3));
    }
    t = to_channels(t, p.channels);
    Tensor out = Tensor::uninitialized(t.shape());
    const int64_t plane = t.size(2) * t.size(3);
    for (int64_t c = 0; c < p.channels; ++c) {
        const int64_t from = p.bgr && p.channels == 3 ? 2 - c : c;
        const double mean = p.mean[static_cast<size_t>(c)];
        const double inv_std = 1.0 / p.std[static_cast<size_t>(c)];
        const float* in = t.data() + from * plane;
        float* o = out.data() + c * plane;
        for (int64_t i = 0; i < plane; ++i) {
            o[i] = static_cast<float>((in[i] * p.scale - mean) * inv_std);
        }
    }
    return out;
}

nlohmann::json preprocess_to_json(const Preprocess& p) {
    return {{"resize", p.resize},    {"crop", {p.crop_height, p.crop_width}},
            {"scale", p.scale},      {"mean", p.mean},
            {"std", p.std},          {"bgr", p.bgr},
            {"channels", p.channels}};
}

Preprocess preprocess_from_json(const nlohmann::json& j) {
    require(j.is_object(), "the preprocessing options must be a JSON object");
    Preprocess p;
    try {
        p.resize = j.value("resize", p.resize);
        if (j.contains("crop")) {
            const auto crop = j.at("crop").get<std::array<int64_t, 2>>();
            p.crop_height = crop[0];
            p.crop_width = crop[1];
        }
        p.scale = j.value("scale", p.scale);
        p.mean = j.value("mean", p.mean);
        p.std = j.value("std", p.std);
        p.bgr = j.value("bgr", p.bgr);
        p.channels = j.value("channels", p.channels);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("the preprocessing options are not valid: ") + e.what());
    }
    check(p);
    return p;
}

}  // namespace cs
