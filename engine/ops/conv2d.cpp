#include "engine/ops/conv2d.hpp"

#include <algorithm>
#include <cstring>

#include "engine/error.hpp"
#include "engine/ops/conv_kernel.hpp"
#include "engine/parallel.hpp"
#include "engine/train/conv2d_gemm.hpp"

namespace cs {
namespace {

const char* const kOp = "conv2d";

// Every size the loops need, read once from the (validated) shapes and parameters.
struct Geometry {
    int64_t N, C, H, W;      // input
    int64_t OC, CG, OCG, G;  // output channels, input/output channels per group, groups
    int64_t KH, KW;          // kernel
    int64_t SH, SW, DH, DW;  // stride, dilation
    Padding2d pad;           // per side
    int64_t HP, WP;          // padded input
    int64_t OH, OW;          // output
    PaddingMode mode;
    bool flip;
};

Geometry geometry(const Shape& in, const Shape& w, const Conv2dParams& p, const Shape& out) {
    Geometry g{};
    g.N = in[0], g.C = in[1], g.H = in[2], g.W = in[3];
    g.OC = w[0], g.CG = w[1], g.KH = w[2], g.KW = w[3];
    g.G = p.groups, g.OCG = g.OC / p.groups;
    g.SH = p.stride.h, g.SW = p.stride.w, g.DH = p.dilation.h, g.DW = p.dilation.w;
    g.pad = conv2d_padding(p, w);
    g.HP = g.H + g.pad.top + g.pad.bottom, g.WP = g.W + g.pad.left + g.pad.right;
    g.OH = out[2], g.OW = out[3];
    g.mode = p.padding_mode, g.flip = p.flip;
    return g;
}

// The weight applied at kernel position (ky, kx): the stored one, or with flip the one at the
// 180°-rotated position.
float applied_weight(const Tensor& weight, const Geometry& g, int64_t oc, int64_t ic, int64_t ky,
                     int64_t kx) {
    return g.flip ? weight(oc, ic, g.KH - 1 - ky, g.KW - 1 - kx) : weight(oc, ic, ky, kx);
}

std::string pair_text(int64_t h, int64_t w) {
    // Appended piece by piece: "(" + std::to_string(h) trips gcc 12's -Wrestrict (bug 105329).
    std::string text = "(";
    text += std::to_string(h);
    text += ", ";
    text += std::to_string(w);
    return text + ")";
}

std::string padded_size_text(int64_t size, int64_t before, int64_t after) {
    if (before == after) {
        return std::to_string(size) + " + 2·" + std::to_string(before);
    }
    return std::to_string(size) + " + " + std::to_string(before) + " + " + std::to_string(after);
}

std::string formula(int64_t size, int64_t before, int64_t after, int64_t d, int64_t k, int64_t s,
                    int64_t out) {
    return std::string("⌊(") + padded_size_text(size, before, after) + " − " + std::to_string(d) +
           "·(" + std::to_string(k) + " − 1) − 1) / " + std::to_string(s) +
           "⌋ + 1 = " + std::to_string(out);
}

Geometry checked_geometry(const Tensor& input, const Tensor& weight, const Tensor& bias,
                          const Conv2dParams& p) {
    const ShapeInfo info = conv2d_output_shape(input.shape(), weight.shape(), p,
                                               bias.empty() ? Shape{} : bias.shape());
    return geometry(input.shape(), weight.shape(), p, info.shape);
}

}  // namespace

Padding2d conv2d_padding(const Conv2dParams& p, const Shape& weight_shape) {
    if (!p.same_padding) {
        return {p.padding.h, p.padding.h, p.padding.w, p.padding.w};
    }
    const int64_t total_h = p.dilation.h * (weight_shape[2] - 1);
    const int64_t total_w = p.dilation.w * (weight_shape[3] - 1);
    return {total_h / 2, total_h - total_h / 2, total_w / 2, total_w - total_w / 2};
}

ShapeInfo conv2d_output_shape(const Shape& in, const Shape& w, const Conv2dParams& p,
                              const Shape& bias) {
    require(in.size() == 4, std::string(kOp) +
                                ": input must have 4 dimensions (batch, channels, height, width), "
                                "got shape " +
                                shape_string(in));
    require(w.size() == 4, std::string(kOp) +
                               ": weight must have 4 dimensions (out channels, in channels / "
                               "groups, kernel height, kernel width), got shape " +
                               shape_string(w));
    require_positive(p.stride, kOp, "stride");
    require_positive(p.dilation, kOp, "dilation");
    if (!p.same_padding) {
        require_non_negative(p.padding, kOp, "padding");
    }
    require(p.groups >= 1, "param.at_least_1",
            {{"op", kOp}, {"param", "groups"}, {"got", std::to_string(p.groups)}},
            std::string(kOp) + ": groups must be at least 1, got " + std::to_string(p.groups));
    require(w[2] >= 1 && w[3] >= 1 && w[1] >= 1,
            std::string(kOp) +
                ": weight must have at least one input channel and a kernel of at "
                "least 1x1, got shape " +
                shape_string(w));
    const std::string groups = std::to_string(p.groups);
    require(w[0] % p.groups == 0, "conv2d.groups_divide_out_channels",
            {{"op", kOp},
             {"groups", groups},
             {"out_channels", std::to_string(w[0])},
             {"weight", shape_string(w)}},
            std::string(kOp) + ": groups=" + groups +
                " must divide the number of output channels (weight dimension 0 is " +
                std::to_string(w[0]) + "): every group needs the same number of filters; weight " +
                shape_string(w));
    require(in[1] == w[1] * p.groups,
            in[1] % p.groups != 0 ? "conv2d.groups_divide_in_channels" : "conv2d.in_channels",
            {{"op", kOp},
             {"in_channels", std::to_string(in[1])},
             {"groups", groups},
             {"per_group", std::to_string(w[1])},
             {"expected", std::to_string(w[1] * p.groups)},
             {"input", shape_string(in)},
             {"weight", shape_string(w)}},
            std::string(kOp) + ": the input has " + std::to_string(in[1]) +
                " channels but the weight expects groups × in channels per group = " + groups +
                " × " + std::to_string(w[1]) + " = " + std::to_string(w[1] * p.groups) +
                (in[1] % p.groups != 0 ? " (groups=" + groups + " does not divide the " +
                                             std::to_string(in[1]) + " input channels)"
                                       : std::string()) +
                "; input " + shape_string(in) + ", weight " + shape_string(w));
    if (!bias.empty()) {
        require(bias.size() == 1 && bias[0] == w[0],
                std::string(kOp) + ": bias must hold one value per output channel (" +
                    std::to_string(w[0]) + "), got shape " + shape_string(bias));
    }
    require(!p.same_padding || (p.stride.h == 1 && p.stride.w == 1), "conv.same_needs_stride_1",
            {{"op", kOp}, {"stride", pair_string(p.stride)}},
            std::string(kOp) +
                ": padding=\"same\" needs stride 1 in both directions (with a larger step the "
                "output cannot keep the input size), got stride " +
                pair_string(p.stride));
    const Padding2d pad = conv2d_padding(p, w);
    require_padding_fits(pad, in[2], in[3], p.padding_mode, kOp);
    const int64_t hp = in[2] + pad.top + pad.bottom, wp = in[3] + pad.left + pad.right;
    const int64_t span_h = p.dilation.h * (w[2] - 1) + 1, span_w = p.dilation.w * (w[3] - 1) + 1;
    require(span_h <= hp && span_w <= wp, "conv2d.kernel_larger_than_input",
            {{"op", kOp},
             {"kernel", std::to_string(w[2]) + "x" + std::to_string(w[3])},
             {"span", std::to_string(span_h) + "x" + std::to_string(span_w)},
             {"dilation", pair_string(p.dilation)},
             {"padded", std::to_string(hp) + "x" + std::to_string(wp)},
             {"input", std::to_string(in[2]) + "x" + std::to_string(in[3])}},
            std::string(kOp) + ": the kernel (" + std::to_string(w[2]) + "x" +
                std::to_string(w[3]) + ", spanning " + std::to_string(span_h) + "x" +
                std::to_string(span_w) + " with dilation " + pair_string(p.dilation) +
                ") is larger than the padded input (" + std::to_string(hp) + "x" +
                std::to_string(wp) + " = input " + std::to_string(in[2]) + "x" +
                std::to_string(in[3]) + " plus padding); the kernel must fit inside it");
    const int64_t oh = (hp - span_h) / p.stride.h + 1;
    const int64_t ow = (wp - span_w) / p.stride.w + 1;
    return {{in[0], w[0], oh, ow},
            {formula(in[2], pad.top, pad.bottom, p.dilation.h, w[2], p.stride.h, oh),
             formula(in[3], pad.left, pad.right, p.dilation.w, w[3], p.stride.w, ow)}};
}

Tensor conv2d_reference(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        const Conv2dParams& p) {
    // input (N, C, H, W); weight (OC, C/G, KH, KW); bias (OC); out (N, OC, OH, OW)
    const Geometry g = checked_geometry(input, weight, bias, p);
    require(g.HP <= max_op_output_values / g.WP / std::max<int64_t>(1, g.N * g.C),
            std::string(kOp) + ": the padded input (" + std::to_string(g.HP) + "×" +
                std::to_string(g.WP) + ") would hold more than " +
                std::to_string(max_op_output_values / 1'000'000) + " million values");
    const Tensor padded = pad2d(input, g.pad, g.mode);
    Tensor out({g.N, g.OC, g.OH, g.OW});
    for (int64_t n = 0; n < g.N; ++n) {
        for (int64_t oc = 0; oc < g.OC; ++oc) {
            const int64_t first_ic = oc / g.OCG * g.CG;  // the group's first input channel
            for (int64_t y = 0; y < g.OH; ++y) {
                for (int64_t x = 0; x < g.OW; ++x) {
                    float sum = 0.0f;
                    for (int64_t ic = 0; ic < g.CG; ++ic) {
                        for (int64_t ky = 0; ky < g.KH; ++ky) {
                            for (int64_t kx = 0; kx < g.KW; ++kx) {
                                sum += padded(n, first_ic + ic, y * g.SH + ky * g.DH,
                                              x * g.SW + kx * g.DW) *
                                       applied_weight(weight, g, oc, ic, ky, kx);
                            }
                        }
                    }
                    out(n, oc, y, x) = sum + (bias.empty() ? 0.0f : bias.data()[oc]);
                }
            }
        }
    }
    return out;
}

// The fast forward pass. Work is cut into tasks of (image n, group, band of output rows); a
// task copies the input rows its band reads, padding included, into a small buffer that stays
// in cache, and then runs the vector kernel over it for every output channel of the group.
// Nothing the size of the image is allocated besides the output (no im2col matrix).
//
// Buffer layout: for each input channel of the group and each padded input row of the band,
// the row is stored split by column phase modulo the horizontal stride: phase p holds padded
// columns p, p + sw, p + 2·sw, ... . Output column x with kernel column kx reads padded column
// x·sw + kx·dw = (x + q)·sw + p with q = (kx·dw) / sw and p = (kx·dw) % sw, so for every tap the
// inputs of consecutive outputs are consecutive floats, whatever the stride.
namespace {

// Layers with many channels (a CNN's middle) run as matrix products; image filters, grouped,
// dilated, flipped and specially padded convolutions in the direct kernel.
bool use_gemm(const Tensor& input, const Tensor& weight, const Conv2dParams& p) {
    if (p.groups != 1 || p.dilation != Pair{1, 1} || p.padding_mode != PaddingMode::zeros ||
        p.flip || p.same_padding) {
        return false;
    }
    return conv2d_gemm_pays_off(conv_gemm_geometry(input.shape(), weight.shape(),
                                                   {.stride = p.stride, .padding = p.padding}));
}

}  // namespace

Tensor conv2d_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                      const Conv2dParams& p) {
    Tensor out;
    conv2d_forward_into(input, weight, bias, p, out);
    return out;
}

void conv2d_forward_into(const Tensor& input, const Tensor& weight, const Tensor& bias,
                         const Conv2dParams& p, Tensor& out) {
    // input (N, C, H, W); weight (OC, C/G, KH, KW); bias (OC); out (N, OC, OH, OW)
    const Geometry g = checked_geometry(input, weight, bias, p);
    require(&out != &input, "conv2d: the output cannot be the input tensor itself");
    if (out.shape() != Shape{g.N, g.OC, g.OH, g.OW}) {
        out = conv_kernel::new_output({g.N, g.OC, g.OH, g.OW});
    }
    out.data();  // a shared tensor gets its own values here, not in the threads that write them
    if (use_gemm(input, weight, p)) {
        conv2d_forward_gemm(input, weight, bias, {.stride = p.stride, .padding = p.padding}, out);
        return;
    }

    const int64_t qmax = (g.KW - 1) * g.DW / g.SW;
    const int64_t phase_len = g.OW + qmax + 1;
    const int64_t row_len = g.SW * phase_len;
    // A band of output rows whose input rows fill about 256 KiB (it stays in L2 cache), and at
    // least 4 rows so that the kernel's halo rows, copied by two neighbouring bands, stay a
    // small part of the copy. The band height depends on the shapes only, never on the thread
    // count.
    const int64_t band_floats = 64 * 1024;
    const int64_t band_h =
        std::clamp<int64_t>(band_floats / std::max<int64_t>(1, g.CG * g.SH * row_len), 4, 64);
    const int64_t bands = (g.OH + band_h - 1) / band_h;
    const int64_t band_rows = (std::min(band_h, g.OH) - 1) * g.SH + (g.KH - 1) * g.DH + 1;
    const int64_t plane = band_rows * row_len;
    // The buffer grows with the padded rows a band reads and with stride × output width, so a
    // stride or padding of a million on a tiny input would need gigabytes for a tiny output.
    require(band_rows <= max_op_output_values / g.CG &&
                row_len <= max_op_output_values / g.CG / band_rows,
            std::string(kOp) + ": stride " + pair_text(g.SH, g.SW) + ", padding " +
                pair_text(g.pad.top, g.pad.left) + " and dilation " + pair_text(g.DH, g.DW) +
                " on a " + std::to_string(g.H) + "×" + std::to_string(g.W) +
                " input need a working buffer of more than " +
                std::to_string(max_op_output_values / 1'000'000) +
                " million values; use a smaller stride or padding");

    // The tap list, in the order of the reference sum: input channel, then ky, then kx.
    const int64_t taps = g.CG * g.KH * g.KW;
    std::vector<int64_t> offsets;
    offsets.reserve(static_cast<size_t>(taps));
    for (int64_t ic = 0; ic < g.CG; ++ic) {
        for (int64_t ky = 0; ky < g.KH; ++ky) {
            for (int64_t kx = 0; kx < g.KW; ++kx) {
                const int64_t col = kx * g.DW;
                offsets.push_back(ic * plane + ky * g.DH * row_len + col % g.SW * phase_len +
                                  col / g.SW);
            }
        }
    }
    // Weights packed per block of up to 4 output channels: [tap][channel in block]. A block
    // starting at output channel oc0 sits at oc0·taps.
    std::vector<float> packed(static_cast<size_t>(g.OC * taps));
    for (int64_t grp = 0; grp < g.G; ++grp) {
        for (int64_t oc0 = grp * g.OCG; oc0 < (grp + 1) * g.OCG; oc0 += conv_kernel::kMaxChannels) {
            const int64_t ch =
                std::min<int64_t>(conv_kernel::kMaxChannels, (grp + 1) * g.OCG - oc0);
            float* block = packed.data() + oc0 * taps;
            int64_t t = 0;
            for (int64_t ic = 0; ic < g.CG; ++ic) {
                for (int64_t ky = 0; ky < g.KH; ++ky) {
                    for (int64_t kx = 0; kx < g.KW; ++kx, ++t) {
                        for (int64_t o = 0; o < ch; ++o) {
                            block[t * ch + o] = applied_weight(weight, g, oc0 + o, ic, ky, kx);
                        }
                    }
                }
            }
        }
    }
    std::vector<float> bias_values(static_cast<size_t>(g.OC) + conv_kernel::kMaxChannels, 0.0f);
    if (!bias.empty()) {
        std::copy(bias.values().begin(), bias.values().end(), bias_values.begin());
    }
    // Which original column each padded column copies (-1: a zero).
    std::vector<int64_t> col_source(static_cast<size_t>(g.WP));
    for (int64_t c = 0; c < g.WP; ++c) {
        col_source[static_cast<size_t>(c)] = padding_source(c - g.pad.left, g.W, g.mode);
    }

    // Copies padded input row r (padded coordinates) of channel `channel` into `dst`.
    const auto fill_row = [&](int64_t n, int64_t channel, int64_t r, float* dst) {
        const int64_t src_row = padding_source(r - g.pad.top, g.H, g.mode);
        if (src_row < 0) {
            std::fill(dst, dst + row_len, 0.0f);
            return;
        }
        const float* src = input.data() + ((n * g.C + channel) * g.H + src_row) * g.W;
        if (g.SW == 1) {  // the common case: the original row in the middle, one copy
            std::fill(dst + g.WP, dst + row_len, 0.0f);  // the unused end of the row
            std::memcpy(dst + g.pad.left, src, static_cast<size_t>(g.W) * sizeof(float));
            for (int64_t c = 0; c < g.pad.left; ++c) {
                const int64_t s = col_source[static_cast<size_t>(c)];
                dst[c] = s < 0 ? 0.0f : src[s];
            }
            for (int64_t c = g.pad.left + g.W; c < g.WP; ++c) {
                const int64_t s = col_source[static_cast<size_t>(c)];
                dst[c] = s < 0 ? 0.0f : src[s];
            }
            return;
        }
        std::fill(dst, dst + row_len, 0.0f);
        for (int64_t c = 0; c < g.WP; ++c) {
            const int64_t s = col_source[static_cast<size_t>(c)];
            dst[c % g.SW * phase_len + c / g.SW] = s < 0 ? 0.0f : src[s];
        }
    };

    // Bands away from the top and bottom border with zero padding and stride 1 across read
    // their interior columns straight from the input: no copy, so the input streams in from
    // memory while the arithmetic runs. Only the few edge columns, where the kernel overhangs
    // the input, are computed from a small zero-padded copy. The same taps in the same order
    // as the copied path: the same bits.
    const int64_t x_lo = g.pad.left;
    const int64_t x_hi = std::min(g.OW, g.W + g.pad.left - (g.KW - 1) * g.DW);
    const bool direct_ok = g.mode == PaddingMode::zeros && g.SW == 1 && x_hi > x_lo;
    const int64_t overhang = (g.KW - 1) * g.DW;
    const int64_t edge_len = std::max(x_lo, g.OW - x_hi) + overhang;
    const int64_t edge_plane = band_rows * edge_len;
    std::vector<int64_t> direct_offsets, edge_offsets;
    for (int64_t ic = 0; direct_ok && ic < g.CG; ++ic) {
        for (int64_t ky = 0; ky < g.KH; ++ky) {
            for (int64_t kx = 0; kx < g.KW; ++kx) {
                direct_offsets.push_back(ic * g.H * g.W + ky * g.DH * g.W + kx * g.DW);
                edge_offsets.push_back(ic * edge_plane + ky * g.DH * edge_len + kx * g.DW);
            }
        }
    }

    // The weights, bias and channel count of the block of output channels starting at oc0.
    const auto block_job = [&](int64_t grp, int64_t oc0) {
        conv_kernel::RowJob job;
        job.taps = taps;
        job.weights = packed.data() + oc0 * taps;
        job.channels =
            static_cast<int>(std::min<int64_t>(conv_kernel::kMaxChannels, (grp + 1) * g.OCG - oc0));
        job.bias = bias_values.data() + oc0;
        return job;
    };

    parallel_for(0, g.N * g.G * bands, [&](int64_t begin, int64_t end) {
        std::vector<float> buffer(static_cast<size_t>(g.CG * plane));
        std::vector<float> left, right;  // the edge columns of a direct band
        for (int64_t task = begin; task < end; ++task) {
            const int64_t band = task % bands;
            const int64_t grp = task / bands % g.G;
            const int64_t n = task / bands / g.G;
            const int64_t y0 = band * band_h, y1 = std::min(g.OH, y0 + band_h);
            const int64_t rows = (y1 - y0 - 1) * g.SH + (g.KH - 1) * g.DH + 1;
            const int64_t in_first = y0 * g.SH - g.pad.top;
            if (direct_ok && in_first >= 0 && in_first + rows <= g.H) {
                left.assign(static_cast<size_t>(g.CG * edge_plane), 0.0f);
                right.assign(static_cast<size_t>(g.CG * edge_plane), 0.0f);
                for (int64_t ic = 0; ic < g.CG; ++ic) {
                    for (int64_t rr = 0; rr < rows; ++rr) {
                        const float* src =
                            input.data() +
                            ((n * g.C + grp * g.CG + ic) * g.H + in_first + rr) * g.W;
                        float* l = left.data() + ic * edge_plane + rr * edge_len;
                        float* r = right.data() + ic * edge_plane + rr * edge_len;
                        for (int64_t c = 0; c < x_lo + overhang; ++c) {  // padded columns
                            const int64_t from = c - g.pad.left;
                            l[c] = from >= 0 && from < g.W ? src[from] : 0.0f;
                        }
                        for (int64_t c = 0; c < g.OW - x_hi + overhang; ++c) {
                            const int64_t from = x_hi + c - g.pad.left;
                            r[c] = from >= 0 && from < g.W ? src[from] : 0.0f;
                        }
                    }
                }
                for (int64_t oc0 = grp * g.OCG; oc0 < (grp + 1) * g.OCG;
                     oc0 += conv_kernel::kMaxChannels) {
                    conv_kernel::RowJob job = block_job(grp, oc0);
                    for (int64_t y = y0; y < y1; ++y) {
                        float* rows_out[conv_kernel::kMaxChannels];
                        for (int o = 0; o < job.channels; ++o) {
                            rows_out[o] = out.data() + ((n * g.OC + oc0 + o) * g.OH + y) * g.OW;
                        }
                        const auto run = [&](const float* src, const int64_t* offsets, int64_t base,
                                             int64_t x, int64_t count) {
                            if (count <= 0) {
                                return;
                            }
                            job.src = src;
                            job.offsets = offsets;
                            job.base = base;
                            job.count = count;
                            for (int o = 0; o < job.channels; ++o) {
                                job.out[static_cast<size_t>(o)] = rows_out[o] + x;
                            }
                            conv_kernel::tap_rows(job);
                        };
                        const int64_t edge_base = (y - y0) * g.SH * edge_len;
                        run(left.data(), edge_offsets.data(), edge_base, 0, x_lo);
                        run(input.data() + (n * g.C + grp * g.CG) * g.H * g.W,
                            direct_offsets.data(), (y * g.SH - g.pad.top) * g.W + x_lo - g.pad.left,
                            x_lo, x_hi - x_lo);
                        run(right.data(), edge_offsets.data(), edge_base, x_hi, g.OW - x_hi);
                    }
                }
                continue;
            }
            for (int64_t ic = 0; ic < g.CG; ++ic) {
                for (int64_t rr = 0; rr < rows; ++rr) {
                    fill_row(n, grp * g.CG + ic, y0 * g.SH + rr,
                             buffer.data() + ic * plane + rr * row_len);
                }
            }
            for (int64_t oc0 = grp * g.OCG; oc0 < (grp + 1) * g.OCG;
                 oc0 += conv_kernel::kMaxChannels) {
                conv_kernel::RowJob job = block_job(grp, oc0);
                job.src = buffer.data();
                job.offsets = offsets.data();
                job.count = g.OW;
                for (int64_t y = y0; y < y1; ++y) {
                    job.base = (y - y0) * g.SH * row_len;
                    for (int o = 0; o < job.channels; ++o) {
                        job.out[static_cast<size_t>(o)] =
                            out.data() + ((n * g.OC + oc0 + o) * g.OH + y) * g.OW;
                    }
                    conv_kernel::tap_rows(job);
                }
            }
        }
    });
}

Step conv2d_trace(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Conv2dParams& p, const Index4& at) {
    const Geometry g = checked_geometry(input, weight, bias, p);
    Step step;
    step.op = kOp;
    step.view = "direct";
    step.at = at;
    step.step = step_index(at, {g.N, g.OC, g.OH, g.OW});  // also checks `at`
    const auto [n, oc, y, x] = at;
    const int64_t first_ic = oc / g.OCG * g.CG;
    step.channel_sums.assign(static_cast<size_t>(g.CG), 0.0);
    step.taps.reserve(static_cast<size_t>(g.CG * g.KH * g.KW));
    float sum = 0.0f;  // accumulated like conv2d_reference, so integer data gives its output
    for (int64_t ic = 0; ic < g.CG; ++ic) {
        for (int64_t ky = 0; ky < g.KH; ++ky) {
            for (int64_t kx = 0; kx < g.KW; ++kx) {
                // Position of the cell in input coordinates (outside the input: a border cell).
                const int64_t r = y * g.SH + ky * g.DH - g.pad.top;
                const int64_t c = x * g.SW + kx * g.DW - g.pad.left;
                const int64_t src_r = padding_source(r, g.H, g.mode);
                const int64_t src_c = padding_source(c, g.W, g.mode);
                Tap tap;
                tap.kernel = {ic, ky, kx};
                tap.kind =
                    r >= 0 && r < g.H && c >= 0 && c < g.W ? TapKind::input : TapKind::padding;
                if (src_r >= 0 && src_c >= 0) {
                    tap.input = Index4{n, first_ic + ic, src_r, src_c};
                    tap.value = input(n, first_ic + ic, src_r, src_c);
                }
                const float w = applied_weight(weight, g, oc, ic, ky, kx);
                tap.weight = w;
                tap.product = tap.value * w;
                sum += *tap.product;
                step.sum += *tap.product;
                step.channel_sums[static_cast<size_t>(ic)] += *tap.product;
                step.taps.push_back(tap);
            }
        }
    }
    if (!bias.empty()) {
        step.bias = bias.data()[oc];
    }
    step.output = sum + step.bias.value_or(0.0f);
    return step;
}

ConvGrads conv2d_backward(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                          const Conv2dParams& p, bool has_bias) {
    // grad_output (N, OC, OH, OW); input (N, C, H, W); weight (OC, C/G, KH, KW)
    const Geometry g = checked_geometry(input, weight, Tensor(), p);
    require(grad_output.shape() == Shape{g.N, g.OC, g.OH, g.OW},
            std::string(kOp) + " backward: grad_output must have the output's shape " +
                shape_string({g.N, g.OC, g.OH, g.OW}) + ", got " +
                shape_string(grad_output.shape()));
    const Tensor padded = pad2d(input, g.pad, g.mode);

    // Gradient of the padded input: padded cell (r, c) fed output (y, x) through kernel
    // position (ky, kx) when r = y·sh + ky·dh and c = x·sw + kx·dw.
    Tensor grad_padded({g.N, g.C, g.HP, g.WP});
    parallel_for(0, g.N * g.C, [&](int64_t begin, int64_t end) {
        for (int64_t nc = begin; nc < end; ++nc) {
            const int64_t n = nc / g.C, ci = nc % g.C;
            const int64_t grp = ci / g.CG, ic = ci % g.CG;
            for (int64_t r = 0; r < g.HP; ++r) {
                for (int64_t c = 0; c < g.WP; ++c) {
                    double sum = 0.0;
                    for (int64_t oc = grp * g.OCG; oc < (grp + 1) * g.OCG; ++oc) {
                        for (int64_t ky = 0; ky < g.KH; ++ky) {
                            const int64_t ry = r - ky * g.DH;
                            if (ry < 0 || ry % g.SH != 0 || ry / g.SH >= g.OH) {
                                continue;
                            }
                            for (int64_t kx = 0; kx < g.KW; ++kx) {
                                const int64_t cx = c - kx * g.DW;
                                if (cx < 0 || cx % g.SW != 0 || cx / g.SW >= g.OW) {
                                    continue;
                                }
                                sum +=
                                    static_cast<double>(grad_output(n, oc, ry / g.SH, cx / g.SW)) *
                                    applied_weight(weight, g, oc, ic, ky, kx);
                            }
                        }
                    }
                    grad_padded(n, ci, r, c) = static_cast<float>(sum);
                }
            }
        }
    });

    ConvGrads grads;
    grads.grad_input = pad2d_backward(grad_padded, g.pad, g.mode, g.H, g.W);
    grads.grad_weight = Tensor(weight.shape());
    parallel_for(0, g.OC, [&](int64_t begin, int64_t end) {
        for (int64_t oc = begin; oc < end; ++oc) {
            const int64_t first_ic = oc / g.OCG * g.CG;
            for (int64_t ic = 0; ic < g.CG; ++ic) {
                for (int64_t ky = 0; ky < g.KH; ++ky) {
                    for (int64_t kx = 0; kx < g.KW; ++kx) {
                        double sum = 0.0;
                        for (int64_t n = 0; n < g.N; ++n) {
                            for (int64_t y = 0; y < g.OH; ++y) {
                                for (int64_t x = 0; x < g.OW; ++x) {
                                    sum += static_cast<double>(grad_output(n, oc, y, x)) *
                                           padded(n, first_ic + ic, y * g.SH + ky * g.DH,
                                                  x * g.SW + kx * g.DW);
                                }
                            }
                        }
                        // The gradient of the kernel as applied belongs to the stored weight
                        // at the same place, or at the rotated place with flip.
                        const int64_t wy = g.flip ? g.KH - 1 - ky : ky;
                        const int64_t wx = g.flip ? g.KW - 1 - kx : kx;
                        grads.grad_weight(oc, ic, wy, wx) = static_cast<float>(sum);
                    }
                }
            }
        }
    });
    if (has_bias) {
        grads.grad_bias = Tensor({g.OC});
        for (int64_t oc = 0; oc < g.OC; ++oc) {
            double sum = 0.0;
            for (int64_t n = 0; n < g.N; ++n) {
                for (int64_t i = 0; i < g.OH * g.OW; ++i) {
                    sum += grad_output.data()[(n * g.OC + oc) * g.OH * g.OW + i];
                }
            }
            grads.grad_bias.data()[oc] = static_cast<float>(sum);
        }
    }
    return grads;
}

InputGradTrace conv2d_input_grad_trace(const Tensor& grad_output, const Shape& input_shape,
                                       const Tensor& weight, const Conv2dParams& p,
                                       const Index4& at) {
    const ShapeInfo info = conv2d_output_shape(input_shape, weight.shape(), p);
    const Geometry g = geometry(input_shape, weight.shape(), p, info.shape);
    require(grad_output.shape() == info.shape,
            std::string(kOp) + " input gradient: grad_output must have the output's shape " +
                shape_string(info.shape) + ", got " + shape_string(grad_output.shape()));
    step_index(at, {g.N, g.C, g.H, g.W});  // checks that `at` is inside the input
    const auto [n, ci, iy, ix] = at;
    const int64_t grp = ci / g.CG, ic = ci % g.CG;
    InputGradTrace trace;
    trace.at = at;
    double sum = 0.0;
    // Every padded cell that holds this element: itself, and with reflect/replicate/circular
    // padding the border cells that copy it.
    for (int64_t r = 0; r < g.HP; ++r) {
        if (padding_source(r - g.pad.top, g.H, g.mode) != iy) {
            continue;
        }
        for (int64_t c = 0; c < g.WP; ++c) {
            if (padding_source(c - g.pad.left, g.W, g.mode) != ix) {
                continue;
            }
            for (int64_t oc = grp * g.OCG; oc < (grp + 1) * g.OCG; ++oc) {
                for (int64_t ky = 0; ky < g.KH; ++ky) {
                    const int64_t ry = r - ky * g.DH;
                    if (ry < 0 || ry % g.SH != 0 || ry / g.SH >= g.OH) {
                        continue;
                    }
                    for (int64_t kx = 0; kx < g.KW; ++kx) {
                        const int64_t cx = c - kx * g.DW;
                        if (cx < 0 || cx % g.SW != 0 || cx / g.SW >= g.OW) {
                            continue;
                        }
                        ConvGradRoute route;
                        route.output = {n, oc, ry / g.SH, cx / g.SW};
                        route.kernel = {ic, ky, kx};
                        route.cell = {r - g.pad.top, c - g.pad.left};
                        route.grad_output = grad_output(n, oc, ry / g.SH, cx / g.SW);
                        route.weight = applied_weight(weight, g, oc, ic, ky, kx);
                        route.product = route.grad_output * route.weight;
                        sum += static_cast<double>(route.grad_output) * route.weight;
                        trace.routes.push_back(route);
                    }
                }
            }
        }
    }
    trace.sum = sum;
    trace.grad_input = static_cast<float>(sum);
    return trace;
}

}  // namespace cs
