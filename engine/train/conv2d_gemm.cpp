#include "engine/train/conv2d_gemm.hpp"

#include <algorithm>
#include <vector>

#include "engine/error.hpp"
#include "engine/parallel.hpp"
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

namespace {

// The columns of output rows [oy0, oy1) of one image (C, H, W): row (c, ky, kx) of cols, whose
// rows are `width` floats apart, holds for each output cell of the band the input value under
// that tap (0 in the padding).
void im2col_band(const ConvGemmGeometry& g, const float* image, int64_t oy0, int64_t oy1,
                 float* cols, int64_t width) {
    const int64_t sw = g.p.stride.w;
    for (int64_t c = 0; c < g.c; ++c) {
        const float* plane = image + c * g.h * g.w;
        for (int64_t ky = 0; ky < g.kh; ++ky) {
            for (int64_t kx = 0; kx < g.kw; ++kx) {
                const ValidRange ok = valid_columns(g, kx);
                const int64_t shift = kx - g.p.padding.w;
                float* row = cols + ((c * g.kh + ky) * g.kw + kx) * width;
                for (int64_t oy = oy0; oy < oy1; ++oy) {
                    const int64_t iy = oy * g.p.stride.h - g.p.padding.h + ky;
                    float* out = row + (oy - oy0) * g.ow;
                    if (iy < 0 || iy >= g.h) {
                        std::fill(out, out + g.ow, 0.0f);
                        continue;
                    }
                    const float* in_row = plane + iy * g.w;
                    std::fill(out, out + ok.first, 0.0f);
                    if (sw == 1) {
                        std::copy(in_row + ok.first + shift, in_row + ok.last + shift,
                                  out + ok.first);
                    } else {
                        for (int64_t ox = ok.first; ox < ok.last; ++ox) {
                            out[ox] = in_row[ox * sw + shift];
                        }
                    }
                    std::fill(out + ok.last, out + g.ow, 0.0f);
                }
            }
        }
    }
}

}  // namespace

// Image n's columns start at column n·OH·OW of the one wide matrix.
void im2col(const ConvGemmGeometry& g, const float* input, float* cols) {
    for (int64_t n = 0; n < g.n; ++n) {
        im2col_band(g, input + n * g.c * g.h * g.w, 0, g.oh, cols + n * g.cells(), g.n * g.cells());
    }
}

namespace {

// Output cells per band of the matrix-product forward: enough columns for the product to run
// at full speed, few enough that the band's column buffer stays in L2 cache.
constexpr int64_t kBandCells = 1024;
// Largest column buffer (floats) a task may use: 16 MiB.
constexpr int64_t kMaxColumnFloats = int64_t{4} << 20;

int64_t band_rows(const ConvGemmGeometry& g) {
    return std::clamp<int64_t>(kBandCells / std::max<int64_t>(1, g.ow), 1, g.oh);
}

// The reverse of im2col for a whole image: adds each column value to the input cell it came
// from. Padding cells are dropped.
void col2im(const ConvGemmGeometry& g, const float* cols, float* image) {
    const int64_t width = g.cells();
    const int64_t sw = g.p.stride.w;
    for (int64_t c = 0; c < g.c; ++c) {
        float* plane = image + c * g.h * g.w;
        for (int64_t ky = 0; ky < g.kh; ++ky) {
            for (int64_t kx = 0; kx < g.kw; ++kx) {
                const ValidRange ok = valid_columns(g, kx);
                const int64_t shift = kx - g.p.padding.w;
                const float* row = cols + ((c * g.kh + ky) * g.kw + kx) * width;
                for (int64_t oy = 0; oy < g.oh; ++oy) {
                    const int64_t iy = oy * g.p.stride.h - g.p.padding.h + ky;
                    if (iy < 0 || iy >= g.h) {
                        continue;
                    }
                    const float* in = row + oy * g.ow;
                    float* dst = plane + iy * g.w;
                    for (int64_t ox = ok.first; ox < ok.last; ++ox) {
                        dst[ox * sw + shift] += in[ox];
                    }
                }
            }
        }
    }
}

}  // namespace

bool conv2d_gemm_pays_off(const ConvGemmGeometry& g) {
    return g.oc >= 16 && g.patch() >= 64 && g.patch() * band_rows(g) * g.ow <= kMaxColumnFloats &&
           g.patch() * g.cells() <= kMaxColumnFloats;
}

void conv2d_forward_gemm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                         const ConvGemmParams& p, Tensor& out) {
    const ConvGemmGeometry g = conv_gemm_geometry(input.shape(), weight.shape(), p);
    require(out.shape() == Shape{g.n, g.oc, g.oh, g.ow},
            "conv2d: the output must have shape " + shape_string({g.n, g.oc, g.oh, g.ow}));
    const int64_t rows = band_rows(g);
    const int64_t bands = (g.oh + rows - 1) / rows;
    float* y = out.data();
    parallel_for(
        0, g.n * bands,
        [&](int64_t first, int64_t last) {
            thread_local std::vector<float> cols;
            for (int64_t task = first; task < last; ++task) {
                const int64_t n = task / bands;
                const int64_t oy0 = (task % bands) * rows;
                const int64_t oy1 = std::min(g.oh, oy0 + rows);
                const int64_t width = (oy1 - oy0) * g.ow;
                cols.resize(static_cast<size_t>(g.patch() * width));
                im2col_band(g, input.data() + n * g.c * g.h * g.w, oy0, oy1, cols.data(), width);
                float* band = y + n * g.oc * g.cells() + oy0 * g.ow;
                for (int64_t o = 0; o < g.oc; ++o) {
                    std::fill(band + o * g.cells(), band + o * g.cells() + width,
                              bias.empty() ? 0.0f : bias.data()[o]);
                }
                gemm({g.oc, width, g.patch()}, 1.0f, {weight.data(), g.patch(), false},
                     {cols.data(), width, false}, 1.0f, band, g.cells());
            }
        },
        1);
}

Tensor conv2d_input_grad_gemm(const Tensor& grad_output, const Tensor& weight,
                              const Shape& input_shape, const ConvGemmParams& p) {
    const ConvGemmGeometry g = conv_gemm_geometry(input_shape, weight.shape(), p);
    require(grad_output.shape() == Shape{g.n, g.oc, g.oh, g.ow},
            "conv2d backward: grad_output must have the output's shape " +
                shape_string({g.n, g.oc, g.oh, g.ow}));
    Tensor grad_input(input_shape, 0.0f);
    parallel_for(
        0, g.n,
        [&](int64_t first, int64_t last) {
            thread_local std::vector<float> cols;
            cols.resize(static_cast<size_t>(g.patch() * g.cells()));
            for (int64_t n = first; n < last; ++n) {
                // cols (C·KH·KW, OH·OW) = Wᵀ · dY
                gemm({g.patch(), g.cells(), g.oc}, 1.0f, {weight.data(), g.patch(), true},
                     {grad_output.data() + n * g.oc * g.cells(), g.cells(), false}, 0.0f,
                     cols.data(), g.cells());
                col2im(g, cols.data(), grad_input.data() + n * g.c * g.h * g.w);
            }
        },
        1);
    return grad_input;
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
