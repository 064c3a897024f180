#include "engine/ops/local_response_norm.hpp"

#include <cmath>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr const char* kOp = "local_response_norm";

// The input as (N, C, inner): inner is the product of the dimensions after channels.
struct ChannelLayout {
    int64_t n = 0, c = 0, inner = 1;
};

ChannelLayout layout_of(const Shape& s) {
    ChannelLayout l{s[0], s[1], 1};
    for (size_t d = 2; d < s.size(); ++d) {
        l.inner *= s[d];
    }
    return l;
}

// The channel window of channel c, clipped to [0, C).
int64_t window_first(int64_t c, const LocalResponseNormParams& p) {
    return std::max<int64_t>(0, c - p.size / 2);
}
int64_t window_last(int64_t c, int64_t channels, const LocalResponseNormParams& p) {
    return std::min<int64_t>(channels - 1, c + (p.size - 1) / 2);
}

// k + alpha/size · Σ x²: torch averages the squares (an avg_pool over `size` channels with
// zeros beyond the edges), then scales.
float base_of(float sum_squares, const LocalResponseNormParams& p) {
    return static_cast<float>(p.k) +
           static_cast<float>(p.alpha) * (sum_squares / static_cast<float>(p.size));
}

// Σ x² over each value's channel window, for one (n, ·, i) column at a time.
Tensor window_energy(const Tensor& input, const LocalResponseNormParams& p) {
    const ChannelLayout l = layout_of(input.shape());
    Tensor energy = Tensor::uninitialized(input.shape());
    const float* x = input.data();
    float* e = energy.data();
    parallel_for(
        0, l.n * l.c,
        [&](int64_t first, int64_t last) {
            for (int64_t nc = first; nc < last; ++nc) {
                const int64_t n = nc / l.c, c = nc % l.c;
                float* dst = e + nc * l.inner;
                std::fill(dst, dst + l.inner, 0.0f);
                for (int64_t j = window_first(c, p); j <= window_last(c, l.c, p); ++j) {
                    const float* src = x + (n * l.c + j) * l.inner;
                    for (int64_t i = 0; i < l.inner; ++i) {
                        dst[i] += src[i] * src[i];
                    }
                }
            }
        },
        1);
    return energy;
}

LocalResponseNormParams params_of(const OpCall& call) {
    require(param_present(call.params, "size"),
            "local_response_norm: size, the number of neighbouring channels, is required");
    return {.size = param_int(call.params, call.op, "size", 5),
            .alpha = param_number(call.params, call.op, "alpha", 1e-4),
            .beta = param_number(call.params, call.op, "beta", 0.75),
            .k = param_number(call.params, call.op, "k", 1.0)};
}

}  // namespace

ShapeInfo local_response_norm_output_shape(const Shape& input, const LocalResponseNormParams& p) {
    require(input.size() >= 3, std::string(kOp) +
                                   ": expects an input of 3 or more dimensions (N, C, …), got " +
                                   shape_string(input));
    require(p.size >= 1,
            std::string(kOp) + ": size must be at least 1, got " + std::to_string(p.size));
    return {input,
            {std::string(kOp) + " keeps the shape: " + shape_string(input) +
             "; each value is divided by (k + alpha/" + std::to_string(p.size) +
             " · Σ x²)^beta over " + std::to_string(p.size) + " neighbouring channels"}};
}

Tensor local_response_norm_forward(const Tensor& input, const LocalResponseNormParams& p) {
    local_response_norm_output_shape(input.shape(), p);
    Tensor out = window_energy(input, p);
    const float* x = input.data();
    float* y = out.data();
    const auto beta = static_cast<float>(p.beta);
    parallel_for(
        0, out.numel(),
        [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                y[i] = x[i] / std::pow(base_of(y[i], p), beta);
            }
        },
        16384);
    return out;
}

Step local_response_norm_trace(const Tensor& input, const LocalResponseNormParams& p,
                               const Index4& at) {
    local_response_norm_output_shape(input.shape(), p);
    const int64_t offset = element_offset(input.shape(), at, kOp);
    const ChannelLayout l = layout_of(input.shape());
    const int64_t c = at[1];
    const int64_t column = offset % l.inner;
    Step step;
    float sum = 0.0f;
    for (int64_t j = c - p.size / 2; j <= c + (p.size - 1) / 2; ++j) {
        Tap tap;
        tap.kernel = {j - (c - p.size / 2), 0, 0};
        if (j < 0 || j >= l.c) {
            tap.kind = TapKind::padding;
        } else {
            Index4 source = at;
            source[1] = j;
            tap.input = source;
            tap.value = input.data()[(at[0] * l.c + j) * l.inner + column];
            tap.weight = tap.value;
            tap.product = tap.value * tap.value;
            sum += *tap.product;
        }
        step.taps.push_back(tap);
    }
    const float value = input.data()[offset];
    const float denominator = std::pow(base_of(sum, p), static_cast<float>(p.beta));
    step.sum = sum;
    step.quantities = {{"x", value},       {"k", p.k},
                       {"alpha", p.alpha}, {"size", static_cast<double>(p.size)},
                       {"beta", p.beta},   {"denominator", denominator}};
    step.output = value / denominator;
    return step;
}

// grad x_j = g_j·D_j^−β − (2αβ/size)·x_j · Σ_{c: j in window(c)} g_c·x_c·D_c^(−β−1),
// D = k + α/size·Σ x².
Tensor local_response_norm_backward(const Tensor& input, const Tensor& grad_output,
                                    const LocalResponseNormParams& p) {
    local_response_norm_output_shape(input.shape(), p);
    require(grad_output.shape() == input.shape(),
            std::string(kOp) + " backward: grad_output " + shape_string(grad_output.shape()) +
                " must have the input's shape " + shape_string(input.shape()));
    const ChannelLayout l = layout_of(input.shape());
    const Tensor energy = window_energy(input, p);
    // t_c = g_c · x_c · D_c^(−β−1), and each value's own factor D^−β.
    Tensor t = Tensor::uninitialized(input.shape());
    Tensor own = Tensor::uninitialized(input.shape());
    const float* x = input.data();
    const float* g = grad_output.data();
    const float* e = energy.data();
    const auto beta = static_cast<float>(p.beta);
    for (int64_t i = 0; i < input.numel(); ++i) {
        const float base = base_of(e[i], p);
        own.data()[i] = std::pow(base, -beta);
        t.data()[i] = g[i] * x[i] * own.data()[i] / base;
    }
    Tensor grad_input = Tensor::uninitialized(input.shape());
    const float scale = 2.0f * static_cast<float>(p.alpha) * beta / static_cast<float>(p.size);
    for (int64_t n = 0; n < l.n; ++n) {
        for (int64_t j = 0; j < l.c; ++j) {
            const int64_t c0 = std::max<int64_t>(0, j - (p.size - 1) / 2);
            const int64_t c1 = std::min<int64_t>(l.c - 1, j + p.size / 2);
            for (int64_t i = 0; i < l.inner; ++i) {
                const int64_t at = (n * l.c + j) * l.inner + i;
                float acc = 0.0f;
                for (int64_t c = c0; c <= c1; ++c) {
                    acc += t.data()[(n * l.c + c) * l.inner + i];
                }
                grad_input.data()[at] = g[at] * own.data()[at] - scale * x[at] * acc;
            }
        }
    }
    return grad_input;
}

void register_local_response_norm(OpTable& table) {
    table[kOp] = OpHandler{
        [](const OpCall& call) {
            return local_response_norm_output_shape(call.input.shape(), params_of(call));
        },
        [](const OpCall& call) {
            return OpResult{local_response_norm_forward(call.input, params_of(call)), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require(view.empty() || view == "direct",
                    std::string(kOp) + " has only the direct view");
            return local_response_norm_trace(call.input, params_of(call), at);
        }};
    table[kOp].backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        return OpGrads{{local_response_norm_backward(call.input, grad, params_of(call))}, {}};
    };
    OpHandler& h = table[kOp];
    h.family = OpFamily::normalization;
    h.torch_module = "LocalResponseNorm";
    h.params = {
        {.name = "size",
         .kind = ParamKind::whole,
         .fallback = nullptr,
         .start = 5,
         .low = 1,
         .high = 15,
         .meaning = "How many neighbouring channels normalise each value."},
        {.name = "alpha",
         .kind = ParamKind::number,
         .fallback = 1e-4,
         .low = 0,
         .high = 1,
         .meaning = "The weight of the neighbours' squares."},
        {.name = "beta",
         .kind = ParamKind::number,
         .fallback = 0.75,
         .low = 0,
         .high = 2,
         .meaning = "The power of the normaliser."},
        {.name = "k",
         .kind = ParamKind::number,
         .fallback = 1,
         .low = 0,
         .high = 10,
         .meaning = "Added to the normaliser."},
    };
}

}  // namespace cs
