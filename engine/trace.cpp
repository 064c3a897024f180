#include "engine/trace.hpp"

#include "engine/error.hpp"

namespace cs {

const char* tap_kind_name(TapKind kind) {
    switch (kind) {
        case TapKind::input:
            return "input";
        case TapKind::padding:
            return "padding";
        case TapKind::inserted:
            return "inserted";
        case TapKind::output_padding:
            return "output_padding";
    }
    return "input";
}

int64_t step_index(const std::array<int64_t, 4>& at, const std::array<int64_t, 4>& out_shape) {
    for (size_t d = 0; d < 4; ++d) {
        require(at[d] >= 0 && at[d] < out_shape[d],
                "trace: output element (" + std::to_string(at[0]) + ", " + std::to_string(at[1]) +
                    ", " + std::to_string(at[2]) + ", " + std::to_string(at[3]) +
                    ") is outside the output");
    }
    return ((at[0] * out_shape[1] + at[1]) * out_shape[2] + at[2]) * out_shape[3] + at[3];
}

Index4 step_position(int64_t step, const std::array<int64_t, 4>& out_shape) {
    const int64_t total = out_shape[0] * out_shape[1] * out_shape[2] * out_shape[3];
    require(step >= 0 && step < total,
            "trace: step " + std::to_string(step) + " is outside 0.." + std::to_string(total - 1));
    const int64_t x = step % out_shape[3];
    const int64_t y = step / out_shape[3] % out_shape[2];
    const int64_t c = step / (out_shape[3] * out_shape[2]) % out_shape[1];
    const int64_t n = step / (out_shape[3] * out_shape[2] * out_shape[1]);
    return {n, c, y, x};
}

}  // namespace cs
