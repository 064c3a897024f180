#pragma once
// Feature maps the lesson pages share, each computed by the engine's conv2d: the gray version of
// a photo (a 1×1 convolution), and 3×3 filters that keep the image size.
#include <array>

#include "engine/tensor.hpp"

namespace cs::core {

// A 3×3 kernel as a (1, 1, 3, 3) tensor, from its rows.
Tensor kernel3x3(const std::array<float, 9>& rows);
Tensor sobel_x_kernel();  // [−1 0 1; −2 0 2; −1 0 1], as cv::Sobel(dx = 1)
Tensor sobel_y_kernel();

// One channel: the image itself when it has one, else the 1×1 convolution with the ITU-R
// BT.601 weights 0.299 R + 0.587 G + 0.114 B (as OpenCV's gray conversion).
Tensor gray_image(const Tensor& image);

// conv2d of a one-channel map with a (1, 1, k, k) kernel, padding (k − 1) / 2 on each side
// with reflected borders (torch's "reflect" = OpenCV's default BORDER_REFLECT_101), so the
// output has the input's size. Throws cs::Error for an image smaller than the kernel.
Tensor filter_same(const Tensor& gray, const Tensor& kernel);

}  // namespace cs::core
