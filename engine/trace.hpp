#pragma once
// One step of an operation: everything needed to show how one output element is computed.
// The format follows shared/oracle/README.md ("trace output format") so that
// `convscope-cli trace` prints it directly and the GUI draws it.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cs {

// What a kernel tap reads.
enum class TapKind {
    input,           // an element of the original input
    padding,         // a border cell (0, or the value reflect/replicate/circular supplies)
    inserted,        // a zero inserted between input cells by a transposed convolution
    output_padding,  // the extra row/column output_padding adds to a transposed convolution
};

const char* tap_kind_name(TapKind kind);

using Index4 = std::array<int64_t, 4>;  // (n, c, y, x)

struct Tap {
    std::array<int64_t, 3>
        kernel{};                 // (input channel within the group, ky, kx); pooling: (c, ky, kx)
    std::optional<Index4> input;  // element of the original input that was read
    TapKind kind = TapKind::input;
    float value = 0.0f;            // the value read
    std::optional<float> weight;   // conv ops: the kernel weight applied (interpolate: its weight)
    std::optional<float> product;  // conv ops: value × weight
    std::optional<std::array<int64_t, 2>> expanded;  // conv_transpose2d insert view: grid cell
    std::optional<int64_t> operand;  // joins (add, cat): which input the cell belongs to
};

// A named number of a step that is neither a tap nor a sum: batch norm's mean, variance and
// normalised value, local response norm's denominator.
struct Quantity {
    std::string name;
    double value = 0.0;
};

struct Step {
    std::string op;
    std::string view = "direct";  // conv_transpose2d: "insert" or "scatter"
    int64_t step = 0;             // position in lesson order: batch, channel, row, column
    Index4 at{};                  // the output element
    std::vector<Tap> taps;
    std::optional<float> bias;
    double sum = 0.0;  // conv: Σ products; avg: Σ values; lp: Σ value^p; max: the maximum
    std::optional<int64_t> selected;   // max_pool2d: index into taps of the winner
    std::optional<double> divisor;     // avg_pool2d: what the sum is divided by
    std::vector<double> channel_sums;  // conv: Σ products per input channel of the group
    std::vector<Quantity> quantities;  // in the order the computation uses them
    float output = 0.0f;               // equals the forward result at `at`
};

// Position of output element `at` in lesson order for an output of shape (N, C, H, W), and back.
int64_t step_index(const std::array<int64_t, 4>& at, const std::array<int64_t, 4>& out_shape);
Index4 step_position(int64_t step, const std::array<int64_t, 4>& out_shape);

}  // namespace cs
