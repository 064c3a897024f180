#include "engine/ops/conv_transpose2d.hpp"

#include <algorithm>
#include <cstring>

#include "engine/error.hpp"
#include "engine/ops/conv_kernel.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

const char* const kOp = "conv_transpose2d";

struct Geometry {
    int64_t N, CI, H, W;      // input
    int64_t CO, CIG, COG, G;  // output channels, input/output channels per group, groups
    int64_t KH, KW;
    int64_t SH, SW, PH, PW, DH, DW;
    int64_t OH, OW;
};

Geometry geometry(const Shape& in, const Shape& w, const ConvTranspose2dParams& p,
                  const Shape& out) {
    Geometry g{};
    g.N = in[0], g.CI = in[1], g.H = in[2], g.W = in[3];
    g.G = p.groups, g.CIG = in[1] / p.groups, g.COG = w[1], g.CO = w[1] * p.groups;
    g.KH = w[2], g.KW = w[3];
    g.SH = p.stride.h, g.SW = p.stride.w, g.PH = p.padding.h, g.PW = p.padding.w;
    g.DH = p.dilation.h, g.DW = p.dilation.w;
    g.OH = out[2], g.OW = out[3];
    return g;
}

Geometry checked_geometry(const Tensor& input, const Tensor& weight, const Tensor& bias,
                          const ConvTranspose2dParams& p) {
    const ShapeInfo info = conv_transpose2d_output_shape(input.shape(), weight.shape(), p,
                                                         bias.empty() ? Shape{} : bias.shape());
    return geometry(input.shape(), weight.shape(), p, info.shape);
}

// Input index that output coordinate `o` reads through kernel index `k` in one dimension
// (o = i·s − p + k·d), or -1 when no input element lands there.
int64_t source_index(int64_t o, int64_t k, int64_t s, int64_t p, int64_t d, int64_t size) {
    const int64_t r = o + p - k * d;
    if (r < 0 || r % s != 0 || r / s >= size) {
        return -1;
    }
    return r / s;
}

std::string formula(int64_t size, int64_t s, int64_t p, int64_t d, int64_t k, int64_t op,
                    int64_t out) {
    return std::string("(") + std::to_string(size) + " − 1)·" + std::to_string(s) + " − 2·" +
           std::to_string(p) + " + " + std::to_string(d) + "·(" + std::to_string(k) + " − 1) + " +
           std::to_string(op) + " + 1 = " + std::to_string(out);
}

// One dimension of the expanded grid, as shared/oracle/check_trace.py `grid_cell`:
// which part of the grid cell `e` is, and for an input cell which input index it holds.
struct GridCell {
    enum Part { in, inserted, pad, out_pad } part;
    int64_t index = -1;
};

GridCell grid_cell(int64_t e, int64_t border, int64_t s, int64_t size) {
    const int64_t q = e - border, last = (size - 1) * s;
    if (q >= 0 && q <= last) {
        return q % s == 0 ? GridCell{GridCell::in, q / s} : GridCell{GridCell::inserted, -1};
    }
    return {q < 0 || q <= last + std::max<int64_t>(border, 0) ? GridCell::pad : GridCell::out_pad,
            -1};
}

TapKind cell_kind(const GridCell& a, const GridCell& b) {
    if (a.part == GridCell::pad || b.part == GridCell::pad) {
        return TapKind::padding;
    }
    if (a.part == GridCell::out_pad || b.part == GridCell::out_pad) {
        return TapKind::output_padding;
    }
    return a.part == GridCell::in && b.part == GridCell::in ? TapKind::input : TapKind::inserted;
}

// The kernel rows that apply to output rows of phase φ (y ≡ φ mod s), with the input row
// offset each reads: y = j·s + φ reads input row j + shift.
struct PhaseTap {
    int64_t k;
    int64_t shift;
};

std::vector<PhaseTap> phase_taps(int64_t phase, int64_t k, int64_t s, int64_t p, int64_t d) {
    std::vector<PhaseTap> taps;
    for (int64_t i = 0; i < k; ++i) {
        const int64_t r = phase + p - i * d;
        if (((r % s) + s) % s == 0) {
            taps.push_back({i, floor_div(r, s)});
        }
    }
    return taps;
}

}  // namespace

ShapeInfo conv_transpose2d_output_shape(const Shape& in, const Shape& w,
                                        const ConvTranspose2dParams& p, const Shape& bias) {
    require(in.size() == 4, std::string(kOp) +
                                ": input must have 4 dimensions (batch, channels, height, width), "
                                "got shape " +
                                shape_string(in));
    require(w.size() == 4, std::string(kOp) +
                               ": weight must have 4 dimensions (in channels, out channels / "
                               "groups, kernel height, kernel width), got shape " +
                               shape_string(w));
    require_positive(p.stride, kOp, "stride");
    require_positive(p.dilation, kOp, "dilation");
    require_non_negative(p.padding, kOp, "padding");
    require_non_negative(p.output_padding, kOp, "output_padding");
    require((p.output_padding.h < p.stride.h || p.output_padding.h < p.dilation.h) &&
                (p.output_padding.w < p.stride.w || p.output_padding.w < p.dilation.w),
            "conv_transpose2d.output_padding_too_large",
            {{"op", kOp},
             {"output_padding", pair_string(p.output_padding)},
             {"stride", pair_string(p.stride)},
             {"dilation", pair_string(p.dilation)}},
            std::string(kOp) +
                ": output_padding must be smaller than the stride or the dilation in each "
                "direction (it only picks which of the output sizes that map to the same input "
                "size is meant), got output_padding " +
                pair_string(p.output_padding) + ", stride " + pair_string(p.stride) +
                ", dilation " + pair_string(p.dilation));
    require(p.groups >= 1, "param.at_least_1",
            {{"op", kOp}, {"param", "groups"}, {"got", std::to_string(p.groups)}},
            std::string(kOp) + ": groups must be at least 1, got " + std::to_string(p.groups));
    require(w[1] >= 1 && w[2] >= 1 && w[3] >= 1,
            std::string(kOp) +
                ": weight must have at least one output channel and a kernel of "
                "at least 1x1, got shape " +
                shape_string(w));
    const std::string groups = std::to_string(p.groups);
    require(in[1] == w[0], "conv_transpose2d.in_channels",
            {{"op", kOp},
             {"in_channels", std::to_string(in[1])},
             {"weight_in", std::to_string(w[0])},
             {"input", shape_string(in)},
             {"weight", shape_string(w)}},
            std::string(kOp) + ": the input has " + std::to_string(in[1]) +
                " channels but the weight (dimension 0) is for " + std::to_string(w[0]) +
                " input channels; input " + shape_string(in) + ", weight " + shape_string(w));
    require(w[0] % p.groups == 0, "conv_transpose2d.groups_divide_in_channels",
            {{"op", kOp},
             {"groups", groups},
             {"in_channels", std::to_string(w[0])},
             {"weight", shape_string(w)}},
            std::string(kOp) + ": groups=" + groups +
                " must divide the number of input channels (" + std::to_string(w[0]) +
                "); weight " + shape_string(w));
    const int64_t out_channels = w[1] * p.groups;
    if (!bias.empty()) {
        require(bias.size() == 1 && bias[0] == out_channels,
                std::string(kOp) + ": bias must hold one value per output channel (groups × " +
                    "weight dimension 1 = " + std::to_string(out_channels) + "), got shape " +
                    shape_string(bias));
    }
    const int64_t oh = (in[2] - 1) * p.stride.h - 2 * p.padding.h + p.dilation.h * (w[2] - 1) +
                       p.output_padding.h + 1;
    const int64_t ow = (in[3] - 1) * p.stride.w - 2 * p.padding.w + p.dilation.w * (w[3] - 1) +
                       p.output_padding.w + 1;
    const std::string fh =
        formula(in[2], p.stride.h, p.padding.h, p.dilation.h, w[2], p.output_padding.h, oh);
    const std::string fw =
        formula(in[3], p.stride.w, p.padding.w, p.dilation.w, w[3], p.output_padding.w, ow);
    require(oh > 0 && ow > 0, "conv_transpose2d.output_not_positive",
            {{"op", kOp}, {"height", fh}, {"width", fw}},
            std::string(kOp) + ": the output size must be positive, but " + "height " + fh +
                " and width " + fw + " (the padding cuts away more than the full output)");
    return {{in[0], out_channels, oh, ow}, {fh, fw}};
}

Tensor conv_transpose2d_reference(const Tensor& input, const Tensor& weight, const Tensor& bias,
                                  const ConvTranspose2dParams& p) {
    // input (N, CI, H, W); weight (CI, CO/G, KH, KW); bias (CO); out (N, CO, OH, OW)
    const Geometry g = checked_geometry(input, weight, bias, p);
    Tensor out({g.N, g.CO, g.OH, g.OW});
    for (int64_t n = 0; n < g.N; ++n) {
        for (int64_t oc = 0; oc < g.CO; ++oc) {
            const int64_t first_ci = oc / g.COG * g.CIG, ocl = oc % g.COG;
            for (int64_t y = 0; y < g.OH; ++y) {
                for (int64_t x = 0; x < g.OW; ++x) {
                    float sum = 0.0f;
                    for (int64_t ic = 0; ic < g.CIG; ++ic) {
                        for (int64_t ky = 0; ky < g.KH; ++ky) {
                            const int64_t iy = source_index(y, ky, g.SH, g.PH, g.DH, g.H);
                            for (int64_t kx = 0; iy >= 0 && kx < g.KW; ++kx) {
                                const int64_t ix = source_index(x, kx, g.SW, g.PW, g.DW, g.W);
                                if (ix >= 0) {
                                    sum += input(n, first_ci + ic, iy, ix) *
                                           weight(first_ci + ic, ocl, ky, kx);
                                }
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

// Tasks are (image n, group, band of output rows). A task copies the input rows the band
// reads into a zero-bordered buffer, then for each output row y (phase φy = y mod sh) and
// each column phase φx runs the vector kernel over the outputs x = jx·sw + φx, jx = 0, 1, ...
// with only the taps of that phase pair: they read consecutive input columns ix = jx + shift.
Tensor conv_transpose2d_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                                const ConvTranspose2dParams& p) {
    Tensor out;
    conv_transpose2d_forward_into(input, weight, bias, p, out);
    return out;
}

void conv_transpose2d_forward_into(const Tensor& input, const Tensor& weight, const Tensor& bias,
                                   const ConvTranspose2dParams& p, Tensor& out) {
    // input (N, CI, H, W); weight (CI, CO/G, KH, KW); bias (CO); out (N, CO, OH, OW)
    const Geometry g = checked_geometry(input, weight, bias, p);
    require(&out != &input, "conv_transpose2d: the output cannot be the input tensor itself");
    if (out.shape() != Shape{g.N, g.CO, g.OH, g.OW}) {
        out = conv_kernel::new_output({g.N, g.CO, g.OH, g.OW});
    }
    out.data();  // a shared tensor gets its own values here, not in the threads that write them

    std::vector<std::vector<PhaseTap>> rows_of(static_cast<size_t>(g.SH));
    std::vector<std::vector<PhaseTap>> cols_of(static_cast<size_t>(g.SW));
    for (int64_t ph = 0; ph < g.SH; ++ph) {
        rows_of[static_cast<size_t>(ph)] = phase_taps(ph, g.KH, g.SH, g.PH, g.DH);
    }
    for (int64_t ph = 0; ph < g.SW; ++ph) {
        cols_of[static_cast<size_t>(ph)] = phase_taps(ph, g.KW, g.SW, g.PW, g.DW);
    }
    // Buffer columns hold input columns from col_min on (zeros outside the input).
    const int64_t col_min = floor_div(g.PW - (g.KW - 1) * g.DW, g.SW);
    const int64_t col_max = floor_div(g.SW - 1 + g.PW, g.SW);
    const int64_t phase_w = (g.OW + g.SW - 1) / g.SW;  // outputs of the widest column phase
    const int64_t row_len = phase_w + col_max - col_min + 1;
    // About 256 KiB of input rows per band (in L2 cache), at least 8 output rows (the same
    // rule as conv2d: shapes only, never the thread count).
    const int64_t band_floats = 64 * 1024;
    const int64_t band_h =
        std::clamp<int64_t>(band_floats / std::max<int64_t>(1, g.CIG * row_len) * g.SH, 8, 64);
    const int64_t bands = (g.OH + band_h - 1) / band_h;
    const int64_t band_rows = (band_h - 1 + (g.KH - 1) * g.DH) / g.SH + 2;
    const int64_t plane = band_rows * row_len;

    // Per phase pair: the tap list (input channel, ky, kx order) and weights packed per block
    // of up to 4 output channels ([tap][channel in block]; a block at oc0 sits at oc0·taps).
    struct PhasePlan {
        std::vector<int64_t> offsets;
        std::vector<std::array<int64_t, 3>> taps;  // (ic, ky, kx)
        std::vector<float> packed;
    };
    std::vector<PhasePlan> plans(static_cast<size_t>(g.SH * g.SW));
    for (int64_t fy = 0; fy < g.SH; ++fy) {
        for (int64_t fx = 0; fx < g.SW; ++fx) {
            PhasePlan& plan = plans[static_cast<size_t>(fy * g.SW + fx)];
            for (int64_t ic = 0; ic < g.CIG; ++ic) {
                for (const PhaseTap& ty : rows_of[static_cast<size_t>(fy)]) {
                    for (const PhaseTap& tx : cols_of[static_cast<size_t>(fx)]) {
                        plan.offsets.push_back(ic * plane + ty.shift * row_len + tx.shift -
                                               col_min);
                        plan.taps.push_back({ic, ty.k, tx.k});
                    }
                }
            }
            const int64_t taps = static_cast<int64_t>(plan.taps.size());
            plan.packed.resize(static_cast<size_t>(g.CO * taps));
            for (int64_t grp = 0; grp < g.G; ++grp) {
                for (int64_t oc0 = grp * g.COG; oc0 < (grp + 1) * g.COG;
                     oc0 += conv_kernel::kMaxChannels) {
                    const int64_t ch =
                        std::min<int64_t>(conv_kernel::kMaxChannels, (grp + 1) * g.COG - oc0);
                    for (int64_t t = 0; t < taps; ++t) {
                        const auto [ic, ky, kx] = plan.taps[static_cast<size_t>(t)];
                        for (int64_t o = 0; o < ch; ++o) {
                            plan.packed[static_cast<size_t>(oc0 * taps + t * ch + o)] =
                                weight(grp * g.CIG + ic, oc0 + o - grp * g.COG, ky, kx);
                        }
                    }
                }
            }
        }
    }
    std::vector<float> bias_values(static_cast<size_t>(g.CO) + conv_kernel::kMaxChannels, 0.0f);
    if (!bias.empty()) {
        std::copy(bias.values().begin(), bias.values().end(), bias_values.begin());
    }

    parallel_for(0, g.N * g.G * bands, [&](int64_t begin, int64_t end) {
        std::vector<float> buffer(static_cast<size_t>(g.CIG * plane));
        // With a horizontal stride the phase's outputs are not neighbours: compute them into a
        // scratch row, then spread them out.
        std::vector<float> scratch(
            g.SW == 1 ? 0 : static_cast<size_t>(g.SW * conv_kernel::kMaxChannels * row_len));
        for (int64_t task = begin; task < end; ++task) {
            const int64_t band = task % bands;
            const int64_t grp = task / bands % g.G;
            const int64_t n = task / bands / g.G;
            const int64_t y0 = band * band_h, y1 = std::min(g.OH, y0 + band_h);
            const int64_t row_lo = floor_div(y0 + g.PH - (g.KH - 1) * g.DH, g.SH);
            const int64_t row_hi = floor_div(y1 - 1 + g.PH, g.SH);
            for (int64_t ic = 0; ic < g.CIG; ++ic) {
                for (int64_t iy = row_lo; iy <= row_hi; ++iy) {
                    float* dst = buffer.data() + ic * plane + (iy - row_lo) * row_len;
                    // Buffer column b holds input column b + col_min; zeros outside the input.
                    const int64_t b0 =
                        iy < 0 || iy >= g.H ? row_len : std::max<int64_t>(0, -col_min);
                    const int64_t b1 = std::clamp<int64_t>(g.W - col_min, b0, row_len);
                    std::fill(dst, dst + b0, 0.0f);
                    if (b1 > b0) {
                        const float* src =
                            input.data() + ((n * g.CI + grp * g.CIG + ic) * g.H + iy) * g.W;
                        std::memcpy(dst + b0, src + b0 + col_min,
                                    static_cast<size_t>(b1 - b0) * sizeof(float));
                    }
                    std::fill(dst + b1, dst + row_len, 0.0f);
                }
            }
            for (int64_t y = y0; y < y1; ++y) {
                const int64_t fy = y % g.SH, jy = y / g.SH;
                for (int64_t oc0 = grp * g.COG; oc0 < (grp + 1) * g.COG;
                     oc0 += conv_kernel::kMaxChannels) {
                    const int channels = static_cast<int>(
                        std::min<int64_t>(conv_kernel::kMaxChannels, (grp + 1) * g.COG - oc0));
                    for (int64_t fx = 0; fx < g.SW && fx < g.OW; ++fx) {
                        const PhasePlan& plan = plans[static_cast<size_t>(fy * g.SW + fx)];
                        const int64_t taps = static_cast<int64_t>(plan.taps.size());
                        conv_kernel::RowJob job;
                        job.src = buffer.data();
                        job.base = (jy - row_lo) * row_len;
                        job.offsets = plan.offsets.data();
                        job.taps = taps;
                        job.count = (g.OW - fx + g.SW - 1) / g.SW;
                        job.channels = channels;
                        job.weights = plan.packed.data() + oc0 * taps;
                        job.bias = bias_values.data() + oc0;
                        for (int o = 0; o < channels; ++o) {
                            job.out[static_cast<size_t>(o)] =
                                g.SW == 1 ? &out(n, oc0 + o, y, 0)
                                          : scratch.data() +
                                                (fx * conv_kernel::kMaxChannels + o) * row_len;
                        }
                        conv_kernel::tap_rows(job);
                    }
                    if (g.SW == 1) {
                        continue;
                    }
                    // Interleave the column phases: x = jx·sw + fx.
                    for (int o = 0; o < channels; ++o) {
                        float* row = &out(n, oc0 + o, y, 0);
                        const auto phase = [&](int64_t fx) {
                            return scratch.data() + (fx * conv_kernel::kMaxChannels + o) * row_len;
                        };
                        if (g.SW == 2) {  // the common upsampling case, in one vector pass
                            const float* even = phase(0);
                            const float* odd = phase(1);
                            for (int64_t jx = 0; jx < g.OW / 2; ++jx) {
                                row[2 * jx] = even[jx];
                                row[2 * jx + 1] = odd[jx];
                            }
                            if (g.OW % 2 == 1) {
                                row[g.OW - 1] = even[g.OW / 2];
                            }
                            continue;
                        }
                        for (int64_t x = 0; x < g.OW; ++x) {
                            row[x] = phase(x % g.SW)[x / g.SW];
                        }
                    }
                }
            }
        }
    });
}

Step conv_transpose2d_trace(const Tensor& input, const Tensor& weight, const Tensor& bias,
                            const ConvTranspose2dParams& p, const Index4& at, TransposeView view) {
    const Geometry g = checked_geometry(input, weight, bias, p);
    Step step;
    step.op = kOp;
    step.view = view == TransposeView::insert ? "insert" : "scatter";
    step.at = at;
    step.step = step_index(at, {g.N, g.CO, g.OH, g.OW});  // also checks `at`
    const auto [n, oc, y, x] = at;
    const int64_t first_ci = oc / g.COG * g.CIG, ocl = oc % g.COG;
    step.channel_sums.assign(static_cast<size_t>(g.CIG), 0.0);
    const int64_t border_h = g.DH * (g.KH - 1) - g.PH, border_w = g.DW * (g.KW - 1) - g.PW;

    const auto add = [&](Tap tap) {
        tap.product = tap.value * *tap.weight;
        step.sum += *tap.product;
        step.channel_sums[static_cast<size_t>(tap.kernel[0])] += *tap.product;
        step.taps.push_back(tap);
    };
    float sum = 0.0f;  // the output, summed in conv_transpose2d_reference's order
    for (int64_t ic = 0; ic < g.CIG; ++ic) {
        const int64_t ci = first_ci + ic;
        for (int64_t ky = 0; ky < g.KH; ++ky) {
            for (int64_t kx = 0; kx < g.KW; ++kx) {
                const int64_t iy = source_index(y, ky, g.SH, g.PH, g.DH, g.H);
                const int64_t ix = source_index(x, kx, g.SW, g.PW, g.DW, g.W);
                if (iy >= 0 && ix >= 0) {
                    sum += input(n, ci, iy, ix) * weight(ci, ocl, ky, kx);
                }
                Tap tap;
                if (view == TransposeView::scatter) {
                    if (iy < 0 || ix < 0) {
                        continue;
                    }
                    tap.kernel = {ic, ky, kx};
                    tap.input = Index4{n, ci, iy, ix};
                    tap.value = input(n, ci, iy, ix);
                    tap.weight = weight(ci, ocl, ky, kx);
                    add(tap);
                    continue;
                }
                // Insert view: (ky, kx) is a position of the rotated kernel over the grid.
                const int64_t ey = y + ky * g.DH, ex = x + kx * g.DW;
                const GridCell cy = grid_cell(ey, border_h, g.SH, g.H);
                const GridCell cx = grid_cell(ex, border_w, g.SW, g.W);
                tap.kernel = {ic, ky, kx};
                tap.kind = cell_kind(cy, cx);
                tap.expanded = std::array<int64_t, 2>{ey, ex};
                if (tap.kind == TapKind::input) {
                    tap.input = Index4{n, ci, cy.index, cx.index};
                    tap.value = input(n, ci, cy.index, cx.index);
                }
                tap.weight = weight(ci, ocl, g.KH - 1 - ky, g.KW - 1 - kx);
                add(tap);
            }
        }
    }
    if (!bias.empty()) {
        step.bias = bias.data()[oc];
    }
    step.output = sum + step.bias.value_or(0.0f);
    return step;
}

ScatterStamp conv_transpose2d_stamp(const Tensor& input, const Tensor& weight,
                                    const ConvTranspose2dParams& p, int64_t index) {
    // input (N, CI, H, W); weight (CI, CO/G, KH, KW); the stamp of input element `index`
    const Geometry g = checked_geometry(input, weight, Tensor(), p);
    require(index >= 0 && index < input.numel(),
            std::string(kOp) + ": stamp " + std::to_string(index) + " is outside the input " +
                shape_string(input.shape()) + " (" + std::to_string(input.numel()) + " elements)");
    ScatterStamp stamp;
    stamp.index = index;
    const int64_t ix = index % g.W, iy = index / g.W % g.H, ci = index / (g.W * g.H) % g.CI,
                  n = index / (g.W * g.H * g.CI);
    stamp.from = {n, ci, iy, ix};
    stamp.value = input(n, ci, iy, ix);
    // Input channel ci belongs to group ci / CIG, whose output channels it stamps on.
    const int64_t first_oc = ci / g.CIG * g.COG;
    for (int64_t ocl = 0; ocl < g.COG; ++ocl) {
        for (int64_t ky = 0; ky < g.KH; ++ky) {
            const int64_t y = iy * g.SH - g.PH + ky * g.DH;
            for (int64_t kx = 0; kx < g.KW; ++kx) {
                const int64_t x = ix * g.SW - g.PW + kx * g.DW;
                const bool landed = y >= 0 && y < g.OH && x >= 0 && x < g.OW;  // not cut away
                const float w = weight(ci, ocl, ky, kx);
                stamp.marks.push_back(
                    {{n, first_oc + ocl, y, x}, landed, {ky, kx}, w, stamp.value * w});
            }
        }
    }
    return stamp;
}

Tensor conv_transpose2d_stamped(const Tensor& input, const Tensor& weight, const Tensor& bias,
                                const ConvTranspose2dParams& p, int64_t count) {
    const Geometry g = checked_geometry(input, weight, bias, p);
    count = std::clamp<int64_t>(count, 0, input.numel());
    // Running sums in double, rounded once at the end, so the last one is the forward
    // result's value (to float rounding) whatever the order of the stamps.
    std::vector<double> sums(static_cast<size_t>(g.N * g.CO * g.OH * g.OW), 0.0);
    for (int64_t k = 0; k < count; ++k) {
        for (const ScatterMark& m : conv_transpose2d_stamp(input, weight, p, k).marks) {
            if (!m.landed) {
                continue;
            }
            sums[static_cast<size_t>(((m.at[0] * g.CO + m.at[1]) * g.OH + m.at[2]) * g.OW +
                                     m.at[3])] += static_cast<double>(m.product);
        }
    }
    Tensor out({g.N, g.CO, g.OH, g.OW});
    for (size_t i = 0; i < sums.size(); ++i) {
        const int64_t oc = static_cast<int64_t>(i) / (g.OH * g.OW) % g.CO;
        out.data()[i] = static_cast<float>(sums[i] + (bias.empty() ? 0.0 : bias.data()[oc]));
    }
    return out;
}

ExpandedGrid conv_transpose2d_expanded_grid(const Tensor& input, const Shape& weight_shape,
                                            const ConvTranspose2dParams& p) {
    const ShapeInfo info = conv_transpose2d_output_shape(input.shape(), weight_shape, p);
    const Geometry g = geometry(input.shape(), weight_shape, p, info.shape);
    ExpandedGrid grid;
    grid.border_h = g.DH * (g.KH - 1) - g.PH;
    grid.border_w = g.DW * (g.KW - 1) - g.PW;
    // The kernel spans d·(k − 1) + 1 cells and slides with stride 1: grid = output + d·(k − 1).
    grid.height = g.OH + g.DH * (g.KH - 1);
    grid.width = g.OW + g.DW * (g.KW - 1);
    const auto text = [](int64_t size, int64_t s, int64_t border, int64_t op, int64_t total) {
        const std::string b = std::to_string(border);
        return std::string("(") + std::to_string(size) + " − 1)·" + std::to_string(s) +
               " + 1 + 2·" + (border < 0 ? std::string("(") + b + ")" : b) + " + " +
               std::to_string(op) + " = " + std::to_string(total);
    };
    grid.formulas = {text(g.H, g.SH, grid.border_h, p.output_padding.h, grid.height),
                     text(g.W, g.SW, grid.border_w, p.output_padding.w, grid.width)};
    grid.values = Tensor({g.N, g.CI, grid.height, grid.width});
    grid.kinds.resize(static_cast<size_t>(grid.height * grid.width));
    grid.source.resize(static_cast<size_t>(grid.height * grid.width), {-1, -1});
    for (int64_t ey = 0; ey < grid.height; ++ey) {
        const GridCell cy = grid_cell(ey, grid.border_h, g.SH, g.H);
        for (int64_t ex = 0; ex < grid.width; ++ex) {
            const GridCell cx = grid_cell(ex, grid.border_w, g.SW, g.W);
            const size_t cell = static_cast<size_t>(ey * grid.width + ex);
            grid.kinds[cell] = cell_kind(cy, cx);
            if (grid.kinds[cell] != TapKind::input) {
                continue;
            }
            grid.source[cell] = {cy.index, cx.index};
            for (int64_t n = 0; n < g.N; ++n) {
                for (int64_t c = 0; c < g.CI; ++c) {
                    grid.values(n, c, ey, ex) = input(n, c, cy.index, cx.index);
                }
            }
        }
    }
    return grid;
}

ConvGrads conv_transpose2d_backward(const Tensor& grad_output, const Tensor& input,
                                    const Tensor& weight, const ConvTranspose2dParams& p,
                                    bool has_bias) {
    // grad_output (N, CO, OH, OW); input (N, CI, H, W); weight (CI, CO/G, KH, KW)
    const Geometry g = checked_geometry(input, weight, Tensor(), p);
    require(grad_output.shape() == Shape{g.N, g.CO, g.OH, g.OW},
            std::string(kOp) + " backward: grad_output must have the output's shape " +
                shape_string({g.N, g.CO, g.OH, g.OW}) + ", got " +
                shape_string(grad_output.shape()));
    // Input (iy, ix) went, through kernel (ky, kx), to output (iy·s − p + ky·d, ix·s − p + kx·d).
    const auto out_index = [](int64_t i, int64_t k, int64_t s, int64_t pad, int64_t d,
                              int64_t size) {
        const int64_t o = i * s - pad + k * d;
        return o >= 0 && o < size ? o : -1;
    };
    ConvGrads grads;
    grads.grad_input = Tensor(input.shape());
    parallel_for(0, g.N * g.CI, [&](int64_t begin, int64_t end) {
        for (int64_t nc = begin; nc < end; ++nc) {
            const int64_t n = nc / g.CI, ci = nc % g.CI, grp = ci / g.CIG;
            for (int64_t iy = 0; iy < g.H; ++iy) {
                for (int64_t ix = 0; ix < g.W; ++ix) {
                    double sum = 0.0;
                    for (int64_t ocl = 0; ocl < g.COG; ++ocl) {
                        for (int64_t ky = 0; ky < g.KH; ++ky) {
                            const int64_t y = out_index(iy, ky, g.SH, g.PH, g.DH, g.OH);
                            for (int64_t kx = 0; y >= 0 && kx < g.KW; ++kx) {
                                const int64_t x = out_index(ix, kx, g.SW, g.PW, g.DW, g.OW);
                                if (x >= 0) {
                                    sum += static_cast<double>(
                                               grad_output(n, grp * g.COG + ocl, y, x)) *
                                           weight(ci, ocl, ky, kx);
                                }
                            }
                        }
                    }
                    grads.grad_input(n, ci, iy, ix) = static_cast<float>(sum);
                }
            }
        }
    });
    grads.grad_weight = Tensor(weight.shape());
    parallel_for(0, g.CI, [&](int64_t begin, int64_t end) {
        for (int64_t ci = begin; ci < end; ++ci) {
            const int64_t grp = ci / g.CIG;
            for (int64_t ocl = 0; ocl < g.COG; ++ocl) {
                for (int64_t ky = 0; ky < g.KH; ++ky) {
                    for (int64_t kx = 0; kx < g.KW; ++kx) {
                        double sum = 0.0;
                        for (int64_t n = 0; n < g.N; ++n) {
                            for (int64_t iy = 0; iy < g.H; ++iy) {
                                const int64_t y = out_index(iy, ky, g.SH, g.PH, g.DH, g.OH);
                                for (int64_t ix = 0; y >= 0 && ix < g.W; ++ix) {
                                    const int64_t x = out_index(ix, kx, g.SW, g.PW, g.DW, g.OW);
                                    if (x >= 0) {
                                        sum += static_cast<double>(input(n, ci, iy, ix)) *
                                               grad_output(n, grp * g.COG + ocl, y, x);
                                    }
                                }
                            }
                        }
                        grads.grad_weight(ci, ocl, ky, kx) = static_cast<float>(sum);
                    }
                }
            }
        }
    });
    if (has_bias) {
        grads.grad_bias = Tensor({g.CO});
        for (int64_t oc = 0; oc < g.CO; ++oc) {
            double sum = 0.0;
            for (int64_t n = 0; n < g.N; ++n) {
                for (int64_t i = 0; i < g.OH * g.OW; ++i) {
                    sum += grad_output.data()[(n * g.CO + oc) * g.OH * g.OW + i];
                }
            }
            grads.grad_bias.data()[oc] = static_cast<float>(sum);
        }
    }
    return grads;
}

}  // namespace cs
