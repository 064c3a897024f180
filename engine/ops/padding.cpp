#include "engine/ops/padding.hpp"

#include <vector>

#include "engine/error.hpp"
#include "engine/parallel.hpp"

namespace cs {

PaddingMode padding_mode_from_string(const std::string& text, const std::string& op) {
    if (text == "zeros") {
        return PaddingMode::zeros;
    }
    if (text == "reflect") {
        return PaddingMode::reflect;
    }
    if (text == "replicate") {
        return PaddingMode::replicate;
    }
    if (text == "circular") {
        return PaddingMode::circular;
    }
    throw Error(op + ": padding_mode must be one of zeros, reflect, replicate, circular, got \"" +
                text + "\"");
}

const char* padding_mode_name(PaddingMode mode) {
    switch (mode) {
        case PaddingMode::zeros:
            return "zeros";
        case PaddingMode::reflect:
            return "reflect";
        case PaddingMode::replicate:
            return "replicate";
        case PaddingMode::circular:
            return "circular";
    }
    return "zeros";
}

int64_t padding_source(int64_t r, int64_t size, PaddingMode mode) {
    if (r >= 0 && r < size) {
        return r;
    }
    switch (mode) {
        case PaddingMode::zeros:
            return -1;
        case PaddingMode::reflect:  // mirror about the edge element: -1 → 1, size → size - 2
            return r < 0 ? -r : 2 * (size - 1) - r;
        case PaddingMode::replicate:
            return r < 0 ? 0 : size - 1;
        case PaddingMode::circular:
            return ((r % size) + size) % size;
    }
    return -1;
}

void require_padding_fits(const Padding2d& pad, int64_t height, int64_t width, PaddingMode mode,
                          const std::string& op) {
    const auto check = [&](int64_t before, int64_t after, int64_t size, const char* dim) {
        const int64_t most = before > after ? before : after;
        const std::string sizes = std::string(dim) + " " + std::to_string(size) + ", padding " +
                                  std::to_string(before) + " before and " + std::to_string(after) +
                                  " after";
        if (mode == PaddingMode::reflect) {
            require(most < size, op +
                                     ": padding_mode \"reflect\" needs each padding smaller than "
                                     "the input size it mirrors (the edge element is not "
                                     "repeated, so there must be an element beyond it); got " +
                                     sizes);
        } else if (mode == PaddingMode::circular) {
            require(most <= size, op +
                                      ": padding_mode \"circular\" needs each padding at most the "
                                      "input size (the map may wrap around only once); got " +
                                      sizes);
        }
    };
    check(pad.top, pad.bottom, height, "height");
    check(pad.left, pad.right, width, "width");
}

Tensor pad2d(const Tensor& input, const Padding2d& pad, PaddingMode mode) {
    // input (N, C, H, W); out (N, C, H + top + bottom, W + left + right)
    input.require_rank(4, "pad2d input");
    const int64_t N = input.size(0), C = input.size(1), H = input.size(2), W = input.size(3);
    require_padding_fits(pad, H, W, mode, "pad2d");
    const int64_t HP = H + pad.top + pad.bottom, WP = W + pad.left + pad.right;
    Tensor out({N, C, HP, WP});
    std::vector<int64_t> col(static_cast<size_t>(WP));
    for (int64_t c = 0; c < WP; ++c) {
        col[static_cast<size_t>(c)] = padding_source(c - pad.left, W, mode);
    }
    parallel_for(0, N * C, [&](int64_t begin, int64_t end) {
        for (int64_t plane = begin; plane < end; ++plane) {
            const float* src = input.data() + plane * H * W;
            float* dst = out.data() + plane * HP * WP;
            for (int64_t r = 0; r < HP; ++r) {
                const int64_t sr = padding_source(r - pad.top, H, mode);
                for (int64_t c = 0; c < WP; ++c) {
                    const int64_t sc = col[static_cast<size_t>(c)];
                    dst[r * WP + c] = sr < 0 || sc < 0 ? 0.0f : src[sr * W + sc];
                }
            }
        }
    });
    return out;
}

Tensor pad2d_backward(const Tensor& grad_padded, const Padding2d& pad, PaddingMode mode,
                      int64_t height, int64_t width) {
    // grad_padded (N, C, HP, WP); out (N, C, H, W)
    grad_padded.require_rank(4, "pad2d_backward grad_padded");
    const int64_t N = grad_padded.size(0), C = grad_padded.size(1);
    const int64_t HP = grad_padded.size(2), WP = grad_padded.size(3);
    require(HP == height + pad.top + pad.bottom && WP == width + pad.left + pad.right,
            "pad2d_backward: grad_padded " + shape_string(grad_padded.shape()) +
                " does not match the padded size of a " + std::to_string(height) + "x" +
                std::to_string(width) + " map");
    Tensor out({N, C, height, width});
    parallel_for(0, N * C, [&](int64_t begin, int64_t end) {
        for (int64_t plane = begin; plane < end; ++plane) {
            const float* src = grad_padded.data() + plane * HP * WP;
            std::vector<double> acc(static_cast<size_t>(height * width), 0.0);
            for (int64_t r = 0; r < HP; ++r) {
                const int64_t sr = padding_source(r - pad.top, height, mode);
                for (int64_t c = 0; sr >= 0 && c < WP; ++c) {
                    const int64_t sc = padding_source(c - pad.left, width, mode);
                    if (sc >= 0) {
                        acc[static_cast<size_t>(sr * width + sc)] += src[r * WP + c];
                    }
                }
            }
            float* dst = out.data() + plane * height * width;
            for (int64_t i = 0; i < height * width; ++i) {
                dst[i] = static_cast<float>(acc[static_cast<size_t>(i)]);
            }
        }
    });
    return out;
}

}  // namespace cs
