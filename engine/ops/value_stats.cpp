#include "engine/ops/value_stats.hpp"

#include <algorithm>

#include "engine/error.hpp"

namespace cs {

SignCounts count_signs(const Tensor& t) {
    SignCounts counts;
    for (const float v : t.values()) {
        v<0.0f ? ++counts.negative : v> 0.0f ? ++counts.positive : ++counts.zero;
    }
    return counts;
}

Histogram histogram(const Tensor& t, int bins, float low, float high) {
    require(bins > 0, "histogram: bins must be positive, got " + std::to_string(bins));
    require(low < high, "histogram: low must be below high");
    Histogram h{low, high, std::vector<int64_t>(static_cast<size_t>(bins), 0)};
    const float scale = static_cast<float>(bins) / (high - low);
    for (const float v : t.values()) {
        const int bin = static_cast<int>((v - low) * scale);
        ++h.counts[static_cast<size_t>(std::clamp(bin, 0, bins - 1))];
    }
    return h;
}

std::pair<float, float> value_range(const Tensor& t) {
    if (t.empty()) {
        return {0.0f, 0.0f};
    }
    const auto [lo, hi] = std::minmax_element(t.values().begin(), t.values().end());
    return {*lo, *hi};
}

}  // namespace cs
