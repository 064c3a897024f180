#pragma once
// Initial weights, as torch.nn.init, drawn from our own seeded generator (random.hpp) so that a
// seed gives the same network everywhere. Only uniform distributions are offered: they need
// nothing but IEEE arithmetic and a square root, which every platform rounds the same way
// (a normal distribution needs log and cos, whose last bit differs between C libraries).
#include <cstdint>
#include <string>

#include "engine/tensor.hpp"
#include "engine/train/random.hpp"

namespace cs {

enum class WeightInit {
    // U(−a, a) with a = √(6 / (fan_in + fan_out)) (Glorot & Bengio 2010); keeps the variance of
    // activations and gradients alike through sigmoid/tanh layers. d2l's LeNet uses it.
    xavier_uniform,
    // U(−a, a) with a = √(6 / fan_in) (He et al. 2015, gain √2 for ReLU); keeps the variance of
    // activations through ReLU layers, which zero half of their inputs.
    kaiming_uniform,
    // What nn.Conv2d and nn.Linear do by default: kaiming_uniform_ with a = √5, which works out
    // to U(−1/√fan_in, 1/√fan_in).
    torch_default,
};

enum class BiasInit {
    torch_default,  // U(−1/√fan_in, 1/√fan_in), as nn.Conv2d and nn.Linear
    zeros,
};

// How many inputs feed one output (fan_in) and how many outputs one input feeds (fan_out), as
// torch.nn.init._calculate_fan_in_and_fan_out: for a weight (out, in, kh, kw) fan_in =
// in·kh·kw and fan_out = out·kh·kw; for a linear weight (out, in) fan_in = in, fan_out = out.
struct Fans {
    int64_t fan_in = 0;
    int64_t fan_out = 0;
};
Fans fans_of(const Shape& weight_shape);

// The half-width a of the uniform distribution U(−a, a) each scheme draws from.
double init_bound(WeightInit scheme, const Fans& fans);

// Fills `weight` (shape (out, in, …)) in row-major order from `rng`.
void init_weight(Tensor& weight, WeightInit scheme, Pcg32& rng);
// Fills `bias` for a layer whose weight has `fans`.
void init_bias(Tensor& bias, const Fans& fans, BiasInit scheme, Pcg32& rng);

// Names as in lesson files: "xavier_uniform", "kaiming_uniform", "torch_default"; "zeros".
WeightInit weight_init_from_name(const std::string& name);
std::string weight_init_name(WeightInit scheme);
BiasInit bias_init_from_name(const std::string& name);
std::string bias_init_name(BiasInit scheme);

}  // namespace cs
