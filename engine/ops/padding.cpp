#include "engine/ops/padding.hpp"

#include <vector>

#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/parallel.hpp"

namespace cs {

PaddingMode padding_mode_from_string(const std::string& text, const std::string& op) {
    if (text == "zeros") {
        return PaddingMode::zeros;
    }
    if (text == "reflect") {
        return PaddingMode::reflect;
    }
    if (text == "replicate") {
        return PaddingMode::replicate;
    }
    if (text == "circular") {
        return PaddingMode::circular;
    }
    throw Error(op + ": padding_mode must be one of zeros, reflect, replicate, circular, got \"" +
                text + "\"");
}

const char* padding_mode_name(PaddingMode mode) {
    switch (mode) {
        case PaddingMode::zeros:
            return "zeros";
        case PaddingMode::reflect:
            return "reflect";
        case PaddingMode::replicate:
            return "replicate";
        case PaddingMode::circular:
            return "circular";
    }
    return "zeros";
}

int64_t padding_source(int64_t r, int64_t size, PaddingMode mode) {
    if (r >= 0 && r < size) {
        return r;
    }
    switch (mode) {
        case PaddingMode::zeros:
            return -1;
        case PaddingMode::reflect:  // mirror about the edge element: -1 → 1, size → size - 2
            return r < 0 ? -r : 2 * (size - 1) - r;
        case PaddingMode::replicate:
            return r < 0 ? 0 : size - 1;
        case PaddingMode::circular:
            return ((r % size) + size) % size;
    }
    return -1;
}

void require_padding_fits(const Padding2d& pad, int64_t height, int64_t width, PaddingMode mode,
                          const std::string& op) {
    const auto check = [&](int64_t before, int64_t after, int64_t size, const char* dim) {
        const int64_t most = before > after ? before : after;
        const std::string sizes = std::string(dim) + " " + std::to_string(size) + ", padding " +
                                  std::to_string(before) + " before and " + std::to_string(after) +
                                  " after";
        if (mode == PaddingMode::reflect) {
            require(most < size, "padding_mode.reflect_too_large",
                    {{"op", op},
                     {"dim", dim},
                     {"size", std::to_string(size)},
                     {"before", std::to_string(before)},
                     {"after", std::to_string(after)}},
                    op +
                        ": padding_mode \"reflect\" needs each padding smaller than "
                        "the input size it mirrors (the edge element is not "
                        "repeated, so there must be an element beyond it); got " +
                        sizes);
        } else if (mode == PaddingMode::circular) {
            require(most <= size, "padding_mode.circular_too_large",
                    {{"op", op},
                     {"dim", dim},
                     {"size", std::to_string(size)},
                     {"before", std::to_string(before)},
                     {"after", std::to_string(after)}},
                    op +
                        ": padding_mode \"circular\" needs each padding at most the "
                        "input size (the map may wrap around only once); got " +
                        sizes);
        }
    };
    check(pad.top, pad.bottom, height, "height");
    check(pad.left, pad.right, width, "width");
}

Tensor pad2d(const Tensor& input, const Padding2d& pad, PaddingMode mode, float value) {
    // input (N, C, H, W); out (N, C, H + top + bottom, W + left + right)
    input.require_rank(4, "pad2d input");
    const int64_t N = input.size(0), C = input.size(1), H = input.size(2), W = input.size(3);
    require_padding_fits(pad, H, W, mode, "pad2d");
    const int64_t HP = H + pad.top + pad.bottom, WP = W + pad.left + pad.right;
    Tensor out = Tensor::uninitialized({N, C, HP, WP});
    std::vector<int64_t> col(static_cast<size_t>(WP));
    for (int64_t c = 0; c < WP; ++c) {
        col[static_cast<size_t>(c)] = padding_source(c - pad.left, W, mode);
    }
    parallel_for(0, N * C, [&](int64_t begin, int64_t end) {
        for (int64_t plane = begin; plane < end; ++plane) {
            const float* src = input.data() + plane * H * W;
            float* dst = out.data() + plane * HP * WP;
            for (int64_t r = 0; r < HP; ++r) {
                const int64_t sr = padding_source(r - pad.top, H, mode);
                for (int64_t c = 0; c < WP; ++c) {
                    const int64_t sc = col[static_cast<size_t>(c)];
                    dst[r * WP + c] = sr < 0 || sc < 0 ? value : src[sr * W + sc];
                }
            }
        }
    });
    return out;
}

Tensor pad2d_backward(const Tensor& grad_padded, const Padding2d& pad, PaddingMode mode,
                      int64_t height, int64_t width) {
    // grad_padded (N, C, HP, WP); out (N, C, H, W)
    grad_padded.require_rank(4, "pad2d_backward grad_padded");
    const int64_t N = grad_padded.size(0), C = grad_padded.size(1);
    const int64_t HP = grad_padded.size(2), WP = grad_padded.size(3);
    require(HP == height + pad.top + pad.bottom && WP == width + pad.left + pad.right,
            "pad2d_backward: grad_padded " + shape_string(grad_padded.shape()) +
                " does not match the padded size of a " + std::to_string(height) + "x" +
                std::to_string(width) + " map");
    Tensor out({N, C, height, width});
    parallel_for(0, N * C, [&](int64_t begin, int64_t end) {
        for (int64_t plane = begin; plane < end; ++plane) {
            const float* src = grad_padded.data() + plane * HP * WP;
            std::vector<double> acc(static_cast<size_t>(height * width), 0.0);
            for (int64_t r = 0; r < HP; ++r) {
                const int64_t sr = padding_source(r - pad.top, height, mode);
                for (int64_t c = 0; sr >= 0 && c < WP; ++c) {
                    const int64_t sc = padding_source(c - pad.left, width, mode);
                    if (sc >= 0) {
                        acc[static_cast<size_t>(sr * width + sc)] += src[r * WP + c];
                    }
                }
            }
            float* dst = out.data() + plane * height * width;
            for (int64_t i = 0; i < height * width; ++i) {
                dst[i] = static_cast<float>(acc[static_cast<size_t>(i)]);
            }
        }
    });
    return out;
}

namespace {

const char* const kPadModes[] = {"constant", "reflect", "replicate", "circular"};

PadParams pad_params(const OpCall& call) {
    PadParams p;
    const nlohmann::json& sides =
        call.params.contains("pad") ? call.params["pad"] : nlohmann::json();
    require(sides.is_array() && (sides.size() == 2 || sides.size() == 4),
            "pad: \"pad\" must list 2 numbers (left, right) or 4 (left, right, top, bottom)");
    std::vector<int64_t> v;
    for (const auto& side : sides) {
        require(side.is_number_integer(), "pad: the entries of \"pad\" must be whole numbers");
        require(side.get<int64_t>() >= 0,
                "pad: negative padding (which crops) is not supported, got " + sides.dump());
        require(side.get<int64_t>() <= 1 << 20,
                "pad: a padding of " + side.dump() + " cells is far larger than any image");
        v.push_back(side.get<int64_t>());
    }
    p.pad = {.top = v.size() == 4 ? v[2] : 0,
             .bottom = v.size() == 4 ? v[3] : 0,
             .left = v[0],
             .right = v[1]};
    const std::string mode = param_string(call.params, call.op, "mode", "constant");
    p.mode = mode == "constant" ? PaddingMode::zeros : padding_mode_from_string(mode, "pad");
    if (param_present(call.params, "value")) {
        require(p.mode == PaddingMode::zeros,
                "pad: mode \"" + mode + "\" takes no value (only \"constant\" fills the border)");
        p.value = static_cast<float>(param_number(call.params, call.op, "value", 0.0));
    }
    return p;
}

}  // namespace

ShapeInfo pad_output_shape(const Shape& input, const PadParams& p) {
    require(input.size() == 4, "pad: the input must be (N, C, H, W), got " + shape_string(input));
    require_padding_fits(p.pad, input[2], input[3], p.mode, "pad");
    Shape out = input;
    out[2] += p.pad.top + p.pad.bottom;
    out[3] += p.pad.left + p.pad.right;
    return {out,
            {"H_out = " + std::to_string(input[2]) + " + " + std::to_string(p.pad.top) + " + " +
                 std::to_string(p.pad.bottom) + " = " + std::to_string(out[2]),
             "W_out = " + std::to_string(input[3]) + " + " + std::to_string(p.pad.left) + " + " +
                 std::to_string(p.pad.right) + " = " + std::to_string(out[3])}};
}

Step pad_trace(const Tensor& input, const PadParams& p, const Index4& at) {
    const Shape out = pad_output_shape(input.shape(), p).shape;
    element_offset(out, at, "pad");  // checks that `at` is inside the output
    const int64_t row = padding_source(at[2] - p.pad.top, input.size(2), p.mode);
    const int64_t col = padding_source(at[3] - p.pad.left, input.size(3), p.mode);
    const bool inside = at[2] >= p.pad.top && at[2] < p.pad.top + input.size(2) &&
                        at[3] >= p.pad.left && at[3] < p.pad.left + input.size(3);
    Tap tap;
    tap.kind = inside ? TapKind::input : TapKind::padding;
    if (row >= 0 && col >= 0) {
        tap.input = Index4{at[0], at[1], row, col};
        tap.value = input.data()[element_offset(input.shape(), *tap.input, "pad")];
    } else {
        tap.value = p.value;
    }
    Step step;
    step.taps.push_back(tap);
    step.output = tap.value;
    step.sum = tap.value;
    return step;
}

void register_pad(OpTable& table) {
    OpHandler handler{
        [](const OpCall& call) { return pad_output_shape(call.input.shape(), pad_params(call)); },
        [](const OpCall& call) {
            const PadParams p = pad_params(call);
            pad_output_shape(call.input.shape(), p);
            return OpResult{pad2d(call.input, p.pad, p.mode, p.value), std::nullopt};
        },
        [](const OpCall& call, const Index4& at, const std::string& view) {
            require(view.empty() || view == "direct", "pad has only the direct view");
            return pad_trace(call.input, pad_params(call), at);
        }};
    handler.backward = [](const OpCall& call, const OpResult&, const Tensor& grad) {
        const PadParams p = pad_params(call);
        return OpGrads{
            {pad2d_backward(grad, p.pad, p.mode, call.input.size(2), call.input.size(3))}, {}};
    };
    handler.window = [](const OpCall& call) -> std::optional<OpWindow> {
        const PadParams p = pad_params(call);
        OpWindow w;
        w.rows = {.before = p.pad.top, .after = p.pad.bottom};
        w.cols = {.before = p.pad.left, .after = p.pad.right};
        w.padding_mode = p.mode;
        return w;
    };
    handler.family = OpFamily::reshape;
    handler.params = {
        {.name = "pad",
         .kind = ParamKind::sides,
         .fallback = nlohmann::json::array({0, 0, 0, 0}),
         .start = nlohmann::json::array({1, 1, 1, 1}),
         .low = 0,
         .high = 64,
         .meaning = "Cells added on the left, right, top and bottom."},
        {.name = "mode",
         .kind = ParamKind::choice,
         .fallback = "constant",
         .choices = {std::begin(kPadModes), std::end(kPadModes)},
         .meaning = "What the added cells hold: a constant, a mirror, the edge, or the "
                    "other side."},
        {.name = "value",
         .kind = ParamKind::number,
         .low = -1000,
         .high = 1000,
         .nullable = true,
         .meaning = "The constant the added cells hold (None: 0)."}};
    table["pad"] = std::move(handler);
}

}  // namespace cs
