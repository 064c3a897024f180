#include "engine/ops/batch_norm2d.hpp"

#include <cmath>
#include <vector>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/parallel.hpp"

namespace cs {
namespace {

constexpr const char* kOp = "batch_norm2d";

void require_channel_vector(const Tensor& t, int64_t channels, const std::string& what,
                            bool optional) {
    if (optional && t.empty() && t.dim() == 0) {
        return;
    }
    require(t.dim() == 1 && t.size(0) == channels,
            std::string(kOp) + ": " + what + " must hold one value per channel (" +
                std::to_string(channels) + "), got " + shape_string(t.shape()));
}

// Per-channel sums over N, H and W in double (as torch accumulates floats on the CPU).
struct ChannelMoments {
    double mean = 0.0;
    double var = 0.0;  // biased: divided by the count
};

// Σ f(x) over `count` floats in 8 interleaved partial sums, added up in a fixed order: the
// compiler turns the 8 lanes into vector registers (one chain of dependent additions would take
// 4 cycles per value), and the result does not depend on threads.
template <typename F>
double lane_sum(const float* p, int64_t count, F&& f) {
    constexpr int64_t lanes = 8;
    double partial[lanes] = {};
    int64_t i = 0;
    for (; i + lanes <= count; i += lanes) {
        for (int64_t l = 0; l < lanes; ++l) {
            partial[l] += f(static_cast<double>(p[i + l]));
        }
    }
    for (; i < count; ++i) {
        partial[0] += f(static_cast<double>(p[i]));
    }
    double sum = 0.0;
    for (double part : partial) {
        sum += part;
    }
    return sum;
}

ChannelMoments channel_moments(const Tensor& x, int64_t c) {
    const Shape& s = x.shape();
    const int64_t plane = s[2] * s[3];
    double sum = 0.0;
    for (int64_t n = 0; n < s[0]; ++n) {
        sum += lane_sum(x.data() + (n * s[1] + c) * plane, plane, [](double v) { return v; });
    }
    const double count = static_cast<double>(s[0] * plane);
    const double mean = sum / count;
    double squares = 0.0;
    for (int64_t n = 0; n < s[0]; ++n) {
        squares += lane_sum(x.data() + (n * s[1] + c) * plane, plane,
                            [mean](double v) { return (v - mean) * (v - mean); });
    }
    return {mean, squares / count};
}

// Σ g·x̂ with x̂ = (x − mean)·invstd, in 8 partial sums as lane_sum.
double products_sum(const float* g, const float* x, int64_t count, double mean, double invstd) {
    constexpr int64_t lanes = 8;
    double partial[lanes] = {};
    int64_t i = 0;
    for (; i + lanes <= count; i += lanes) {
        for (int64_t l = 0; l < lanes; ++l) {
            partial[l] += g[i + l] * ((x[i + l] - mean) * invstd);
        }
    }
    for (; i < count; ++i) {
        partial[0] += g[i] * ((x[i] - mean) * invstd);
    }
    double sum = 0.0;
    for (double part : partial) {
        sum += part;
    }
    return sum;
}

float weight_of(const Tensor& weight, int64_t c) {
    return weight.empty() ? 1.0f : weight.data()[c];
}

BatchNorm2dParams params_of(const OpCall& call) {
    require(!(call.params.contains("momentum") && call.params.at("momentum").is_null()),
            std::string(kOp) +
                ": momentum must be a number (torch's functional batch_norm has "
                "no cumulative-average mode)");
    return {.training = param_bool(call.params, call.op, "training", false),
            .momentum = param_number(call.params, call.op, "momentum", 0.1),
            .eps = param_number(call.params, call.op, "eps", 1e-5)};
}

BatchNormTensors tensors_of(const OpCall& call) {
    return {call.tensor("running_mean"), call.tensor("running_var"), call.weight, call.bias};
}

}  // namespace

ShapeInfo batch_norm2d_output_shape(const Shape& input, const BatchNormTensors& t,
                                    const BatchNorm2dParams& p) {
    require(input.size() == 4,
            std::string(kOp) + ": expects a 4-D input (N, C, H, W), got " + shape_string(input));
    const int64_t channels = input[1];
    require_channel_vector(t.running_mean, channels, "running_mean", false);
    require_channel_vector(t.running_var, channels, "running_var", false);
    require_channel_vector(t.weight, channels, "weight", true);
    require_channel_vector(t.bias, channels, "bias", true);
    require(p.eps >= 0.0,
            std::string(kOp) + ": eps must not be negative, got " + format_number(p.eps));
    const int64_t per_channel = input[0] * input[2] * input[3];
    require(!p.training || per_channel > 1,
            std::string(kOp) +
                ": in training each channel needs more than one value to measure "
                "a variance, but the input " +
                shape_string(input) + " has " + std::to_string(per_channel) + " per channel");
    return {input,
            {std::string(kOp) + " keeps the shape: " + shape_string(input) +
             (p.training ? "; statistics of this batch, over N·H·W = " +
                               std::to_string(per_channel) + " values per channel"
                         : "; running statistics")}};
}

BatchNorm2dResult batch_norm2d_forward(const Tensor& input, const BatchNormTensors& t,
                                       const BatchNorm2dParams& p) {
    batch_norm2d_output_shape(input.shape(), t, p);
    const Shape& s = input.shape();
    const int64_t channels = s[1], plane = s[2] * s[3];
    BatchNorm2dResult r{Tensor::uninitialized(s), Tensor({channels}), Tensor({channels}),
                        t.running_mean, t.running_var};
    const double count = static_cast<double>(s[0] * plane);
    std::vector<ChannelMoments> moments(static_cast<size_t>(channels));
    if (p.training) {
        parallel_for(0, channels, [&](int64_t first, int64_t last) {
            for (int64_t c = first; c < last; ++c) {
                moments[static_cast<size_t>(c)] = channel_moments(input, c);
            }
        });
    }
    for (int64_t c = 0; c < channels; ++c) {
        double mean = t.running_mean.data()[c];
        double var = t.running_var.data()[c];
        if (p.training) {
            mean = moments[static_cast<size_t>(c)].mean;
            var = moments[static_cast<size_t>(c)].var;
            r.running_mean.data()[c] = static_cast<float>(
                (1.0 - p.momentum) * t.running_mean.data()[c] + p.momentum * mean);
            r.running_var.data()[c] =
                static_cast<float>((1.0 - p.momentum) * t.running_var.data()[c] +
                                   p.momentum * var * count / (count - 1.0));
        }
        r.mean.data()[c] = static_cast<float>(mean);
        r.invstd.data()[c] = static_cast<float>(1.0 / std::sqrt(var + p.eps));
    }
    const float* x = input.data();
    float* y = r.output.data();
    parallel_for(
        0, s[0] * channels,
        [&](int64_t first, int64_t last) {
            for (int64_t nc = first; nc < last; ++nc) {
                const int64_t c = nc % channels;
                // torch folds the four numbers into one scale and one shift per channel.
                const float scale = r.invstd.data()[c] * weight_of(t.weight, c);
                const float shift =
                    (t.bias.empty() ? 0.0f : t.bias.data()[c]) - r.mean.data()[c] * scale;
                for (int64_t i = nc * plane; i < (nc + 1) * plane; ++i) {
                    y[i] = x[i] * scale + shift;
                }
            }
        },
        1);
    return r;
}

Step batch_norm2d_trace(const Tensor& input, const BatchNormTensors& t, const BatchNorm2dParams& p,
                        const Index4& at) {
    batch_norm2d_output_shape(input.shape(), t, p);
    const Shape& s = input.shape();
    const auto [n, c, y, x] = at;
    require(n >= 0 && n < s[0] && c >= 0 && c < s[1] && y >= 0 && y < s[2] && x >= 0 && x < s[3],
            std::string(kOp) + ": the element is outside the output " + shape_string(s));
    double mean = t.running_mean.data()[c];
    double var = t.running_var.data()[c];
    if (p.training) {
        const ChannelMoments m = channel_moments(input, c);
        mean = m.mean;
        var = m.var;
    }
    // The same float numbers, folded the same way, as the forward pass.
    const auto mean_f = static_cast<float>(mean);
    const auto invstd = static_cast<float>(1.0 / std::sqrt(var + p.eps));
    const float value = input(n, c, y, x);
    const float weight = weight_of(t.weight, c);
    const float bias = t.bias.empty() ? 0.0f : t.bias.data()[c];
    Step step;
    Tap tap;
    tap.kernel = {c, 0, 0};
    tap.input = at;
    tap.value = value;
    step.taps.push_back(tap);
    step.sum = value;
    step.quantities = {{"mean", mean},     {"var", var},
                       {"eps", p.eps},     {"normalised", (value - mean_f) * invstd},
                       {"weight", weight}, {"bias", bias}};
    const float scale = invstd * weight;
    step.output = value * scale + (bias - mean_f * scale);
    return step;
}

BatchNorm2dGrads batch_norm2d_backward(const Tensor& input, const Tensor& grad_output,
                                       const BatchNorm2dResult& forward, const Tensor& weight,
                                       const BatchNorm2dParams& p) {
    const Shape& s = input.shape();
    require(grad_output.shape() == s, std::string(kOp) + " backward: grad_output " +
                                          shape_string(grad_output.shape()) +
                                          " must have the input's shape " + shape_string(s));
    const int64_t channels = s[1], plane = s[2] * s[3];
    const double count = static_cast<double>(s[0] * plane);
    BatchNorm2dGrads grads{Tensor::uninitialized(s), Tensor(), Tensor()};
    if (!weight.empty()) {
        grads.weight = Tensor({channels});
        grads.bias = Tensor({channels});
    }
    parallel_for(
        0, channels,
        [&](int64_t first, int64_t last) {
            for (int64_t c = first; c < last; ++c) {
                const double mean = forward.mean.data()[c];
                const double invstd = forward.invstd.data()[c];
                // Σ g and Σ g·x̂ over the channel's values, image by image.
                double sum_g = 0.0, sum_g_xhat = 0.0;
                for (int64_t n = 0; n < s[0]; ++n) {
                    const int64_t base = (n * channels + c) * plane;
                    const float* g = grad_output.data() + base;
                    const float* x = input.data() + base;
                    sum_g += lane_sum(g, plane, [](double v) { return v; });
                    sum_g_xhat += products_sum(g, x, plane, mean, invstd);
                }
                if (!weight.empty()) {
                    grads.weight.data()[c] = static_cast<float>(sum_g_xhat);
                    grads.bias.data()[c] = static_cast<float>(sum_g);
                }
                // ∂L/∂x = (g − Σg/count − x̂·Σg·x̂/count)·weight·invstd in training, g·weight·invstd
                // in evaluation (the statistics are constants then).
                const double scale = weight_of(weight, c) * invstd;
                const double mean_g = sum_g / count;
                const double xhat_g = sum_g_xhat / count;
                for (int64_t n = 0; n < s[0]; ++n) {
                    const int64_t base = (n * channels + c) * plane;
                    const float* g = grad_output.data() + base;
                    const float* x = input.data() + base;
                    float* gi = grads.input.data() + base;
                    if (!p.training) {
                        for (int64_t i = 0; i < plane; ++i) {
                            gi[i] = static_cast<float>(g[i] * scale);
                        }
                        continue;
                    }
                    for (int64_t i = 0; i < plane; ++i) {
                        const double xhat = (x[i] - mean) * invstd;
                        gi[i] = static_cast<float>((g[i] - mean_g - xhat * xhat_g) * scale);
                    }
                }
            }
        },
        1);
    return grads;
}

void register_batch_norm2d(OpTable& table) {
    OpHandler handler{
        [](const OpCall& call) {
            return batch_norm2d_output_shape(call.input.shape(), tensors_of(call), params_of(call));
        },
        [](const OpCall& call) {
            BatchNorm2dResult r =
                batch_norm2d_forward(call.input, tensors_of(call), params_of(call));
            OpResult result{std::move(r.output), std::nullopt};
            if (params_of(call).training) {
                result.updated = {{"running_mean", std::move(r.running_mean)},
                                  {"running_var", std::move(r.running_var)}};
            }
            result.saved = {{"mean", std::move(r.mean)}, {"invstd", std::move(r.invstd)}};
            return result;
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require(view.empty() || view == "direct",
                    std::string(kOp) + " has only the direct view");
            return batch_norm2d_trace(call.input, tensors_of(call), params_of(call), at);
        }};
    handler.tensor_args = {"running_mean", "running_var"};
    handler.has_training_mode = true;
    handler.backward = [](const OpCall& call, const OpResult& forward, const Tensor& grad) {
        BatchNorm2dResult saved;
        saved.mean = forward.saved.at("mean");
        saved.invstd = forward.saved.at("invstd");
        BatchNorm2dGrads g =
            batch_norm2d_backward(call.input, grad, saved, call.weight, params_of(call));
        OpGrads grads{{std::move(g.input)}, {}};
        if (!g.weight.empty()) {
            grads.parameters = {{"weight", std::move(g.weight)}, {"bias", std::move(g.bias)}};
        }
        return grads;
    };
    handler.family = OpFamily::normalization;
    handler.weight_layout = WeightLayout::per_channel;
    handler.torch_module = "BatchNorm2d";
    handler.params = {
        {.name = "training",
         .kind = ParamKind::flag,
         .fallback = false,
         .meaning = "Training normalises with the batch's statistics and updates the running "
                    "ones; evaluation uses the running statistics."},
        {.name = "momentum",
         .kind = ParamKind::number,
         .fallback = 0.1,
         .low = 0,
         .high = 1,
         .meaning = "How far one batch moves the running statistics."},
        {.name = "eps",
         .kind = ParamKind::number,
         .fallback = 1e-5,
         .low = 0,
         .high = 1,
         .meaning = "Added to the variance so that no division is by zero."},
    };
    table[kOp] = std::move(handler);
}

}  // namespace cs
