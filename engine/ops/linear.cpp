#include "engine/ops/linear.hpp"

#include "engine/error.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/parallel.hpp"
#include "engine/train/linear_gemm.hpp"

namespace cs {
namespace {

// The sizes of one linear layer call: `rows` input vectors of `in` features, `out` outputs.
struct LinearDims {
    int64_t rows = 0, in = 0, out = 0;
    bool has_bias = false;
};

LinearDims linear_dims(const Shape& input, const Shape& weight, const Shape& bias) {
    require(!input.empty(), "linear: input must have at least 1 dimension (…, in_features)");
    require(weight.size() == 2,
            "linear: weight must be 2-D (out_features, in_features), got " + shape_string(weight));
    LinearDims d;
    d.in = input.back();
    d.out = weight[0];
    d.rows = shape_numel(input) / std::max<int64_t>(d.in, 1);
    require(weight[1] == d.in, "linear: in_features mismatch — the input " + shape_string(input) +
                                   " has " + std::to_string(d.in) +
                                   " features in its last dimension, but weight " +
                                   shape_string(weight) + " expects " + std::to_string(weight[1]) +
                                   " (weight is (out_features, in_features))");
    d.has_bias = !bias.empty();
    require(!d.has_bias || (bias.size() == 1 && bias[0] == d.out),
            "linear: bias must have out_features = " + std::to_string(d.out) + " values (shape [" +
                std::to_string(d.out) + "]), got shape " + shape_string(bias));
    return d;
}

// A batch through a network's dense layer runs as matrix products (engine/train/linear_gemm),
// summed in float as torch's own are; one example, or a lesson's small call, keeps the
// double-precision sums below, whose every product the trace can show.
bool use_gemm(const Tensor& input, const LinearDims& d) {
    constexpr int64_t kBatchRows = 8;
    constexpr int64_t kMultiplyAdds = int64_t{1} << 18;
    return input.dim() == 2 && d.rows >= kBatchRows && d.rows * d.in * d.out >= kMultiplyAdds;
}

Shape bias_shape(const Tensor& bias) {
    return bias.empty() ? Shape{} : bias.shape();
}

Shape output_shape_of(const Shape& input, int64_t out) {
    Shape s = input;
    s.back() = out;
    return s;
}

}  // namespace

ShapeInfo linear_output_shape(const Shape& input, const Shape& weight, const Shape& bias) {
    const LinearDims d = linear_dims(input, weight, bias);
    ShapeInfo info;
    info.shape = output_shape_of(input, d.out);
    info.formulas = {shape_string(input) + " · " + shape_string(weight) + "ᵀ → " +
                     shape_string(info.shape) + " (in_features " + std::to_string(d.in) +
                     " → out_features " + std::to_string(d.out) + ")"};
    return info;
}

// input (rows, in); weight (out, in); bias (out); output (rows, out)
Tensor linear_forward_reference(const Tensor& input, const Tensor& weight, const Tensor& bias) {
    const LinearDims d = linear_dims(input.shape(), weight.shape(), bias_shape(bias));
    Tensor out(output_shape_of(input.shape(), d.out));
    for (int64_t r = 0; r < d.rows; ++r) {
        for (int64_t o = 0; o < d.out; ++o) {
            double sum = 0.0;
            for (int64_t i = 0; i < d.in; ++i) {
                sum +=
                    static_cast<double>(input.data()[r * d.in + i]) * weight.data()[o * d.in + i];
            }
            if (d.has_bias) {
                sum += bias.data()[o];
            }
            out.data()[r * d.out + o] = static_cast<float>(sum);
        }
    }
    return out;
}

Tensor linear_forward(const Tensor& input, const Tensor& weight, const Tensor& bias) {
    const LinearDims d = linear_dims(input.shape(), weight.shape(), bias_shape(bias));
    if (use_gemm(input, d)) {
        return linear_gemm_forward(input, weight, bias);
    }
    Tensor out(output_shape_of(input.shape(), d.out));
    const float* x = input.data();
    const float* w = weight.data();
    float* y = out.data();
    // One item = one (row, output) dot product; each sums in the same order on any thread.
    parallel_for(
        0, d.rows * d.out,
        [&](int64_t begin, int64_t end) {
            for (int64_t k = begin; k < end; ++k) {
                const int64_t r = k / d.out, o = k % d.out;
                const float* xr = x + r * d.in;
                const float* wo = w + o * d.in;
                double sum = 0.0;
                for (int64_t i = 0; i < d.in; ++i) {
                    sum += static_cast<double>(xr[i]) * wo[i];
                }
                y[k] = static_cast<float>(d.has_bias ? sum + bias.data()[o] : sum);
            }
        },
        std::max<int64_t>(1, 8192 / std::max<int64_t>(d.in, 1)));
    return out;
}

Step linear_trace(const Tensor& input, const Tensor& weight, const Tensor& bias, const Index4& at) {
    const LinearDims d = linear_dims(input.shape(), weight.shape(), bias_shape(bias));
    const Shape out_shape = output_shape_of(input.shape(), d.out);
    const int64_t offset = element_offset(out_shape, at, "linear trace");
    const int64_t r = offset / d.out, o = offset % d.out;
    const size_t feature_dim = input.shape().size() - 1;
    Step step;
    step.op = "linear";
    step.at = at;
    double sum = 0.0;
    for (int64_t i = 0; i < d.in; ++i) {
        Tap tap;
        tap.kernel = {i, 0, 0};
        Index4 where = at;
        where[feature_dim] = i;  // same row, input feature i
        tap.input = where;
        tap.value = input.data()[r * d.in + i];
        tap.weight = weight.data()[o * d.in + i];
        tap.product = tap.value * *tap.weight;
        sum += static_cast<double>(tap.value) * *tap.weight;
        step.taps.push_back(tap);
    }
    step.sum = sum;
    if (d.has_bias) {
        step.bias = bias.data()[o];
        sum += *step.bias;
    }
    step.output = static_cast<float>(sum);
    return step;
}

// input (rows, in); weight (out, in); grad_output (rows, out)
LinearGrads linear_backward(const Tensor& input, const Tensor& weight, const Tensor& grad_output,
                            bool has_bias) {
    const LinearDims d = linear_dims(input.shape(), weight.shape(), Shape{});
    require(grad_output.shape() == output_shape_of(input.shape(), d.out),
            "linear backward: grad_output must have shape " +
                shape_string(output_shape_of(input.shape(), d.out)) + ", got " +
                shape_string(grad_output.shape()));
    const float* x = input.data();
    const float* w = weight.data();
    const float* g = grad_output.data();
    LinearGrads grads{Tensor(input.shape()), Tensor(weight.shape()),
                      has_bias ? Tensor({d.out}) : Tensor()};
    if (use_gemm(input, d)) {
        grads.input =
            linear_gemm_backward(grad_output, input, weight, grads.weight, grads.bias, true);
        return grads;
    }
    // ∂L/∂x[r, i] = Σ_o g[r, o]·W[o, i]: rows are independent.
    parallel_for(0, d.rows, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            for (int64_t i = 0; i < d.in; ++i) {
                double sum = 0.0;
                for (int64_t o = 0; o < d.out; ++o) {
                    sum += static_cast<double>(g[r * d.out + o]) * w[o * d.in + i];
                }
                grads.input.data()[r * d.in + i] = static_cast<float>(sum);
            }
        }
    });
    // ∂L/∂W[o, i] = Σ_r g[r, o]·x[r, i] and ∂L/∂b[o] = Σ_r g[r, o]: output features are
    // independent, and each sums over rows in order.
    parallel_for(0, d.out, [&](int64_t begin, int64_t end) {
        for (int64_t o = begin; o < end; ++o) {
            for (int64_t i = 0; i < d.in; ++i) {
                double sum = 0.0;
                for (int64_t r = 0; r < d.rows; ++r) {
                    sum += static_cast<double>(g[r * d.out + o]) * x[r * d.in + i];
                }
                grads.weight.data()[o * d.in + i] = static_cast<float>(sum);
            }
            if (has_bias) {
                double sum = 0.0;
                for (int64_t r = 0; r < d.rows; ++r) {
                    sum += g[r * d.out + o];
                }
                grads.bias.data()[o] = static_cast<float>(sum);
            }
        }
    });
    return grads;
}

}  // namespace cs
