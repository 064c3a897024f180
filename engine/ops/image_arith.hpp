#pragma once
// Per-pixel arithmetic on feature maps that the lesson pages build from conv2d outputs:
// sharpening with a Laplacian, the gradient magnitude of two Sobel responses, one channel of a
// tensor, and the sum of several maps. Each function checks that its maps have one shape and
// throws cs::Error naming the maps otherwise.
#include <cstdint>
#include <vector>

#include "engine/tensor.hpp"

namespace cs {

// image − amount · laplacian, element by element. With a Laplacian whose centre weight is
// negative ([0 1 0; 1 −4 1; 0 1 0]) this pushes every pixel away from the mean of its
// neighbours, which steepens edges: the classic Laplacian sharpening.
Tensor sharpen_with_laplacian(const Tensor& image, const Tensor& laplacian, float amount);

// √(gx² + gy²), element by element: how steep the image is, whatever the edge's direction.
Tensor gradient_magnitude(const Tensor& gx, const Tensor& gy);

// Channel c of an (N, C, H, W) tensor as (N, 1, H, W).
Tensor channel_plane(const Tensor& t, int64_t c);

// Σ maps + constant, element by element (the partial maps of a multi-channel convolution plus
// its bias add up to the output map).
Tensor sum_maps(const std::vector<Tensor>& maps, float constant = 0.0f);

}  // namespace cs
