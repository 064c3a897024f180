#pragma once
// What an op is besides its arithmetic: the parameters a file may hold and an editor shows,
// how its weight is laid out, which input cells one output cell reads, and how PyTorch writes
// the same call. Every op fills these in its registration (engine/op_call.hpp: OpHandler);
// panels, editors, file readers, receptive fields and the CLI read them instead of naming ops.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/ops/common.hpp"
#include "engine/ops/padding.hpp"

namespace cs {

enum class OpFamily {
    convolution,     // conv1d, conv2d, conv_transpose2d
    pooling,         // max/avg/lp pooling, adaptive pooling
    activation,      // one output value per input value: relu, sigmoid, clamp, dropout …
    normalization,   // batch_norm2d, local_response_norm
    join,            // add, cat: several inputs, one output
    reshape,         // flatten
    resize,          // interpolate
    dense,           // linear
    probability,     // softmax, log_softmax
    regularization,  // dropout
};

// How one output cell of a windowed op combines the cells of its window.
enum class WindowReduce { none, weighted_sum, max, mean, power_mean };

// The layout of the op's `weight`, which decides how channels and groups read it.
enum class WeightLayout {
    none,
    conv,             // (out_channels, in_channels / groups, kernel…)
    conv_transposed,  // (in_channels, out_channels / groups, kernel…)
    linear,           // (out_features, in_features)
    per_channel,      // (channels,): batch_norm2d's affine scale
};

enum class ParamKind {
    whole,   // an integer
    size,    // an integer, or (h, w) for an op with two spatial dimensions
    number,  // a real number
    flag,    // true or false
    choice,  // one of `choices`
    sides,   // F.pad's pad: (left, right) or (left, right, top, bottom), whole numbers
};

// One parameter. Calls hold `params` by `name`; layers of a network also hold the parameters
// that size the weight (`weight_shape`), as torch.nn modules take them.
struct ParamSpec {
    std::string name;  // the JSON key: torch's name
    ParamKind kind = ParamKind::whole;
    // torch's default; null where torch's default is None (a pool's stride: kernel_size).
    nlohmann::json fallback = nullptr;
    // The value a new layer or lesson starts from when it differs from torch's default (a
    // pooling window of 2, a visible leaky slope); null: fallback.
    nlohmann::json start = nullptr;
    // The range an editor offers. It may reach one step past what the op accepts (stride 0)
    // so that a student can see the message the op gives.
    double low = 0;
    double high = 0;
    // choice: the allowed words; size: words allowed instead of numbers ("same", "valid").
    std::vector<std::string> choices{};
    // null is a value of its own (torch's None: avg_pool2d's divisor_override, clamp's bounds).
    bool nullable = false;
    // Sizes the weight (out_channels, kernel_size): a layer holds it, a call reads the weight.
    bool weight_shape = false;
    // false for ConvScope's own parameters, which PyTorch's call does not take (conv2d's
    // "flip": the kernel rotated 180°, written in PyTorch as weight.flip(-1, -2)).
    bool torch = true;
    // One sentence in English; the window shows it in its language.
    std::string meaning;

    // The value a new layer starts from: start, else fallback.
    const nlohmann::json& initial() const { return start.is_null() ? fallback : start; }
};

// Along one axis, output cell o reads the input cells
//   o·stride − before + k·dilation, k = 0 … taps − 1
// of the input (the transposed convolution: of the input with stride − 1 zeros inserted
// between cells, read with stride 1 and padded by dilation·(taps − 1) − before).
struct AxisWindow {
    int64_t taps = 1;
    int64_t stride = 1;
    int64_t dilation = 1;
    int64_t before = 0;  // padding cells before the first input cell
    int64_t after = 0;   // padding cells after the last one (torch's padding, not ceil_mode's)

    int64_t span() const { return dilation * (taps - 1) + 1; }
};

// Which input cells an output cell reads, for ops whose every output cell reads one window.
struct OpWindow {
    AxisWindow rows;
    AxisWindow cols;  // one-dimensional ops use only cols (rows is one tap)
    bool transposed = false;
    bool ceil_mode = false;
    PaddingMode padding_mode = PaddingMode::zeros;

    bool padded() const { return rows.before + rows.after + cols.before + cols.after > 0; }
};

// The weight a layer of `layout` needs: conv (width, in/groups, kernel…), conv_transposed
// (in, width/groups, kernel…), linear (width, in). One-dimensional ops use kernel.w only.
Shape layer_weight_shape(WeightLayout layout, int64_t in_channels, int64_t width, Pair kernel,
                         int64_t groups, int spatial_dims = 2);
// How wide a layer is (its output channels or features), read off its weight.
int64_t layer_width(WeightLayout layout, const Shape& weight, int64_t groups);

}  // namespace cs
