#pragma once
// The one memory budget of ConvScope. Every path of the window and the command line — a
// 100-megapixel photo through a pipeline, a lesson with a huge padding, an eval case printed as
// JSON — either works within it (streaming, tiling, freeing what it no longer needs) or is
// refused before it allocates, with the figure it would need:
//   "this pipeline on a 10000×10000 image needs about 5.2 GB; ConvScope works within 2 GB: …"
// The estimates come from the shapes alone (pipeline: map_collector.hpp estimated_peak_bytes).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/error.hpp"

namespace cs {

// What ConvScope may hold at once: 2 GB (decimal, as the messages print it).
inline constexpr int64_t memory_budget_bytes = 2'000'000'000;

// "5.2 GB", "2 GB", "740 MB": one decimal below 10 (when it is not 0), whole numbers above.
inline std::string memory_text(int64_t bytes) {
    const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000.0 && unit < 4) {
        value /= 1000.0;
        ++unit;
    }
    char text[32];
    std::snprintf(
        text, sizeof text,
        value < 9.95 && unit > 0 && std::lround(value * 10) % 10 != 0 ? "%.1f %s" : "%.0f %s",
        value, units[unit]);
    return text;
}

// Throws cs::Error "`what` needs about 5.2 GB; ConvScope works within 2 GB: `advice`" when
// `bytes` is over the budget.
inline void require_memory(int64_t bytes, const std::string& what, const std::string& advice) {
    require(bytes <= memory_budget_bytes, what + " needs about " + memory_text(bytes) +
                                              "; ConvScope works within " +
                                              memory_text(memory_budget_bytes) + ": " + advice);
}

}  // namespace cs
