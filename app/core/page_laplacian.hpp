#pragma once
// The Laplacian lesson page's maths, all through the engine: a step edge and its first and
// second differences (conv1d), the 2-D Laplacian assembled from second differences, and the
// edge map, sharpened image and Sobel gradient magnitude of a photo (conv2d).
#include <utility>
#include <vector>

#include "engine/tensor.hpp"

namespace cs::core {

// A 1-D intensity profile across an edge and its differences. first[i] = f[i+1] − f[i]
// (conv1d with [−1, 1]); second[i] = f[i] − 2 f[i+1] + f[i+2] (conv1d with [1, −2, 1]), the
// value centred on sample i + 1. The second difference crosses zero where the edge is steepest.
struct EdgeProfile {
    std::vector<float> intensity;
    std::vector<float> first;
    std::vector<float> second;
};

// `samples` values going from 0.2 to 0.8 along a linear ramp `width` samples wide in the middle
// (width 1: a sharp step). samples ≥ 4 and 1 ≤ width ≤ samples − 2, else cs::Error.
EdgeProfile step_edge_profile(int samples, int width);

// The Laplacian as a sum of 3×3 second-difference kernels: [1 −2 1] horizontally and vertically
// (4-neighbour: [0 1 0; 1 −4 1; 0 1 0]), and along both diagonals too (8-neighbour:
// [1 1 1; 1 −8 1; 1 1 1]). Parts and sum are (1, 1, 3, 3).
struct LaplacianParts {
    std::vector<Tensor> parts;
    Tensor sum;
};
LaplacianParts laplacian_parts(bool eight_neighbour);

// Which Laplacian `kernel` (any (O, I, 3, 3) tensor, slice (0, 0)) is: 4, 8, or 0 for another.
int laplacian_neighbours(const Tensor& kernel);

struct LaplacianMaps {
    Tensor gray;       // (1, 1, H, W)
    Tensor laplacian;  // the edge map: conv2d(gray, kernel), same size, reflected borders
    Tensor sobel;      // √(Sobel x² + Sobel y²)
    std::pair<float, float> laplacian_range;  // smallest and largest edge-map value
};

// `kernel`: slice (0, 0) of the lesson's kernel is used. Throws cs::Error for a bad image.
LaplacianMaps laplacian_maps(const Tensor& image, const Tensor& kernel);

// gray − amount · laplacian.
Tensor sharpened(const LaplacianMaps& maps, float amount);

}  // namespace cs::core
