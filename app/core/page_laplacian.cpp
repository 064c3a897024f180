#include "app/core/page_laplacian.hpp"

#include "app/core/page_maps.hpp"
#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/image_arith.hpp"
#include "engine/ops/value_stats.hpp"

namespace cs::core {
namespace {

std::vector<float> conv1d_valid(const std::vector<float>& signal, std::vector<float> kernel) {
    const auto length = static_cast<int64_t>(signal.size());
    const auto taps = static_cast<int64_t>(kernel.size());
    const Tensor input({1, 1, length}, signal);
    const Tensor weight({1, 1, taps}, std::move(kernel));
    return evaluate(OpCall{"conv1d", input, weight, Tensor(), nlohmann::json::object()})
        .output.to_vector();
}

}  // namespace

EdgeProfile step_edge_profile(int samples, int width) {
    require(samples >= 4, "an edge profile needs at least 4 samples");
    require(width >= 1 && width <= samples - 2,
            "the edge width must be between 1 and " + std::to_string(samples - 2) + " samples");
    EdgeProfile p;
    const int start = (samples - width) / 2;  // last sample of the dark side
    for (int i = 0; i < samples; ++i) {
        const float t =
            std::clamp(static_cast<float>(i - start) / static_cast<float>(width), 0.0f, 1.0f);
        p.intensity.push_back(0.2f + 0.6f * t);
    }
    p.first = conv1d_valid(p.intensity, {-1.0f, 1.0f});
    p.second = conv1d_valid(p.intensity, {1.0f, -2.0f, 1.0f});
    return p;
}

LaplacianParts laplacian_parts(bool eight_neighbour) {
    // [1 −2 1] laid along a row, a column and the two diagonals of a 3×3 kernel.
    LaplacianParts l;
    l.parts.push_back(kernel3x3({0, 0, 0, 1, -2, 1, 0, 0, 0}));
    l.parts.push_back(kernel3x3({0, 1, 0, 0, -2, 0, 0, 1, 0}));
    if (eight_neighbour) {
        l.parts.push_back(kernel3x3({1, 0, 0, 0, -2, 0, 0, 0, 1}));
        l.parts.push_back(kernel3x3({0, 0, 1, 0, -2, 0, 1, 0, 0}));
    }
    l.sum = sum_maps(l.parts);
    return l;
}

int laplacian_neighbours(const Tensor& kernel) {
    if (kernel.dim() != 4 || kernel.size(2) != 3 || kernel.size(3) != 3) {
        return 0;
    }
    const std::vector<float> slice(kernel.data(), kernel.data() + 9);
    for (const int n : {4, 8}) {
        if (slice == laplacian_parts(n == 8).sum.values()) {
            return n;
        }
    }
    return 0;
}

LaplacianMaps laplacian_maps(const Tensor& image, const Tensor& kernel) {
    require(kernel.dim() == 4 && kernel.numel() > 0,
            "this lesson has no kernel: the Laplacian page needs a 3×3 one");
    const int64_t kh = kernel.size(2);
    const int64_t kw = kernel.size(3);
    const Tensor slice({1, 1, kh, kw}, std::vector<float>(kernel.data(), kernel.data() + kh * kw));
    LaplacianMaps maps;
    maps.gray = gray_image(image);
    maps.laplacian = filter_same(maps.gray, slice);
    maps.laplacian_range = value_range(maps.laplacian);
    maps.sobel = gradient_magnitude(filter_same(maps.gray, sobel_x_kernel()),
                                    filter_same(maps.gray, sobel_y_kernel()));
    return maps;
}

Tensor sharpened(const LaplacianMaps& maps, float amount) {
    return sharpen_with_laplacian(maps.gray, maps.laplacian, amount);
}

}  // namespace cs::core
