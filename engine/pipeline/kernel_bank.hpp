#pragma once
// The kernel presets (resources/kernels/presets.json, compiled into the engine) and the
// deterministic random initialisation, so that a pipeline file names its weights in a few
// words and the CLI and the app build exactly the same tensors.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/tensor.hpp"

namespace cs::pipeline {

struct Kernel {
    std::string id;
    std::string name_en;
    std::string name_zh;
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<float> values;  // row-major, already scaled
};

const std::vector<Kernel>& preset_kernels();
// Throws cs::Error listing the known ids.
const Kernel& preset_kernel(const std::string& id);

// A small, fast generator with the same sequence on every machine (SplitMix64).
class Random {
  public:
    explicit Random(uint64_t seed) : state_(seed) {}
    uint64_t next();
    // Uniform in [low, high), from the top 24 bits (exact in float).
    float uniform(float low, float high);

  private:
    uint64_t state_;
};

// PyTorch's default initialisation of Conv2d, ConvTranspose2d and Linear
// (kaiming_uniform_ with a = √5): every weight and bias uniform in ±1/√fan_in, where fan_in is
// in_channels/groups · kh · kw (for ConvTranspose2d the weight's dimension 1 · kh · kw) or
// in_features. Same seed, same values.
void fill_uniform(Tensor& t, float bound, Random& random);

}  // namespace cs::pipeline
