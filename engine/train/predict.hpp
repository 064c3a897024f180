#pragma once
// Preparing an arbitrary picture for a network trained on Fashion-MNIST, and classifying it.
//
// Fashion-MNIST shows a light object on a black background (pixel 0 = background), each
// picture 28×28 with the object filling the frame. A photo is usually the opposite: a dark
// object on a light background. So the picture is converted to gray, padded to a square with
// its own background colour (the mean of its border pixels) so that the object keeps its
// proportions, shrunk to 28×28 by area averaging, and — by default, when that border is light
// (mean > 0.5) — inverted (v → 1 − v) so that it looks like the training data.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/tensor.hpp"
#include "engine/train/network.hpp"

namespace cs {

enum class InvertMode {
    automatic,  // invert when the picture's border is light
    always,
    never,
};

struct PreparedImage {
    Tensor input;             // (1, 1, height, width) in [0, 1], ready for the network
    bool inverted = false;    // whether v → 1 − v was applied
    float background = 0.0f;  // mean of the original border, before any inversion
};

// `image`: (1, C, H, W) in [0, 1] as load_image gives; colour is converted to gray with the
// BT.601 weights (0.299 R + 0.587 G + 0.114 B).
PreparedImage prepare_image(const Tensor& image, int64_t height, int64_t width, InvertMode invert);

// Resizes an (H, W) plane to (out_h, out_w): each output pixel is the mean of the input area it
// covers (partial pixels weighted by their overlap), which is what shrinking a picture should do.
Tensor area_resize(const Tensor& plane, int64_t out_h, int64_t out_w);

struct ClassScore {
    int64_t label = 0;
    float probability = 0.0f;
};

// The network's class probabilities for one prepared input, highest first.
std::vector<ClassScore> classify(const Network& network, const Tensor& input);

}  // namespace cs
