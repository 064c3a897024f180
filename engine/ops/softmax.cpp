#include "engine/ops/softmax.hpp"

#include <cmath>
#include <limits>

#include "engine/error.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

// The tensor seen as (outer, len, inner) around dimension `dim`: a slice is the `len` elements
// (o, ·, i), `inner` apart in memory.
struct Slices {
    int64_t outer = 1, len = 1, inner = 1;
    int64_t count() const { return outer * inner; }
    int64_t first(int64_t s) const { return (s / inner) * len * inner + s % inner; }
};

Slices slices(const Shape& shape, const SoftmaxParams& p, const std::string& op) {
    require(!shape.empty(), op + ": input must have at least 1 dimension");
    const int64_t d = wrap_dim(p.dim, static_cast<int64_t>(shape.size()), op, "dim");
    Slices s;
    for (size_t k = 0; k < shape.size(); ++k) {
        const auto ki = static_cast<int64_t>(k);
        (ki < d ? s.outer : ki == d ? s.len : s.inner) *= shape[k];
    }
    return s;
}

// The maximum of a slice and Σ e^(x − max) in double, in index order.
struct SliceStats {
    float max = -std::numeric_limits<float>::infinity();
    double sum = 0.0;
};

SliceStats slice_stats(const float* x, const Slices& s) {
    SliceStats st;
    for (int64_t j = 0; j < s.len; ++j) {
        st.max = std::max(st.max, x[j * s.inner]);
    }
    if (std::isinf(st.max)) {
        st.max = st.max > 0 ? st.max : 0.0f;  // all −inf (or +inf present): keep e^(x−m) sane
    }
    for (int64_t j = 0; j < s.len; ++j) {
        st.sum += std::exp(static_cast<double>(x[j * s.inner]) - st.max);
    }
    return st;
}

float softmax_value(float x, const SliceStats& st) {
    return static_cast<float>(std::exp(static_cast<double>(x) - st.max) / st.sum);
}
float log_softmax_value(float x, const SliceStats& st) {
    return static_cast<float>(static_cast<double>(x) - st.max - std::log(st.sum));
}

Tensor softmax_impl(const Tensor& input, const SoftmaxParams& p, bool log) {
    const Slices s = slices(input.shape(), p, log ? "log_softmax" : "softmax");
    Tensor out(input.shape());
    parallel_for(
        0, s.count(),
        [&](int64_t begin, int64_t end) {
            for (int64_t k = begin; k < end; ++k) {
                const float* x = input.data() + s.first(k);
                float* y = out.data() + s.first(k);
                const SliceStats st = slice_stats(x, s);
                for (int64_t j = 0; j < s.len; ++j) {
                    y[j * s.inner] = log ? log_softmax_value(x[j * s.inner], st)
                                         : softmax_value(x[j * s.inner], st);
                }
            }
        },
        std::max<int64_t>(1, 4096 / std::max<int64_t>(s.len, 1)));
    return out;
}

}  // namespace

ShapeInfo softmax_output_shape(const Shape& input, const SoftmaxParams& p) {
    const Slices s = slices(input, p, "softmax");
    return {input,
            {"softmax over dim " + std::to_string(p.dim) + ": " + std::to_string(s.count()) +
             " groups of " + std::to_string(s.len) + " values, shape kept " + shape_string(input)}};
}

// input (…); output (same shape), each slice along dim summing to 1
Tensor softmax_forward(const Tensor& input, const SoftmaxParams& p) {
    return softmax_impl(input, p, false);
}

Tensor log_softmax_forward(const Tensor& input, const SoftmaxParams& p) {
    return softmax_impl(input, p, true);
}

Step softmax_trace(const Tensor& input, const SoftmaxParams& p, const Index4& at, bool log) {
    const std::string op = log ? "log_softmax" : "softmax";
    const Slices s = slices(input.shape(), p, op);
    const int64_t offset = element_offset(input.shape(), at, op + " trace");
    const int64_t d = wrap_dim(p.dim, static_cast<int64_t>(input.shape().size()), op, "dim");
    // Offset = (o·len + j)·inner + i: find the slice start and this element's j.
    const int64_t i = offset % s.inner, j_at = offset / s.inner % s.len,
                  o = offset / (s.inner * s.len);
    const float* x = input.data() + (o * s.len) * s.inner + i;
    const SliceStats st = slice_stats(x, s);
    Step step;
    step.op = op;
    step.at = at;
    for (int64_t j = 0; j < s.len; ++j) {
        Tap tap;
        tap.kernel = {j, 0, 0};
        Index4 where = at;
        where[static_cast<size_t>(d)] = j;
        tap.input = where;
        tap.value = x[j * s.inner];
        tap.product = static_cast<float>(std::exp(static_cast<double>(tap.value) - st.max));
        step.taps.push_back(tap);
    }
    step.sum = st.sum;
    step.selected = j_at;  // the tap of the element itself
    step.output =
        log ? log_softmax_value(x[j_at * s.inner], st) : softmax_value(x[j_at * s.inner], st);
    return step;
}

namespace {

Tensor backward_impl(const Tensor& output, const Tensor& grad_output, const SoftmaxParams& p,
                     bool log) {
    const std::string op = log ? "log_softmax" : "softmax";
    require(grad_output.shape() == output.shape(),
            op + " backward: grad_output " + shape_string(grad_output.shape()) +
                " must have the output's shape " + shape_string(output.shape()));
    const Slices s = slices(output.shape(), p, op);
    Tensor grad_input(output.shape());
    parallel_for(0, s.count(), [&](int64_t begin, int64_t end) {
        for (int64_t k = begin; k < end; ++k) {
            const float* y = output.data() + s.first(k);
            const float* g = grad_output.data() + s.first(k);
            float* gi = grad_input.data() + s.first(k);
            double dot = 0.0;  // softmax: Σ g·y; log_softmax: Σ g
            for (int64_t j = 0; j < s.len; ++j) {
                dot += log ? g[j * s.inner] : static_cast<double>(g[j * s.inner]) * y[j * s.inner];
            }
            for (int64_t j = 0; j < s.len; ++j) {
                const double yj = y[j * s.inner], gj = g[j * s.inner];
                gi[j * s.inner] =
                    static_cast<float>(log ? gj - std::exp(yj) * dot : yj * (gj - dot));
            }
        }
    });
    return grad_input;
}

}  // namespace

Tensor softmax_backward(const Tensor& output, const Tensor& grad_output, const SoftmaxParams& p) {
    return backward_impl(output, grad_output, p, false);
}

Tensor log_softmax_backward(const Tensor& output, const Tensor& grad_output,
                            const SoftmaxParams& p) {
    return backward_impl(output, grad_output, p, true);
}

// logits (N, C); targets (N); probabilities, grad_logits (N, C)
CrossEntropyResult softmax_cross_entropy(const Tensor& logits,
                                         const std::vector<int64_t>& targets) {
    require(logits.dim() == 2,
            "cross_entropy: logits must be 2-D (N, C), got " + shape_string(logits.shape()));
    const int64_t n = logits.size(0), c = logits.size(1);
    require(n > 0 && c > 0,
            "cross_entropy: logits must not be empty, got " + shape_string(logits.shape()));
    require(static_cast<int64_t>(targets.size()) == n,
            "cross_entropy: targets must hold one class index per row of logits (" +
                std::to_string(n) + "), got " + std::to_string(targets.size()));
    for (size_t r = 0; r < targets.size(); ++r) {
        require(targets[r] >= 0 && targets[r] < c,
                "cross_entropy: target " + std::to_string(targets[r]) + " of row " +
                    std::to_string(r) + " is not a class index in 0 … " + std::to_string(c - 1));
    }
    const Tensor log_p = log_softmax_forward(logits, {.dim = 1});
    CrossEntropyResult r{0.0, Tensor(logits.shape()), Tensor(logits.shape())};
    double total = 0.0;
    for (int64_t row = 0; row < n; ++row) {
        const int64_t t = targets[static_cast<size_t>(row)];
        total -= log_p.data()[row * c + t];
        for (int64_t k = 0; k < c; ++k) {
            const double prob = std::exp(static_cast<double>(log_p.data()[row * c + k]));
            r.probabilities.data()[row * c + k] = static_cast<float>(prob);
            r.grad_logits.data()[row * c + k] =
                static_cast<float>((prob - (k == t ? 1.0 : 0.0)) / static_cast<double>(n));
        }
    }
    r.loss = total / static_cast<double>(n);
    return r;
}

}  // namespace cs
