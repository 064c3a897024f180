#pragma once
// Border padding of a 2-D feature map, as torch.nn.functional.pad(x, pads, mode) for the four
// modes a convolution layer offers (torch.nn.Conv2d padding_mode):
//
//   zeros      0 0 | a b c d | 0 0      the border reads zeros
//   reflect    c b | a b c d | c b      mirrored about the edge element, which is not repeated
//   replicate  a a | a b c d | d d      the edge element is repeated
//   circular   c d | a b c d | a b      the map wraps around like a torus
//
// A convolution with padding_mode ≠ zeros pads first and then convolves with padding 0.
#include <cstdint>
#include <string>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

enum class PaddingMode { zeros, reflect, replicate, circular };

// "zeros" → PaddingMode::zeros ...; throws cs::Error naming `op` and the known modes.
PaddingMode padding_mode_from_string(const std::string& text, const std::string& op);
const char* padding_mode_name(PaddingMode mode);

// Rows added above and below, columns added left and right. Unequal sides happen with
// padding="same" and an even kernel (the extra row/column goes to the bottom/right).
struct Padding2d {
    int64_t top = 0;
    int64_t bottom = 0;
    int64_t left = 0;
    int64_t right = 0;
    bool operator==(const Padding2d&) const = default;
};

// The index in [0, size) of the original element whose value padded coordinate `r` holds
// (r counts from the first original element, so r < 0 is the top/left border), or -1 when
// the cell is a zero (zeros mode outside the map).
int64_t padding_source(int64_t r, int64_t size, PaddingMode mode);

// The limits of torch: reflect needs every pad < size (a mirror needs an element beyond the
// edge), circular needs pad ≤ size (wrapping around once), zeros and replicate take any pad.
void require_padding_fits(const Padding2d& pad, int64_t height, int64_t width, PaddingMode mode,
                          const std::string& op);

// input (N, C, H, W) → (N, C, H + top + bottom, W + left + right), as F.pad(x, mode); zeros
// mode fills the border with `value` (F.pad's mode="constant").
Tensor pad2d(const Tensor& input, const Padding2d& pad, PaddingMode mode, float value = 0.0f);

// The gradient of pad2d: every padded cell hands its gradient back to the element it copied
// (zero cells hand it to nobody), so an edge element of a reflect pad collects several.
// grad_padded (N, C, H + top + bottom, W + left + right) → (N, C, H, W).
Tensor pad2d_backward(const Tensor& grad_padded, const Padding2d& pad, PaddingMode mode,
                      int64_t height, int64_t width);

// The op "pad", as F.pad(input, pad, mode="constant", value=None) on the last two dimensions:
// pad = (left, right) or (left, right, top, bottom); mode constant (the border holds value,
// None: 0), reflect, replicate or circular.
struct PadParams {
    Padding2d pad;
    PaddingMode mode = PaddingMode::zeros;
    float value = 0.0f;
};
ShapeInfo pad_output_shape(const Shape& input, const PadParams& p);
// One tap: the input cell the output cell copies, or a padding tap holding the fill value.
Step pad_trace(const Tensor& input, const PadParams& p, const Index4& at);

}  // namespace cs
