#include "engine/train/conv2d_gemm.hpp"

#include <algorithm>
#include <vector>

#include "engine/error.hpp"
#include "engine/train/gemm.hpp"

namespace cs {

ConvGemmGeometry conv_gemm_geometry(const Shape& input, const Shape& weight,
                                    const ConvGemmParams& p) {
    require(input.size() == 4 && weight.size() == 4,
            "conv2d: input (N, C, H, W) and weight (OC, C, KH, KW) must have 4 dimensions, got " +
                shape_string(input) + " and " + shape_string(weight));
    require(input[1] == weight[1], "conv2d: the input has " + std::to_string(input[1]) +
                                       " channels but the weight expects " +
                                       std::to_string(weight[1]));
    ConvGemmGeometry g;
    g.n = input[0];
    g.c = input[1];
    g.h = input[2];
    g.w = input[3];
    g.oc = weight[0];
    g.kh = weight[2];
    g.kw = weight[3];
    g.p = p;
    // ⌊(H + 2·padding − KH) / stride⌋ + 1 window positions per axis.
    g.oh = floor_div(g.h + 2 * p.padding.h - g.kh, p.stride.h) + 1;
    g.ow = floor_div(g.w + 2 * p.padding.w - g.kw, p.stride.w) + 1;
    require(g.oh > 0 && g.ow > 0, "conv2d: kernel " + shape_string(weight) +
                                      " does not fit in input " + shape_string(input));
    return g;
}

// For each patch row (c, ky, kx) and image n, the output cells read input row
// iy = oy·stride − padding + ky; cells outside [0, H) × [0, W) are padding and read 0.
void im2col(const ConvGemmGeometry& g, const float* input, float* cols) {
    const int64_t width = g.n * g.cells();
    for (int64_t c = 0; c < g.c; ++c) {
        for (int64_t ky = 0; ky < g.kh; ++ky) {
            for (int64_t kx = 0; kx < g.kw; ++kx) {
                float* row = cols + ((c * g.kh + ky) * g.kw + kx) * width;
                for (int64_t n = 0; n < g.n; ++n) {
                    const float* plane = input + (n * g.c + c) * g.h * g.w;
                    for (int64_t oy = 0; oy < g.oh; ++oy) {
                        const int64_t iy = oy * g.p.stride.h - g.p.padding.h + ky;
                        float* out = row + (n * g.oh + oy) * g.ow;
                        if (iy < 0 || iy >= g.h) {
                            std::fill(out, out + g.ow, 0.0f);
                            continue;
                        }
                        const float* in_row = plane + iy * g.w;
                        for (int64_t ox = 0; ox < g.ow; ++ox) {
                            const int64_t ix = ox * g.p.stride.w - g.p.padding.w + kx;
                            out[ox] = (ix >= 0 && ix < g.w) ? in_row[ix] : 0.0f;
                        }
                    }
                }
            }
        }
    }
}

void col2im(const ConvGemmGeometry& g, const float* cols, float* input) {
    const int64_t width = g.n * g.cells();
    for (int64_t c = 0; c < g.c; ++c) {
        for (int64_t ky = 0; ky < g.kh; ++ky) {
            for (int64_t kx = 0; kx < g.kw; ++kx) {
                const float* row = cols + ((c * g.kh + ky) * g.kw + kx) * width;
                for (int64_t n = 0; n < g.n; ++n) {
                    float* plane = input + (n * g.c + c) * g.h * g.w;
                    for (int64_t oy = 0; oy < g.oh; ++oy) {
                        const int64_t iy = oy * g.p.stride.h - g.p.padding.h + ky;
                        if (iy < 0 || iy >= g.h) {
                            continue;
                        }
                        const float* src = row + (n * g.oh + oy) * g.ow;
                        float* in_row = plane + iy * g.w;
                        for (int64_t ox = 0; ox < g.ow; ++ox) {
                            const int64_t ix = ox * g.p.stride.w - g.p.padding.w + kx;
                            if (ix >= 0 && ix < g.w) {
                                in_row[ix] += src[ox];
                            }
                        }
                    }
                }
            }
        }
    }
}

Tensor conv2d_gemm_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                           const ConvGemmParams& p, ConvGemmCache& cache) {
    // input (N, C, H, W); weight (OC, C·KH·KW) as a matrix; cols (C·KH·KW, N·OH·OW);
    // product (OC, N·OH·OW), then reordered to out (N, OC, OH, OW).
    const ConvGemmGeometry g = conv_gemm_geometry(input.shape(), weight.shape(), p);
    cache.geometry = g;
    const int64_t width = g.n * g.cells();
    if (cache.cols.numel() != g.patch() * width) {
        cache.cols = Tensor({g.patch(), width});
    }
    im2col(g, input.data(), cache.cols.data());
    thread_local std::vector<float> product;
    product.resize(static_cast<size_t>(g.oc * width));
    gemm({g.oc, width, g.patch()}, 1.0f, {weight.data(), g.patch(), false},
         {cache.cols.data(), width, false}, 0.0f, product.data(), width);
    Tensor out({g.n, g.oc, g.oh, g.ow});
    for (int64_t n = 0; n < g.n; ++n) {
        for (int64_t o = 0; o < g.oc; ++o) {
            const float b = bias.empty() ? 0.0f : bias.data()[o];
            const float* src = product.data() + o * width + n * g.cells();
            float* dst = out.data() + (n * g.oc + o) * g.cells();
            for (int64_t i = 0; i < g.cells(); ++i) {
                dst[i] = src[i] + b;
            }
        }
    }
    return out;
}

Tensor conv2d_gemm_backward(const Tensor& grad_output, const Tensor& weight,
                            const ConvGemmCache& cache, Tensor& grad_weight, Tensor& grad_bias,
                            bool need_grad_input) {
    const ConvGemmGeometry& g = cache.geometry;
    const int64_t width = g.n * g.cells();
    // dY as a matrix (OC, N·OH·OW), the layout of the forward product.
    thread_local std::vector<float> dy;
    dy.resize(static_cast<size_t>(g.oc * width));
    for (int64_t n = 0; n < g.n; ++n) {
        for (int64_t o = 0; o < g.oc; ++o) {
            const float* src = grad_output.data() + (n * g.oc + o) * g.cells();
            std::copy(src, src + g.cells(), dy.data() + o * width + n * g.cells());
        }
    }
    // ∂L/∂bias[o] = Σ over images and cells of dY[o, ·].
    if (!grad_bias.empty()) {
        for (int64_t o = 0; o < g.oc; ++o) {
            float sum = 0.0f;
            const float* row = dy.data() + o * width;
            for (int64_t i = 0; i < width; ++i) {
                sum += row[i];
            }
            grad_bias.data()[o] += sum;
        }
    }
    // ∂L/∂W (OC, C·KH·KW) += dY (OC, N·OH·OW) · colsᵀ (N·OH·OW, C·KH·KW).
    gemm({g.oc, g.patch(), width}, 1.0f, {dy.data(), width, false},
         {cache.cols.data(), width, true}, 1.0f, grad_weight.data(), g.patch());
    if (!need_grad_input) {
        return {};
    }
    // ∂L/∂cols (C·KH·KW, N·OH·OW) = Wᵀ · dY, then every column is added back onto the input
    // cells it was copied from.
    thread_local std::vector<float> dcols;
    dcols.resize(static_cast<size_t>(g.patch() * width));
    gemm({g.patch(), width, g.oc}, 1.0f, {weight.data(), g.patch(), true},
         {dy.data(), width, false}, 0.0f, dcols.data(), width);
    Tensor grad_input({g.n, g.c, g.h, g.w});
    col2im(g, dcols.data(), grad_input.data());
    return grad_input;
}

}  // namespace cs
