#include "engine/train/init.hpp"

#include <cmath>

#include "engine/error.hpp"

namespace cs {

Fans fans_of(const Shape& weight_shape) {
    require(weight_shape.size() >= 2,
            "fan-in and fan-out need a weight with at least 2 dimensions (out, in, …), got " +
                shape_string(weight_shape));
    int64_t receptive = 1;
    for (size_t d = 2; d < weight_shape.size(); ++d) {
        receptive *= weight_shape[d];
    }
    return {weight_shape[1] * receptive, weight_shape[0] * receptive};
}

double init_bound(WeightInit scheme, const Fans& fans) {
    require(fans.fan_in > 0 && fans.fan_out > 0, "cannot initialise a weight with no inputs");
    switch (scheme) {
        case WeightInit::xavier_uniform:
            return std::sqrt(6.0 / static_cast<double>(fans.fan_in + fans.fan_out));
        case WeightInit::kaiming_uniform:
            return std::sqrt(6.0 / static_cast<double>(fans.fan_in));
        case WeightInit::torch_default:
            return 1.0 / std::sqrt(static_cast<double>(fans.fan_in));
    }
    return 0.0;
}

void init_weight(Tensor& weight, WeightInit scheme, Pcg32& rng) {
    const auto bound = static_cast<float>(init_bound(scheme, fans_of(weight.shape())));
    for (float& w : weight.values()) {
        w = rng.uniform(-bound, bound);
    }
}

void init_bias(Tensor& bias, const Fans& fans, BiasInit scheme, Pcg32& rng) {
    const auto bound = static_cast<float>(init_bound(WeightInit::torch_default, fans));
    for (float& b : bias.values()) {
        b = scheme == BiasInit::zeros ? 0.0f : rng.uniform(-bound, bound);
    }
}

WeightInit weight_init_from_name(const std::string& name) {
    if (name == "xavier_uniform") {
        return WeightInit::xavier_uniform;
    }
    if (name == "kaiming_uniform") {
        return WeightInit::kaiming_uniform;
    }
    if (name == "torch_default") {
        return WeightInit::torch_default;
    }
    throw Error("unknown weight initialisation \"" + name +
                "\"; use xavier_uniform, kaiming_uniform or torch_default");
}

std::string weight_init_name(WeightInit scheme) {
    switch (scheme) {
        case WeightInit::xavier_uniform:
            return "xavier_uniform";
        case WeightInit::kaiming_uniform:
            return "kaiming_uniform";
        case WeightInit::torch_default:
            return "torch_default";
    }
    return "";
}

BiasInit bias_init_from_name(const std::string& name) {
    if (name == "torch_default") {
        return BiasInit::torch_default;
    }
    if (name == "zeros") {
        return BiasInit::zeros;
    }
    throw Error("unknown bias initialisation \"" + name + "\"; use torch_default or zeros");
}

std::string bias_init_name(BiasInit scheme) {
    return scheme == BiasInit::zeros ? "zeros" : "torch_default";
}

}  // namespace cs
