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

// The output columns ox whose input column ix = ox·stride − padding + kx lies inside [0, W):
// [first, last), so that the loops below need no test per element.
struct ValidRange {
    int64_t first = 0;
    int64_t last = 0;
};

ValidRange valid_columns(const ConvGemmGeometry& g, int64_t kx) {
    const int64_t s = g.p.stride.w;
    const int64_t shift = kx - g.p.padding.w;  // ix = ox·s + shift
    ValidRange r;
    r.first = std::clamp<int64_t>(ceil_div(-shift, s), 0, g.ow);
    r.last = std::clamp<int64_t>(floor_div(g.w - 1 - shift, s) + 1, r.first, g.ow);
    return r;
}

// For each patch row (c, ky, kx) and image n, the output cells read input row
// iy = oy·stride − padding + ky; cells outside [0, H) × [0, W) are padding and read 0.
void im2col(const ConvGemmGeometry& g, const float* input, float* cols) {
    const int64_t width = g.n * g.cells();
    const int64_t sw = g.p.stride.w;
    for (int64_t c = 0; c < g.c; ++c) {
        for (int64_t ky = 0; ky < g.kh; ++ky) {
            for (int64_t kx = 0; kx < g.kw; ++kx) {
                const ValidRange cols_ok = valid_columns(g, kx);
                const int64_t shift = kx - g.p.padding.w;
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
                        std::fill(out, out + cols_ok.first, 0.0f);
                        if (sw == 1) {
                            std::copy(in_row + cols_ok.first + shift, in_row + cols_ok.last + shift,
                                      out + cols_ok.first);
                        } else {
                            for (int64_t ox = cols_ok.first; ox < cols_ok.last; ++ox) {
                                out[ox] = in_row[ox * sw + shift];
                            }
                        }
                        std::fill(out + cols_ok.last, out + g.ow, 0.0f);
                    }
                }
            }
        }
    }
}

void conv2d_weight_grad(const Tensor& grad_output, const Tensor& input, const ConvGemmParams& p,
                        Tensor& grad_weight, Tensor& grad_bias) {
    const ConvGemmGeometry g = conv_gemm_geometry(input.shape(), grad_weight.shape(), p);
    require(grad_output.shape() == Shape{g.n, g.oc, g.oh, g.ow},
            "conv2d backward: grad_output must have the output's shape " +
                shape_string({g.n, g.oc, g.oh, g.ow}) + ", got " +
                shape_string(grad_output.shape()));
    const int64_t width = g.n * g.cells();
    thread_local std::vector<float> cols;
    cols.resize(static_cast<size_t>(g.patch() * width));
    im2col(g, input.data(), cols.data());
    // dY as a matrix (OC, N·OH·OW): the planes of each channel, image after image.
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
            const float* row = dy.data() + o * width;
            float sum = 0.0f;
            for (int64_t i = 0; i < width; ++i) {
                sum += row[i];
            }
            grad_bias.data()[o] += sum;
        }
    }
    // ∂L/∂W (OC, C·KH·KW) += dY (OC, N·OH·OW) · colsᵀ (N·OH·OW, C·KH·KW).
    gemm({g.oc, g.patch(), width}, 1.0f, {dy.data(), width, false}, {cols.data(), width, true},
         1.0f, grad_weight.data(), g.patch());
}

}  // namespace cs
