#include "app/core/window_geometry.hpp"

#include <algorithm>

namespace cs::core {

WindowGeometry window_geometry(const OpCall& call) {
    WindowGeometry g;
    const auto& p = call.params;
    if (call.op == "conv2d" && call.weight.dim() == 4) {
        g.sliding = true;
        g.kernel = {call.weight.size(2), call.weight.size(3)};
        g.stride = param_pair(p, call.op, "stride", {1, 1});
        g.dilation = param_pair(p, call.op, "dilation", {1, 1});
        g.padding_mode = param_string(p, call.op, "padding_mode", "zeros");
        if (p.contains("padding") && p["padding"].is_string()) {
            if (p["padding"] == "same") {  // total d·(k−1); the odd cell goes bottom/right
                const int64_t th = g.dilation.h * (g.kernel.h - 1);
                const int64_t tw = g.dilation.w * (g.kernel.w - 1);
                g.pad_top = th / 2;
                g.pad_bottom = th - th / 2;
                g.pad_left = tw / 2;
                g.pad_right = tw - tw / 2;
            }
        } else {
            const Pair pad = param_pair(p, call.op, "padding", {0, 0});
            g.pad_top = g.pad_bottom = std::max<int64_t>(0, pad.h);
            g.pad_left = g.pad_right = std::max<int64_t>(0, pad.w);
        }
    } else if (call.op == "max_pool2d" || call.op == "avg_pool2d" || call.op == "lp_pool2d") {
        g.sliding = true;
        g.kernel = param_pair(p, call.op, "kernel_size", {2, 2});
        g.stride = param_pair(p, call.op, "stride", g.kernel);
        if (call.op != "lp_pool2d") {
            const Pair pad = param_pair(p, call.op, "padding", {0, 0});
            g.pad_top = g.pad_bottom = std::max<int64_t>(0, pad.h);
            g.pad_left = g.pad_right = std::max<int64_t>(0, pad.w);
        }
        if (call.op == "max_pool2d") {
            g.dilation = param_pair(p, call.op, "dilation", {1, 1});
        }
    }
    return g;
}

PaddedInput padded_input(const OpCall& call, const WindowGeometry& g) {
    PaddedInput out;
    out.top = g.pad_top;
    out.left = g.pad_left;
    const Tensor& x = call.input;
    const int64_t channels = x.size(1);
    if (g.pad_top + g.pad_bottom + g.pad_left + g.pad_right == 0) {
        out.values = x;
        return out;
    }
    // A depthwise 1×1 convolution with weight 1 and the op's padding and padding mode returns
    // the padded input itself: the engine supplies every border value, as it does in the op.
    const int64_t ph = std::max(g.pad_top, g.pad_bottom);
    const int64_t pw = std::max(g.pad_left, g.pad_right);
    const std::string mode = call.op == "conv2d" ? g.padding_mode : "zeros";
    OpCall identity{"conv2d",
                    Tensor({1, channels, x.size(2), x.size(3)}),
                    Tensor({channels, 1, 1, 1}, 1.0f),
                    Tensor(),
                    {{"padding", {ph, pw}}, {"groups", channels}, {"padding_mode", mode}}};
    std::copy(x.data(), x.data() + channels * x.size(2) * x.size(3), identity.input.data());
    const Tensor full = evaluate(identity).output;
    const int64_t rows = x.size(2) + g.pad_top + g.pad_bottom;
    const int64_t cols = x.size(3) + g.pad_left + g.pad_right;
    out.values = Tensor({1, channels, rows, cols});
    for (int64_t c = 0; c < channels; ++c) {
        for (int64_t r = 0; r < rows; ++r) {
            for (int64_t q = 0; q < cols; ++q) {
                out.values(0, c, r, q) = full(0, c, r + ph - g.pad_top, q + pw - g.pad_left);
            }
        }
    }
    return out;
}

}  // namespace cs::core
