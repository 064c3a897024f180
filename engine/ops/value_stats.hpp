#pragma once
// Counting the values of a feature map: how many are negative, zero or positive, and a
// histogram. The activation page uses them to show how many values ReLU clipped.
#include <cstdint>
#include <vector>

#include "engine/tensor.hpp"

namespace cs {

struct SignCounts {
    int64_t negative = 0;
    int64_t zero = 0;
    int64_t positive = 0;
    int64_t total() const { return negative + zero + positive; }
};

SignCounts count_signs(const Tensor& t);

// `bins` equal bins over [low, high]; values outside go to the first or last bin. bins > 0 and
// low < high, else cs::Error.
struct Histogram {
    float low = 0.0f;
    float high = 1.0f;
    std::vector<int64_t> counts;
    float bin_width() const { return (high - low) / static_cast<float>(counts.size()); }
};

Histogram histogram(const Tensor& t, int bins, float low, float high);

// The smallest and largest value (0, 0 for an empty tensor).
std::pair<float, float> value_range(const Tensor& t);

}  // namespace cs
