#include "engine/train/conv2d_gemm.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "engine/error.hpp"
#include "engine/parallel.hpp"
#include "engine/train/conv2d_winograd.hpp"
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

// Row (c, ky, kx) of the columns for output row oy: for each output column ox, the input value
// under that tap (0 in the padding). `plane` is input channel c; `out` gets OW values.
void patch_row(const ConvGemmGeometry& g, const float* plane, int64_t ky, int64_t kx, int64_t oy,
               float* out) {
    const int64_t iy = oy * g.p.stride.h - g.p.padding.h + ky;
    if (iy < 0 || iy >= g.h) {
        std::fill(out, out + g.ow, 0.0f);
        return;
    }
    const ValidRange ok = valid_columns(g, kx);
    const int64_t shift = kx - g.p.padding.w;
    const int64_t sw = g.p.stride.w;
    const float* in_row = plane + iy * g.w;
    std::fill(out, out + ok.first, 0.0f);
    if (sw == 1) {
        std::copy(in_row + ok.first + shift, in_row + ok.last + shift, out + ok.first);
    } else {
        for (int64_t ox = ok.first; ox < ok.last; ++ox) {
            out[ox] = in_row[ox * sw + shift];
        }
    }
    std::fill(out + ok.last, out + g.ow, 0.0f);
}

// The columns of output rows [oy0, oy1) of one image (C, H, W): row (c, ky, kx) of cols, whose
// rows are `width` floats apart, holds for each output cell of the band the input value under
// that tap (0 in the padding).
void im2col_band(const ConvGemmGeometry& g, const float* image, int64_t oy0, int64_t oy1,
                 float* cols, int64_t width) {
    for (int64_t c = 0; c < g.c; ++c) {
        const float* plane = image + c * g.h * g.w;
        for (int64_t ky = 0; ky < g.kh; ++ky) {
            for (int64_t kx = 0; kx < g.kw; ++kx) {
                float* row = cols + ((c * g.kh + ky) * g.kw + kx) * width;
                for (int64_t oy = oy0; oy < oy1; ++oy) {
                    patch_row(g, plane, ky, kx, oy, row + (oy - oy0) * g.ow);
                }
            }
        }
    }
}

// out[x − x0] for x in [x0, x1): in_row[x·stride + shift] inside the valid columns `ok`, 0
// outside them or when the whole row is padding (in_row null). Short runs (at most one panel,
// 48 floats) copied inline, 8 floats at a time: a call to memmove each cost more than the copy.
void copy_cells(const float* in_row, const ValidRange& ok, int64_t stride, int64_t shift,
                int64_t x0, int64_t x1, float* out) {
    if (in_row == nullptr) {
        std::fill(out, out + (x1 - x0), 0.0f);
        return;
    }
    const int64_t a = std::clamp(ok.first, x0, x1);
    const int64_t b = std::clamp(ok.last, a, x1);
    std::fill(out, out + (a - x0), 0.0f);
    float* dst = out + (a - x0);
    if (stride == 1) {
        const float* src = in_row + a + shift;
        int64_t i = 0;
        for (; i + 8 <= b - a; i += 8) {
            std::memcpy(dst + i, src + i, 8 * sizeof(float));
        }
        for (; i < b - a; ++i) {
            dst[i] = src[i];
        }
    } else if (stride == 2) {  // every other cell: a loop the compiler turns into shuffles
        const float* src = in_row + 2 * a + shift;
        for (int64_t i = 0; i < b - a; ++i) {
            dst[i] = src[2 * i];
        }
    } else {
        const float* src = in_row + stride * a + shift;
        for (int64_t i = 0; i < b - a; ++i, src += stride) {
            dst[i] = *src;
        }
    }
    std::fill(out + (b - x0), out + (x1 - x0), 0.0f);
}

// The same columns written straight in gemm_packed_b's layout (panels of `panel` columns):
// cell j of row p goes to (j / panel)·patch·panel + p·panel + j % panel. This saves the copy
// the product would otherwise make of a band's columns (576 × 1,008 floats in a ResNet block).
// Panel after panel, so that the writes run through memory in order: a panel's block of
// patch × panel floats is filled tap by tap from the output-row pieces its cells fall in.
// Panels [first_panel, last_panel) only, so that several threads can share one band's columns.
void im2col_band_packed(const ConvGemmGeometry& g, const float* image, int64_t oy0, int64_t oy1,
                        float* packed, int64_t panel, int64_t first_panel, int64_t last_panel) {
    struct Piece {
        int64_t oy, ox, run, offset;  // output row, first column, cells, place in the panel
    };
    const int64_t k = g.patch();
    const int64_t width = (oy1 - oy0) * g.ow;
    thread_local std::vector<ValidRange> valid;
    valid.resize(static_cast<size_t>(g.kw));
    for (int64_t kx = 0; kx < g.kw; ++kx) {
        valid[static_cast<size_t>(kx)] = valid_columns(g, kx);
    }
    thread_local std::vector<Piece> pieces;
    packed += first_panel * k * panel;
    for (int64_t j0 = first_panel * panel; j0 < std::min(width, last_panel * panel);
         j0 += panel, packed += k * panel) {
        const int64_t j1 = std::min(width, j0 + panel);
        pieces.clear();
        for (int64_t j = j0; j < j1;) {
            const int64_t oy = oy0 + j / g.ow, ox = j % g.ow;
            const int64_t run = std::min(j1 - j, g.ow - ox);
            pieces.push_back({oy, ox, run, j - j0});
            j += run;
        }
        // Taps in order (c, ky, kx), counted along rather than divided out of p.
        float* dst = packed;
        for (int64_t c = 0; c < g.c; ++c) {
            const float* plane = image + c * g.h * g.w;
            for (int64_t ky = 0; ky < g.kh; ++ky) {
                for (int64_t kx = 0; kx < g.kw; ++kx, dst += panel) {
                    const int64_t shift = kx - g.p.padding.w;
                    for (const Piece& piece : pieces) {
                        const int64_t iy = piece.oy * g.p.stride.h - g.p.padding.h + ky;
                        const float* in_row = iy >= 0 && iy < g.h ? plane + iy * g.w : nullptr;
                        copy_cells(in_row, valid[static_cast<size_t>(kx)], g.p.stride.w, shift,
                                   piece.ox, piece.ox + piece.run, dst + piece.offset);
                    }
                    std::fill(dst + (j1 - j0), dst + panel, 0.0f);  // the last panel's tail
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

// Columns of gemm_packed_b's widest panel (the AVX-512 kernel's): a packed band is padded to
// whole panels.
constexpr int64_t kWidestPanel = 48;

int64_t round_up(int64_t value, int64_t step) {
    return (value + step - 1) / step * step;
}

// Bands of (nearly) equal height, an even number of them when there are several: 18 + 18 + 18
// + 2 rows of a 56-row map would leave one core waiting; 14 + 14 + 14 + 14 does not.
int64_t band_rows(const ConvGemmGeometry& g) {
    const int64_t most = std::clamp<int64_t>(kBandCells / std::max<int64_t>(1, g.ow), 1, g.oh);
    int64_t bands = (g.oh + most - 1) / most;
    if (bands > 1) {
        bands += bands % 2;
    }
    return (g.oh + bands - 1) / bands;
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
    return g.oc >= 16 && g.patch() >= 64 &&
           g.patch() * round_up(band_rows(g) * g.ow, kWidestPanel) <= kMaxColumnFloats &&
           g.patch() * g.cells() <= kMaxColumnFloats;
}

namespace {

// Tasks of the forward product: (image, band of output rows, block of output channels). A
// batch of one small map is a single band (ResNet's 14×14 and 7×7 stages, most of its work),
// so the output channels are split too, into blocks of whole 64-row panels of the weight,
// until there are enough tasks for every core. Splitting rows of the product changes no
// element's sum (gemm.hpp), so the result is the same bits for any split.
int64_t channel_blocks(const ConvGemmGeometry& g, int64_t band_tasks) {
    constexpr int64_t kEnoughTasks = 8;
    constexpr int64_t kBlockRows = 64;
    const int64_t wanted = (kEnoughTasks + band_tasks - 1) / band_tasks;
    return std::clamp<int64_t>(wanted, 1, (g.oc + kBlockRows - 1) / kBlockRows);
}

}  // namespace

namespace {

// Output channels [o0, o1) of output rows [oy0, oy1) of image n, from the band's packed columns.
void forward_block(const ConvGemmGeometry& g, const Tensor& weight, const Tensor& bias,
                   const float* cols, int64_t n, int64_t oy0, int64_t oy1, int64_t o0, int64_t o1,
                   float* y) {
    const int64_t width = (oy1 - oy0) * g.ow;
    float* band = y + n * g.oc * g.cells() + oy0 * g.ow + o0 * g.cells();
    if (!bias.empty()) {
        for (int64_t o = o0; o < o1; ++o) {
            std::fill(band + (o - o0) * g.cells(), band + (o - o0) * g.cells() + width,
                      bias.data()[o]);
        }
    }
    gemm_packed_b({o1 - o0, width, g.patch()}, 1.0f,
                  {weight.data() + o0 * g.patch(), g.patch(), false}, cols,
                  bias.empty() ? 0.0f : 1.0f, band, g.cells());
}

}  // namespace

void conv2d_forward_gemm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                         const ConvGemmParams& p, Tensor& out) {
    const ConvGemmGeometry g = conv_gemm_geometry(input.shape(), weight.shape(), p);
    require(out.shape() == Shape{g.n, g.oc, g.oh, g.ow},
            "conv2d: the output must have shape " + shape_string({g.n, g.oc, g.oh, g.ow}));
    if (conv2d_winograd_applies(g)) {
        conv2d_forward_winograd(input, weight, bias, g, out);
        return;
    }
    const int64_t rows = band_rows(g);
    const int64_t bands = (g.oh + rows - 1) / rows;
    const int64_t blocks = channel_blocks(g, g.n * bands);
    const int64_t block_rows = round_up((g.oc + blocks - 1) / blocks, 64);
    const int64_t panel = gemm_panel_width();
    const auto panels = [&](int64_t oy0, int64_t oy1) {
        return ((oy1 - oy0) * g.ow + panel - 1) / panel;
    };
    const auto build_columns = [&](std::vector<float>& cols, int64_t n, int64_t oy0, int64_t oy1) {
        cols.resize(static_cast<size_t>(g.patch() * panels(oy0, oy1) * panel));
        im2col_band_packed(g, input.data() + n * g.c * g.h * g.w, oy0, oy1, cols.data(), panel, 0,
                           panels(oy0, oy1));
    };
    float* y = out.data();
    if (blocks == 1) {  // enough bands: one task per (image, band)
        parallel_for(
            0, g.n * bands,
            [&](int64_t first, int64_t last) {
                thread_local std::vector<float> cols;
                for (int64_t task = first; task < last; ++task) {
                    const int64_t n = task / bands;
                    const int64_t oy0 = task % bands * rows;
                    const int64_t oy1 = std::min(g.oh, oy0 + rows);
                    build_columns(cols, n, oy0, oy1);
                    forward_block(g, weight, bias, cols.data(), n, oy0, oy1, 0, g.oc, y);
                }
            },
            1);
        return;
    }
    // Few bands: each band's columns are built once, its panels shared out between the threads,
    // then its channel blocks share them.
    std::vector<float> cols;
    for (int64_t task = 0; task < g.n * bands; ++task) {
        const int64_t n = task / bands;
        const int64_t oy0 = task % bands * rows;
        const int64_t oy1 = std::min(g.oh, oy0 + rows);
        cols.resize(static_cast<size_t>(g.patch() * panels(oy0, oy1) * panel));
        parallel_for(0, panels(oy0, oy1), [&](int64_t first, int64_t last) {
            im2col_band_packed(g, input.data() + n * g.c * g.h * g.w, oy0, oy1, cols.data(), panel,
                               first, last);
        });
        parallel_for(
            0, blocks,
            [&](int64_t first, int64_t last) {
                for (int64_t block = first; block < last; ++block) {
                    const int64_t o0 = block * block_rows;
                    const int64_t o1 = std::min(g.oc, o0 + block_rows);
                    if (o0 < o1) {
                        forward_block(g, weight, bias, cols.data(), n, oy0, oy1, o0, o1, y);
                    }
                }
            },
            1);
    }
}

namespace {

// The input gradient of a stride-1 convolution is itself a convolution: each input cell
// gathers dY under the kernel turned half a turn, with input and output channels swapped
// (weight (C, OC, KH, KW), flipped[c][o][ky][kx] = weight[o][c][KH−1−ky][KW−1−kx]) and padding
// KH−1−padding. Run as the forward product it needs no col2im scatter and no column buffer of a
// whole image.
bool input_grad_is_a_convolution(const ConvGemmGeometry& g) {
    return g.p.stride == Pair{1, 1} && g.p.padding.h < g.kh && g.p.padding.w < g.kw;
}

Tensor flipped_transposed(const Tensor& weight, const ConvGemmGeometry& g) {
    Tensor flipped = Tensor::uninitialized({g.c, g.oc, g.kh, g.kw});
    const int64_t taps = g.kh * g.kw;
    for (int64_t o = 0; o < g.oc; ++o) {
        for (int64_t c = 0; c < g.c; ++c) {
            const float* src = weight.data() + (o * g.c + c) * taps;
            float* dst = flipped.data() + (c * g.oc + o) * taps;
            for (int64_t t = 0; t < taps; ++t) {
                dst[t] = src[taps - 1 - t];  // (ky, kx) → (KH−1−ky, KW−1−kx)
            }
        }
    }
    return flipped;
}

}  // namespace

Tensor conv2d_input_grad_gemm(const Tensor& grad_output, const Tensor& weight,
                              const Shape& input_shape, const ConvGemmParams& p) {
    const ConvGemmGeometry g = conv_gemm_geometry(input_shape, weight.shape(), p);
    require(grad_output.shape() == Shape{g.n, g.oc, g.oh, g.ow},
            "conv2d backward: grad_output must have the output's shape " +
                shape_string({g.n, g.oc, g.oh, g.ow}));
    if (input_grad_is_a_convolution(g)) {
        const Tensor flipped = flipped_transposed(weight, g);
        const ConvGemmParams back{.stride = {1, 1},
                                  .padding = {g.kh - 1 - p.padding.h, g.kw - 1 - p.padding.w}};
        if (conv2d_gemm_pays_off(conv_gemm_geometry(grad_output.shape(), flipped.shape(), back))) {
            Tensor grad_input = Tensor::uninitialized(input_shape);
            conv2d_forward_gemm(grad_output, flipped, Tensor(), back, grad_input);
            return grad_input;
        }
    }
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

namespace {

// Input channels per task of the weight gradient: 16 channels of a 3×3 kernel are 144 columns
// of ∂L/∂W, three whole AVX-512 tiles.
constexpr int64_t kWeightGradChannels = 16;

// ∂L/∂bias[o] = Σ over images and cells of dY[n, o, ·], images in order.
void bias_grad(const ConvGemmGeometry& g, const float* dy, float* grad_bias) {
    parallel_for(0, g.oc, [&](int64_t first, int64_t last) {
        for (int64_t o = first; o < last; ++o) {
            float sum = 0.0f;
            for (int64_t n = 0; n < g.n; ++n) {
                const float* plane = dy + (n * g.oc + o) * g.cells();
                for (int64_t i = 0; i < g.cells(); ++i) {
                    sum += plane[i];
                }
            }
            grad_bias[o] += sum;
        }
    });
}

}  // namespace

void conv2d_weight_grad(const Tensor& grad_output, const Tensor& input, const ConvGemmParams& p,
                        Tensor& grad_weight, Tensor& grad_bias) {
    const ConvGemmGeometry g = conv_gemm_geometry(input.shape(), grad_weight.shape(), p);
    require(grad_output.shape() == Shape{g.n, g.oc, g.oh, g.ow},
            "conv2d backward: grad_output must have the output's shape " +
                shape_string({g.n, g.oc, g.oh, g.ow}) + ", got " +
                shape_string(grad_output.shape()));
    if (!grad_bias.empty()) {
        bias_grad(g, grad_output.data(), grad_bias.data());
    }
    // Each task owns the columns of ∂L/∂W of a group of input channels and adds, image after
    // image and band after band (an order fixed by the shapes),
    //   ∂L/∂W[:, group] (OC, G·KH·KW) += dY band (OC, cells) · cols band ᵀ (cells, G·KH·KW).
    // dY's band is read in place: one image's (OC, OH·OW) block is a matrix with row stride
    // OH·OW.
    const int64_t taps = g.kh * g.kw;
    const int64_t groups = (g.c + kWeightGradChannels - 1) / kWeightGradChannels;
    const int64_t rows = band_rows(g);
    float* dw = grad_weight.data();
    parallel_for(
        0, groups,
        [&](int64_t first, int64_t last) {
            thread_local std::vector<float> cols;
            for (int64_t group = first; group < last; ++group) {
                const int64_t c0 = group * kWeightGradChannels;
                const int64_t c1 = std::min(g.c, c0 + kWeightGradChannels);
                ConvGemmGeometry part = g;  // the group's channels as an image of their own
                part.c = c1 - c0;
                for (int64_t n = 0; n < g.n; ++n) {
                    const float* image = input.data() + (n * g.c + c0) * g.h * g.w;
                    const float* dy = grad_output.data() + n * g.oc * g.cells();
                    for (int64_t oy0 = 0; oy0 < g.oh; oy0 += rows) {
                        const int64_t oy1 = std::min(g.oh, oy0 + rows);
                        const int64_t width = (oy1 - oy0) * g.ow;
                        cols.resize(static_cast<size_t>(part.patch() * width));
                        im2col_band(part, image, oy0, oy1, cols.data(), width);
                        gemm({g.oc, part.patch(), width}, 1.0f, {dy + oy0 * g.ow, g.cells(), false},
                             {cols.data(), width, true}, 1.0f, dw + c0 * taps, g.patch());
                    }
                }
            }
        },
        1);
}

}  // namespace cs
