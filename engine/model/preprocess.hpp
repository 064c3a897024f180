#pragma once
// Turning a photo into the input a model expects, as torchvision's transforms do before a
// pretrained network: resize the shorter side, crop the centre, scale, subtract the mean and
// divide by the standard deviation per channel, in RGB or BGR order, one or three channels.
// The same options serve `convscope-cli model run --image` and the window's model dialog, and
// are saved with a model in the recent list.
#include <array>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/tensor.hpp"

namespace cs {

struct Preprocess {
    int64_t resize = 0;       // the shorter side becomes this many pixels (0: keep the size)
    int64_t crop_height = 0;  // a centre crop of this size after resizing (0: no crop)
    int64_t crop_width = 0;
    double scale = 1.0;  // pixel values in [0, 1] are multiplied by this (255: values in [0, 255])
    std::array<double, 3> mean{0.0, 0.0, 0.0};  // per channel, in the model's channel order
    std::array<double, 3> std{1.0, 1.0, 1.0};
    bool bgr = false;      // channels in the order blue, green, red (models trained with OpenCV)
    int64_t channels = 3;  // 1: gray (ITU-R BT.601 weights), 3: colour

    bool operator==(const Preprocess&) const = default;
};

// What a model whose input is (C, H, W) most likely expects: the shorter side resized to the
// larger of H and W, the centre H × W crop, values in [0, 1], C channels. ImageNet's mean and std
// are not assumed: the dialog offers them.
Preprocess default_preprocess(const Shape& model_input);
// torchvision's ImageNet normalisation (mean 0.485, 0.456, 0.406; std 0.229, 0.224, 0.225).
Preprocess with_imagenet_normalisation(Preprocess p);

// Applies `p` to a (1, 1|3, H, W) image in [0, 1] (engine/image_io.hpp's load_image): the result
// is (1, channels, h, w). Throws cs::Error on options that cannot apply (a crop larger than the
// resized image, a standard deviation of 0, channels other than 1 or 3).
Tensor preprocess_image(const Tensor& image, const Preprocess& p);

// The JSON form saved with a model in the recent list; unknown or missing fields take the
// defaults, fields of the wrong type are refused with a message naming them.
nlohmann::json preprocess_to_json(const Preprocess& p);
Preprocess preprocess_from_json(const nlohmann::json& j);

}  // namespace cs
