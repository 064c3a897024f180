#include "engine/ops/image_arith.hpp"

#include <cmath>

#include "engine/error.hpp"

namespace cs {
namespace {

void require_same_shape(const Tensor& a, const Tensor& b, const char* what) {
    require(a.shape() == b.shape(), std::string(what) + ": the two maps must have one shape, got " +
                                        shape_string(a.shape()) + " and " +
                                        shape_string(b.shape()));
}

}  // namespace

Tensor sharpen_with_laplacian(const Tensor& image, const Tensor& laplacian, float amount) {
    require_same_shape(image, laplacian, "sharpen_with_laplacian");
    Tensor out(image.shape());
    for (int64_t i = 0; i < out.numel(); ++i) {
        out.data()[i] = image.data()[i] - amount * laplacian.data()[i];
    }
    return out;
}

Tensor gradient_magnitude(const Tensor& gx, const Tensor& gy) {
    require_same_shape(gx, gy, "gradient_magnitude");
    Tensor out(gx.shape());
    for (int64_t i = 0; i < out.numel(); ++i) {
        out.data()[i] = std::hypot(gx.data()[i], gy.data()[i]);
    }
    return out;
}

Tensor channel_plane(const Tensor& t, int64_t c) {
    t.require_rank(4, "channel_plane input");
    require(c >= 0 && c < t.size(1), "channel_plane: channel " + std::to_string(c) +
                                         " is outside the " + std::to_string(t.size(1)) +
                                         " channels of " + shape_string(t.shape()));
    // input (N, C, H, W); out (N, 1, H, W)
    const int64_t plane = t.size(2) * t.size(3);
    Tensor out({t.size(0), 1, t.size(2), t.size(3)});
    for (int64_t n = 0; n < t.size(0); ++n) {
        const float* from = t.data() + (n * t.size(1) + c) * plane;
        std::copy(from, from + plane, out.data() + n * plane);
    }
    return out;
}

Tensor sum_maps(const std::vector<Tensor>& maps, float constant) {
    require(!maps.empty(), "sum_maps: there are no maps to add");
    Tensor out(maps.front().shape(), constant);
    for (const Tensor& m : maps) {
        require_same_shape(maps.front(), m, "sum_maps");
        for (int64_t i = 0; i < out.numel(); ++i) {
            out.data()[i] += m.data()[i];
        }
    }
    return out;
}

}  // namespace cs
