#include "engine/ops/conv1d.hpp"

#include "engine/error.hpp"

namespace cs {
namespace {

const char* const kOp = "conv1d";

// (N, C, L) → (N, C, 1, L); the same values.
Tensor as_row_image(const Tensor& t) {
    return t.reshaped({t.size(0), t.size(1), 1, t.size(2)});
}

Tensor without_row(const Tensor& t) {
    return t.reshaped({t.size(0), t.size(1), t.size(3)});
}

// The 1-D rules, checked before conv2d sees the data so that messages speak of lengths.
void check(const Shape& in, const Shape& w, const Conv1dParams& p) {
    require(in.size() == 3, std::string(kOp) +
                                ": input must have 3 dimensions (batch, channels, length), got "
                                "shape " +
                                shape_string(in));
    require(w.size() == 3, std::string(kOp) +
                               ": weight must have 3 dimensions (out channels, in channels / "
                               "groups, kernel size), got shape " +
                               shape_string(w));
    require(p.stride >= 1, "param.at_least_1",
            {{"op", kOp}, {"param", "stride"}, {"got", std::to_string(p.stride)}},
            std::string(kOp) + ": stride must be at least 1, got " + std::to_string(p.stride));
    require(p.dilation >= 1, "param.at_least_1",
            {{"op", kOp}, {"param", "dilation"}, {"got", std::to_string(p.dilation)}},
            std::string(kOp) + ": dilation must be at least 1, got " + std::to_string(p.dilation));
    require(p.same_padding || p.padding >= 0, "param.non_negative",
            {{"op", kOp}, {"param", "padding"}, {"got", std::to_string(p.padding)}},
            std::string(kOp) + ": padding cannot be negative, got " + std::to_string(p.padding));
    require(!p.same_padding || p.stride == 1, "conv1d.same_needs_stride_1",
            {{"op", kOp}, {"stride", std::to_string(p.stride)}},
            std::string(kOp) +
                ": padding=\"same\" needs stride 1 (with a larger step the output cannot keep "
                "the input length), got stride " +
                std::to_string(p.stride));
}

Shape row_shape(const Shape& s) {
    return {s[0], s[1], 1, s[2]};
}

}  // namespace

Conv2dParams conv1d_as_2d(const Conv1dParams& p) {
    return {.stride = {1, p.stride},
            .padding = {0, p.padding},
            .same_padding = p.same_padding,
            .dilation = {1, p.dilation},
            .groups = p.groups,
            .padding_mode = p.padding_mode,
            .flip = p.flip};
}

ShapeInfo conv1d_output_shape(const Shape& input, const Shape& weight, const Conv1dParams& p,
                              const Shape& bias) {
    check(input, weight, p);
    ShapeInfo info;
    try {
        info = conv2d_output_shape(row_shape(input), row_shape(weight), conv1d_as_2d(p), bias);
    } catch (const Error& e) {  // the same rule, told in one dimension
        std::string text = e.what();
        text.replace(0, 6, kOp);
        throw Error(text);
    }
    return {{info.shape[0], info.shape[1], info.shape[3]}, {info.formulas[1]}};
}

Tensor conv1d_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                      const Conv1dParams& p) {
    conv1d_output_shape(input.shape(), weight.shape(), p, bias.empty() ? Shape{} : bias.shape());
    return without_row(
        conv2d_forward(as_row_image(input), as_row_image(weight), bias, conv1d_as_2d(p)));
}

Tensor conv1d_reference(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        const Conv1dParams& p) {
    conv1d_output_shape(input.shape(), weight.shape(), p, bias.empty() ? Shape{} : bias.shape());
    return without_row(
        conv2d_reference(as_row_image(input), as_row_image(weight), bias, conv1d_as_2d(p)));
}

Step conv1d_trace(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Conv1dParams& p, const Index4& at) {
    conv1d_output_shape(input.shape(), weight.shape(), p, bias.empty() ? Shape{} : bias.shape());
    Step step = conv2d_trace(as_row_image(input), as_row_image(weight), bias, conv1d_as_2d(p), at);
    step.op = kOp;
    return step;
}

ConvGrads conv1d_backward(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                          const Conv1dParams& p, bool has_bias) {
    conv1d_output_shape(input.shape(), weight.shape(), p);
    grad_output.require_rank(3, "conv1d backward grad_output");
    ConvGrads g = conv2d_backward(as_row_image(grad_output), as_row_image(input),
                                  as_row_image(weight), conv1d_as_2d(p), has_bias);
    g.grad_input = without_row(g.grad_input);
    g.grad_weight = without_row(g.grad_weight);
    return g;
}

}  // namespace cs
