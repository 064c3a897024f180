#include "engine/ops/dropout.hpp"

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/parallel.hpp"
#include "engine/train/random.hpp"

namespace cs {
namespace {

// Each block of elements draws from its own PCG stream, so the mask does not depend on how
// the work is split between threads.
constexpr int64_t kBlock = 4096;

DropoutParams dropout_params(const OpCall& call) {
    return {.p = param_number(call.params, call.op, "p", 0.5),
            .training = param_bool(call.params, call.op, "training", true),
            .seed = static_cast<uint64_t>(param_int(call.params, call.op, "seed", 0))};
}

void require_probability(const DropoutParams& p) {
    require(p.p >= 0.0 && p.p <= 1.0,
            "dropout: p is the probability of zeroing an element and must be between 0 and 1, "
            "got " +
                format_number(p.p));
}

float kept_scale(const DropoutParams& p) {
    return p.p >= 1.0 ? 0.0f : static_cast<float>(1.0 / (1.0 - p.p));
}

// The factor of element `offset` alone: its block's stream, advanced to it.
float factor_at(const DropoutParams& p, int64_t offset) {
    Pcg32 rng(p.seed, static_cast<uint64_t>(offset / kBlock));
    for (int64_t i = 0; i < offset % kBlock; ++i) {
        rng.next_u32();
    }
    return rng.uniform01() < static_cast<float>(p.p) ? 0.0f : kept_scale(p);
}

}  // namespace

ShapeInfo dropout_output_shape(const Shape& input, const DropoutParams& p) {
    require_probability(p);
    return {input, {"dropout keeps the shape: " + shape_string(input)}};
}

Tensor dropout_scale(const Shape& input, const DropoutParams& p) {
    require_probability(p);
    if (!p.training) {
        return Tensor(input, 1.0f);
    }
    Tensor scale = Tensor::uninitialized(input);
    const float keep = kept_scale(p);
    const auto drop = static_cast<float>(p.p);
    float* s = scale.data();
    const int64_t count = scale.numel();
    parallel_for(
        0, (count + kBlock - 1) / kBlock,
        [&](int64_t first, int64_t last) {
            for (int64_t block = first; block < last; ++block) {
                Pcg32 rng(p.seed, static_cast<uint64_t>(block));
                const int64_t end = std::min(count, (block + 1) * kBlock);
                for (int64_t i = block * kBlock; i < end; ++i) {
                    s[i] = rng.uniform01() < drop ? 0.0f : keep;
                }
            }
        },
        1);
    return scale;
}

Tensor dropout_forward(const Tensor& input, const DropoutParams& p) {
    if (!p.training) {
        require_probability(p);
        return input;
    }
    Tensor out = dropout_scale(input.shape(), p);
    const float* x = input.data();
    float* y = out.data();
    for (int64_t i = 0; i < out.numel(); ++i) {
        y[i] *= x[i];
    }
    return out;
}

Step dropout_trace(const Tensor& input, const DropoutParams& p, const Index4& at) {
    const int64_t offset = element_offset(input.shape(), at, "dropout");
    require_probability(p);
    Tap tap;
    tap.kernel = {at[1], 0, 0};
    tap.input = at;
    tap.value = input.data()[offset];
    tap.weight = p.training ? factor_at(p, offset) : 1.0f;
    tap.product = tap.value * *tap.weight;
    Step step;
    step.taps.push_back(tap);
    step.sum = tap.value;
    step.quantities.push_back({"p", p.p});
    step.output = *tap.product;
    return step;
}

Tensor dropout_backward(const Tensor& grad_output, const Tensor& scale) {
    require(grad_output.shape() == scale.shape(),
            "dropout backward: grad_output " + shape_string(grad_output.shape()) +
                " must have the input's shape " + shape_string(scale.shape()));
    Tensor grad_input = grad_output;
    float* g = grad_input.data();
    const float* s = scale.data();
    for (int64_t i = 0; i < grad_input.numel(); ++i) {
        g[i] *= s[i];
    }
    return grad_input;
}

void register_dropout(OpTable& table) {
    OpHandler handler{
        [](const OpCall& call) {
            return dropout_output_shape(call.input.shape(), dropout_params(call));
        },
        [](const OpCall& call) {
            return OpResult{dropout_forward(call.input, dropout_params(call)), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require(view.empty() || view == "direct", "dropout has only the direct view");
            return dropout_trace(call.input, dropout_params(call), at);
        }};
    handler.has_training_mode = true;
    handler.backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        return OpGrads{
            {dropout_backward(grad, dropout_scale(call.input.shape(), dropout_params(call)))}, {}};
    };
    handler.family = OpFamily::regularization;
    handler.torch_module = "Dropout";
    handler.params = {
        {.name = "p",
         .kind = ParamKind::number,
         .fallback = 0.5,
         .low = 0,
         .high = 1,
         .meaning = "The probability that a value is zeroed while training."},
        {.name = "training",
         .kind = ParamKind::flag,
         .fallback = true,
         .meaning = "Training drops values; evaluation passes them through."},
        {.name = "seed",
         .kind = ParamKind::whole,
         .fallback = 0,
         .low = 0,
         .high = 1e9,
         .torch = false,
         .meaning = "Which random mask: the same seed, the same mask."},
    };
    table["dropout"] = std::move(handler);
}

}  // namespace cs
