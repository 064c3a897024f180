#include "engine/ops/max_pool2d.hpp"

#include <cmath>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/error.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr const char* kOp = "max_pool2d";

PoolWindowParams window_params(const MaxPool2dParams& p) {
    return {p.kernel_size, p.stride, p.padding, p.dilation, p.ceil_mode};
}

// torch's comparison: a larger value wins, and so does NaN (so NaN propagates like in torch).
// Equal values do not replace the current winner: the first maximum stays.
inline bool beats(float v, float best) {
    return v > best || std::isnan(v);
}

// The winner of one window: value and flat index within the plane.
struct Winner {
    float value = -std::numeric_limits<float>::infinity();
    int64_t index = 0;
};

// input plane (H, W); one output cell (oy, ox). Walks the window in row-major order, skipping
// padding. With no cell inside the input the index is the window's first in-range position,
// as in torch.
Winner window_max(const float* plane, const PoolGeometry& g, int64_t oy, int64_t ox) {
    const AxisTaps ty = axis_taps(oy, g.in_h, g.kernel.h, g.stride.h, g.padding.h, g.dilation.h);
    const AxisTaps tx = axis_taps(ox, g.in_w, g.kernel.w, g.stride.w, g.padding.w, g.dilation.w);
    Winner win;
    win.index =
        (ty.start + ty.k_begin * g.dilation.h) * g.in_w + tx.start + tx.k_begin * g.dilation.w;
    for (int64_t ky = ty.k_begin; ky < ty.k_end; ++ky) {
        const int64_t y = ty.start + ky * g.dilation.h;
        for (int64_t kx = tx.k_begin; kx < tx.k_end; ++kx) {
            const int64_t x = tx.start + kx * g.dilation.w;
            const float v = plane[y * g.in_w + x];
            if (beats(v, win.value)) {
                win.value = v;
                win.index = y * g.in_w + x;
            }
        }
    }
    return win;
}

// max_pool_interior without the winners: only the running maximum of each column block. The
// 2×2 stride-2 case, by far the most common, reads two rows of eight inputs and splits their
// even and odd columns with shuffles (SSE2: every x86-64 processor has it).
template <int KW, int SW>
void max_pool_interior_values(const float* plane, const PoolGeometry& g, const AxisTaps& ty,
                              int64_t ox_lo, int64_t ox_hi, float* out_row) {
    const int64_t kw = KW > 0 ? KW : g.kernel.w;
    const int64_t sw = SW > 0 ? SW : g.stride.w;
    const int64_t dw = g.dilation.w, dh = g.dilation.h, W = g.in_w;
    int64_t ox = ox_lo;
#if defined(__SSE2__)
    if (KW == 2 && SW == 2 && dw == 1 && ty.k_end - ty.k_begin == 2) {
        const float* top = plane + (ty.start + ty.k_begin * dh) * W - g.padding.w;
        const float* bottom = top + dh * W;
        for (; ox + 4 <= ox_hi; ox += 4) {
            const __m128 t0 = _mm_loadu_ps(top + 2 * ox), t1 = _mm_loadu_ps(top + 2 * ox + 4);
            const __m128 b0 = _mm_loadu_ps(bottom + 2 * ox), b1 = _mm_loadu_ps(bottom + 2 * ox + 4);
            const __m128 taps[4] = {_mm_shuffle_ps(t0, t1, _MM_SHUFFLE(2, 0, 2, 0)),
                                    _mm_shuffle_ps(t0, t1, _MM_SHUFFLE(3, 1, 3, 1)),
                                    _mm_shuffle_ps(b0, b1, _MM_SHUFFLE(2, 0, 2, 0)),
                                    _mm_shuffle_ps(b0, b1, _MM_SHUFFLE(3, 1, 3, 1))};
            __m128 best = _mm_set1_ps(-std::numeric_limits<float>::infinity());
            for (const __m128& v : taps) {  // row-major tap order, as beats() is applied
                const __m128 take = _mm_or_ps(_mm_cmpgt_ps(v, best), _mm_cmpunord_ps(v, v));
                best = _mm_or_ps(_mm_and_ps(take, v), _mm_andnot_ps(take, best));
            }
            _mm_storeu_ps(out_row + ox, best);
        }
    }
#endif
    for (; ox < ox_hi; ++ox) {
        const float* window = plane + ox * sw - g.padding.w;
        float best = -std::numeric_limits<float>::infinity();
        for (int64_t ky = ty.k_begin; ky < ty.k_end; ++ky) {
            const float* row = window + (ty.start + ky * dh) * W;
            for (int64_t kx = 0; kx < kw; ++kx) {
                const float v = row[kx * dw];
                best = (v > best) | (v != v) ? v : best;
            }
        }
        out_row[ox] = best;
    }
}

// The columns [ox_lo, ox_hi) of one output row whose windows lie wholly inside the input, with
// no bounds checks. The loops are turned inside out: for each window tap (ky, kx), in row-major
// order, update the running maximum of a block of output columns at once. Every window still
// sees its taps in row-major order — the same winner as the reference — but the inner loop
// now runs along the row, where the compiler can use vector compares and blends instead of
// unpredictable branches. Only the winning tap number is tracked; its input index is computed
// at the end. KW and SW fix the kernel width and stride at compile time for the common cases
// (0 = read them from g).
// Without idx_row (null) only the values are kept, as torch's return_indices=False.
template <int KW, int SW>
void max_pool_interior(const float* plane, const PoolGeometry& g, const AxisTaps& ty, int64_t ox_lo,
                       int64_t ox_hi, float* out_row, int64_t* idx_row) {
    if (idx_row == nullptr) {
        max_pool_interior_values<KW, SW>(plane, g, ty, ox_lo, ox_hi, out_row);
        return;
    }
    constexpr int64_t kBlock = 256;
    const int64_t kw = KW > 0 ? KW : g.kernel.w;
    const int64_t sw = SW > 0 ? SW : g.stride.w;
    const int64_t dw = g.dilation.w, dh = g.dilation.h, W = g.in_w;
    int32_t winner[kBlock];
    for (int64_t b0 = ox_lo; b0 < ox_hi; b0 += kBlock) {
        const int64_t count = std::min(kBlock, ox_hi - b0);
        const int64_t xs0 = b0 * sw - g.padding.w;  // input column of the block's first window
        float* best = out_row + b0;
        for (int64_t j = 0; j < count; ++j) {
            best[j] = -std::numeric_limits<float>::infinity();
            winner[j] = 0;
        }
        int32_t tap = 0;
        for (int64_t ky = ty.k_begin; ky < ty.k_end; ++ky) {
            const float* row = plane + (ty.start + ky * dh) * W + xs0;
            for (int64_t kx = 0; kx < kw; ++kx, ++tap) {
                const float* src = row + kx * dw;
                for (int64_t j = 0; j < count; ++j) {
                    const float v = src[j * sw];
                    const bool take = (v > best[j]) | (v != v);  // beats(): larger, or NaN
                    best[j] = take ? v : best[j];
                    winner[j] = take ? tap : winner[j];
                }
            }
        }
        for (int64_t j = 0; j < count; ++j) {
            const int64_t ky = ty.k_begin + winner[j] / kw, kx = winner[j] % kw;
            idx_row[b0 + j] = (ty.start + ky * dh) * W + xs0 + j * sw + kx * dw;
        }
    }
}

// One output row of one plane. input plane (H, W); out_row, idx_row (OW; null: values only).
// Interior columns go through max_pool_interior; the few border columns, whose windows reach
// into the padding, through window_max.
void max_pool_row(const float* plane, const PoolGeometry& g, int64_t oy, float* out_row,
                  int64_t* idx_row) {
    const AxisTaps ty = axis_taps(oy, g.in_h, g.kernel.h, g.stride.h, g.padding.h, g.dilation.h);
    const int64_t kw = g.kernel.w, sw = g.stride.w, dw = g.dilation.w;
    // Interior columns: x_start = ox·sw − pw ≥ 0 and x_start + (kw − 1)·dw < W.
    const int64_t ox_lo = std::min(g.out_w, ceil_div(g.padding.w, sw));
    const int64_t last_reach = g.in_w - 1 - (kw - 1) * dw + g.padding.w;  // ox·sw ≤ this
    int64_t ox_hi =
        last_reach < 0 ? ox_lo : std::max(ox_lo, std::min(g.out_w, last_reach / sw + 1));
    if (ty.k_begin >= ty.k_end) {
        ox_hi = ox_lo;  // no window row inside the input: all columns take the general path
    }
    const auto border = [&](int64_t ox) {
        const Winner w = window_max(plane, g, oy, ox);
        out_row[ox] = w.value;
        if (idx_row != nullptr) {
            idx_row[ox] = w.index;
        }
    };
    for (int64_t ox = 0; ox < ox_lo; ++ox) {
        border(ox);
    }
    if (kw == 2 && sw == 2) {
        max_pool_interior<2, 2>(plane, g, ty, ox_lo, ox_hi, out_row, idx_row);
    } else if (kw == 3 && sw == 2) {
        max_pool_interior<3, 2>(plane, g, ty, ox_lo, ox_hi, out_row, idx_row);
    } else if (kw == 3 && sw == 1) {
        max_pool_interior<3, 1>(plane, g, ty, ox_lo, ox_hi, out_row, idx_row);
    } else {
        max_pool_interior<0, 0>(plane, g, ty, ox_lo, ox_hi, out_row, idx_row);
    }
    for (int64_t ox = ox_hi; ox < g.out_w; ++ox) {
        border(ox);
    }
}

// Every output row of every plane, in parallel. out, idx (N, C, OH, OW); idx null: values only.
void pool_planes(const Tensor& input, const PoolGeometry& g, float* out, int64_t* idx) {
    const float* in = input.data();
    // One task item = one output row of one plane, so a single large image still splits.
    const int64_t rows = g.planes() * g.out_h;
    parallel_for(
        0, rows,
        [&](int64_t begin, int64_t end) {
            for (int64_t row = begin; row < end; ++row) {
                const int64_t plane = row / g.out_h;
                const int64_t oy = row % g.out_h;
                max_pool_row(in + plane * g.in_h * g.in_w, g, oy, out + row * g.out_w,
                             idx == nullptr ? nullptr : idx + row * g.out_w);
            }
        },
        g.row_grain());
}

}  // namespace

ShapeInfo max_pool2d_output_shape(const Shape& input, const MaxPool2dParams& p) {
    ShapeInfo info;
    info.shape = pool_geometry(kOp, input, window_params(p), &info.formulas).output_shape();
    return info;
}

// input (N, C, H, W); output, indices (N, C, OH, OW)
MaxPool2dResult max_pool2d_forward_reference(const Tensor& input, const MaxPool2dParams& p) {
    const PoolGeometry g = pool_geometry(kOp, input.shape(), window_params(p));
    MaxPool2dResult r{Tensor(g.output_shape()),
                      IndexBuffer(static_cast<size_t>(shape_numel(g.output_shape())), 0)};
    int64_t o = 0;
    for (int64_t n = 0; n < g.n; ++n) {
        for (int64_t c = 0; c < g.c; ++c) {
            for (int64_t oy = 0; oy < g.out_h; ++oy) {
                for (int64_t ox = 0; ox < g.out_w; ++ox, ++o) {
                    // torch starts from the first window position at or past (0, 0), even
                    // when it lies outside the input (a window of padding only, possible with
                    // dilation and ceil_mode): that index is reported with −inf.
                    int64_t y0 = oy * g.stride.h - g.padding.h;
                    int64_t x0 = ox * g.stride.w - g.padding.w;
                    while (y0 < 0) {
                        y0 += g.dilation.h;
                    }
                    while (x0 < 0) {
                        x0 += g.dilation.w;
                    }
                    float best = -std::numeric_limits<float>::infinity();
                    int64_t best_index = y0 * g.in_w + x0;
                    for (int64_t ky = 0; ky < g.kernel.h; ++ky) {
                        const int64_t y = oy * g.stride.h - g.padding.h + ky * g.dilation.h;
                        for (int64_t kx = 0; kx < g.kernel.w; ++kx) {
                            const int64_t x = ox * g.stride.w - g.padding.w + kx * g.dilation.w;
                            if (y < 0 || y >= g.in_h || x < 0 || x >= g.in_w) {
                                continue;  // padding is −inf: it never wins
                            }
                            const float v = input(n, c, y, x);
                            if (beats(v, best)) {
                                best = v;
                                best_index = y * g.in_w + x;
                            }
                        }
                    }
                    r.output.data()[o] = best;
                    r.indices[static_cast<size_t>(o)] = best_index;
                }
            }
        }
    }
    return r;
}

MaxPool2dResult max_pool2d_forward(const Tensor& input, const MaxPool2dParams& p) {
    MaxPool2dResult r;
    max_pool2d_forward_into(input, p, r);
    return r;
}

void max_pool2d_forward_into(const Tensor& input, const MaxPool2dParams& p, MaxPool2dResult& r) {
    const PoolGeometry g = pool_geometry(kOp, input.shape(), window_params(p));
    require(&input != &r.output, "max_pool2d: the output cannot be the input itself");
    if (r.output.shape() != g.output_shape()) {
        r.output = Tensor::uninitialized(g.output_shape());  // every cell is written below
    }
    r.indices.resize(static_cast<size_t>(r.output.numel()));
    pool_planes(input, g, r.output.data(), r.indices.data());
}

Tensor max_pool2d_values(const Tensor& input, const MaxPool2dParams& p) {
    const PoolGeometry g = pool_geometry(kOp, input.shape(), window_params(p));
    Tensor output = Tensor::uninitialized(g.output_shape());  // every cell is written below
    pool_planes(input, g, output.data(), nullptr);
    return output;
}

Step max_pool2d_trace(const Tensor& input, const MaxPool2dParams& p, const Index4& at) {
    const PoolGeometry g = pool_geometry(kOp, input.shape(), window_params(p));
    require_traceable_window(kOp, g);
    const auto [n, c, oy, ox] = at;
    require(
        n >= 0 && n < g.n && c >= 0 && c < g.c && oy >= 0 && oy < g.out_h && ox >= 0 &&
            ox < g.out_w,
        "max_pool2d trace: output element is outside the output " + shape_string(g.output_shape()));
    Step step;
    step.op = kOp;
    step.at = at;
    // Same walk as the kernels: row-major over the window, padding skipped, same comparison,
    // so `selected` is torch's index.
    float best = -std::numeric_limits<float>::infinity();
    for (int64_t ky = 0; ky < g.kernel.h; ++ky) {
        const int64_t y = oy * g.stride.h - g.padding.h + ky * g.dilation.h;
        for (int64_t kx = 0; kx < g.kernel.w; ++kx) {
            const int64_t x = ox * g.stride.w - g.padding.w + kx * g.dilation.w;
            if (y < 0 || y >= g.in_h || x < 0 || x >= g.in_w) {
                continue;
            }
            Tap tap;
            tap.kernel = {c, ky, kx};
            tap.input = Index4{n, c, y, x};
            tap.kind = TapKind::input;
            tap.value = input(n, c, y, x);
            if (!step.selected) {
                step.selected = 0;  // torch's starting point: the first cell inside the input
            }
            if (beats(tap.value, best)) {
                best = tap.value;
                step.selected = static_cast<int64_t>(step.taps.size());
            }
            step.taps.push_back(tap);
        }
    }
    step.sum = best;
    step.output = best;
    return step;
}

// grad_output (N, C, OH, OW); indices (N·C·OH·OW); grad_input (N, C, H, W)
Tensor max_pool2d_backward(const Tensor& grad_output, const IndexBuffer& indices,
                           const Shape& input_shape, const MaxPool2dParams& p) {
    const PoolGeometry g = pool_geometry(kOp, input_shape, window_params(p));
    require_grad_shape(kOp, grad_output, g.output_shape(), "grad_output");
    require(static_cast<int64_t>(indices.size()) == grad_output.numel(),
            "max_pool2d backward: indices must hold one entry per output cell (" +
                std::to_string(grad_output.numel()) + "), got " + std::to_string(indices.size()));
    Tensor grad_input(input_shape);
    const int64_t plane_in = g.in_h * g.in_w, plane_out = g.out_h * g.out_w;
    // Planes are independent; within a plane the outputs are added in row-major order, so the
    // result does not depend on the thread count.
    parallel_for(0, g.planes(), [&](int64_t begin, int64_t end) {
        for (int64_t plane = begin; plane < end; ++plane) {
            float* gi = grad_input.data() + plane * plane_in;
            const float* go = grad_output.data() + plane * plane_out;
            const int64_t* ix = indices.data() + plane * plane_out;
            for (int64_t o = 0; o < plane_out; ++o) {
                if (ix[o] < 0 || ix[o] >= plane_in) {
                    continue;  // a window of padding only: no input cell gave its −inf
                }
                gi[ix[o]] += go[o];
            }
        }
    });
    return grad_input;
}

GradTrace max_pool2d_backward_trace(const Tensor& input, const MaxPool2dParams& p,
                                    const Tensor& grad_output, const Index4& at) {
    const PoolGeometry g = pool_geometry(kOp, input.shape(), window_params(p));
    require_routing_args(kOp, g, grad_output, at);
    // Named one by one: lambdas below use them (clang 14 cannot capture structured bindings).
    const int64_t n = at[0], c = at[1], iy = at[2], ix = at[3];
    const float* plane = input.data() + (n * g.c + c) * g.in_h * g.in_w;
    GradTrace trace;
    trace.at = at;
    for_each_window_reading(g, iy, ix, [&](int64_t oy, int64_t ox, int64_t ky, int64_t kx) {
        // Only the windows this element won pass their gradient to it.
        if (window_max(plane, g, oy, ox).index != iy * g.in_w + ix) {
            return;
        }
        GradRoute route;
        route.output = {n, c, oy, ox};
        route.kernel = {ky, kx};
        route.grad_output = grad_output(n, c, oy, ox);
        route.factor = 1.0;
        trace.grad_input += static_cast<double>(route.grad_output);
        trace.routes.push_back(route);
    });
    return trace;
}

}  // namespace cs
