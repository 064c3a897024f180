// The pool family for the pipeline (see layer_ops.hpp).
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/error.hpp"
#include "engine/ops/register_pool.hpp"
#include "engine/parallel.hpp"
#include "engine/pipeline/layer_ops.hpp"

namespace cs::pipeline::detail {

bool is_pool_op(const std::string& op) {
    return op == "max_pool2d" || op == "avg_pool2d" || op == "lp_pool2d";
}

ShapeInfo pool_output_shape(const OpCall& call, const Shape& input) {
    if (call.op == "max_pool2d") {
        return max_pool2d_output_shape(input, max_pool2d_params(call));
    }
    if (call.op == "avg_pool2d") {
        return avg_pool2d_output_shape(input, avg_pool2d_params(call));
    }
    return lp_pool2d_output_shape(input, lp_pool2d_params(call));
}

LocalGeometry pool_geometry(const OpCall& call) {
    LocalGeometry g;
    if (call.op == "max_pool2d") {
        const MaxPool2dParams p = max_pool2d_params(call);
        const Pair s = p.stride.value_or(p.kernel_size);
        g.h = {p.dilation.h * (p.kernel_size.h - 1) + 1, s.h, p.padding.h, p.padding.h};
        g.w = {p.dilation.w * (p.kernel_size.w - 1) + 1, s.w, p.padding.w, p.padding.w};
        g.bandable = p.padding.h == 0 && !p.ceil_mode;
    } else if (call.op == "avg_pool2d") {
        const AvgPool2dParams p = avg_pool2d_params(call);
        const Pair s = p.stride.value_or(p.kernel_size);
        g.h = {p.kernel_size.h, s.h, p.padding.h, p.padding.h};
        g.w = {p.kernel_size.w, s.w, p.padding.w, p.padding.w};
        g.bandable = p.padding.h == 0 && !p.ceil_mode;
    } else {
        const LpPool2dParams p = lp_pool2d_params(call);
        const Pair s = p.stride.value_or(p.kernel_size);
        g.h = {p.kernel_size.h, s.h, 0, 0};
        g.w = {p.kernel_size.w, s.w, 0, 0};
        g.bandable = !p.ceil_mode;
    }
    return g;
}

namespace {

// max_pool2d without padding, values only (the op also finds each window's index, which the
// pipeline does not need). The same fold as the op — over the window in row-major order the
// best value is replaced by one that beats it (is larger, or NaN) — so the same bits, also
// for NaN and signed zeros.
Tensor max_pool_values(const Tensor& input, const MaxPool2dParams& p) {
    // input (N, C, H, W); out (N, C, OH, OW)
    const Shape out_shape = max_pool2d_output_shape(input.shape(), p).shape;
    Tensor out(out_shape);
    const Pair k = p.kernel_size, s = p.stride.value_or(p.kernel_size), d = p.dilation;
    const int64_t H = input.size(2), W = input.size(3), OH = out_shape[2], OW = out_shape[3];
    const int64_t planes = out_shape[0] * out_shape[1];
    parallel_for(
        0, planes * OH,
        [&](int64_t begin, int64_t end) {
            for (int64_t row = begin; row < end; ++row) {
                const int64_t plane = row / OH, oy = row % OH;
                const float* in = input.data() + plane * H * W + oy * s.h * W;
                float* dst = out.data() + row * OW;
                int64_t ox = 0;
#if defined(__SSE2__)
                // 2×2 windows with stride 2, the usual pooling: the even and odd columns of two
                // rows, split with shuffles (columns 2·ox … 2·ox + 7 exist in floor mode).
                if (k == Pair{2, 2} && s == Pair{2, 2} && d == Pair{1, 1}) {
                    for (; ox + 4 <= OW; ox += 4) {
                        const float* top = in + 2 * ox;
                        const float* bottom = top + W;
                        const __m128 t0 = _mm_loadu_ps(top), t1 = _mm_loadu_ps(top + 4);
                        const __m128 b0 = _mm_loadu_ps(bottom), b1 = _mm_loadu_ps(bottom + 4);
                        const __m128 taps[4] = {_mm_shuffle_ps(t0, t1, _MM_SHUFFLE(2, 0, 2, 0)),
                                                _mm_shuffle_ps(t0, t1, _MM_SHUFFLE(3, 1, 3, 1)),
                                                _mm_shuffle_ps(b0, b1, _MM_SHUFFLE(2, 0, 2, 0)),
                                                _mm_shuffle_ps(b0, b1, _MM_SHUFFLE(3, 1, 3, 1))};
                        __m128 best = _mm_set1_ps(-std::numeric_limits<float>::infinity());
                        for (const __m128& v : taps) {
                            const __m128 take =
                                _mm_or_ps(_mm_cmpgt_ps(v, best), _mm_cmpunord_ps(v, v));
                            best = _mm_or_ps(_mm_and_ps(take, v), _mm_andnot_ps(take, best));
                        }
                        _mm_storeu_ps(dst + ox, best);
                    }
                }
                // Four outputs at a time, one lane each, without branches: a lane takes v where
                // v > best or v is NaN.
                for (; ox + 4 <= OW; ox += 4) {
                    __m128 best = _mm_set1_ps(-std::numeric_limits<float>::infinity());
                    for (int64_t ky = 0; ky < k.h; ++ky) {
                        for (int64_t kx = 0; kx < k.w; ++kx) {
                            const float* at = in + ky * d.h * W + ox * s.w + kx * d.w;
                            const __m128 v =
                                s.w == 1 ? _mm_loadu_ps(at)
                                         : _mm_set_ps(at[3 * s.w], at[2 * s.w], at[s.w], at[0]);
                            const __m128 take =
                                _mm_or_ps(_mm_cmpgt_ps(v, best), _mm_cmpunord_ps(v, v));
                            best = _mm_or_ps(_mm_and_ps(take, v), _mm_andnot_ps(take, best));
                        }
                    }
                    _mm_storeu_ps(dst + ox, best);
                }
#endif
                for (; ox < OW; ++ox) {
                    const float* window = in + ox * s.w;
                    float best = -std::numeric_limits<float>::infinity();
                    for (int64_t ky = 0; ky < k.h; ++ky) {
                        for (int64_t kx = 0; kx < k.w; ++kx) {
                            const float v = window[ky * d.h * W + kx * d.w];
                            best = v > best || v != v ? v : best;
                        }
                    }
                    dst[ox] = best;
                }
            }
        },
        16);
    return out;
}

}  // namespace

Tensor pool_forward(const OpCall& call, const Tensor& input) {
    if (call.op == "max_pool2d") {
        const MaxPool2dParams p = max_pool2d_params(call);
        if (p.padding == Pair{0, 0} && !p.ceil_mode) {
            return max_pool_values(input, p);
        }
        return max_pool2d_forward(input, p).output;
    }
    if (call.op == "avg_pool2d") {
        return avg_pool2d_forward(input, avg_pool2d_params(call));
    }
    return lp_pool2d_forward(input, lp_pool2d_params(call));
}

}  // namespace cs::pipeline::detail
