#include "app/core/transpose_compare.hpp"

#include "engine/error.hpp"
#include "engine/op_call.hpp"

namespace cs::core {
namespace {

ComparedOp run(const QString& title, const std::string& op, const Tensor& input,
               const Tensor& weight, const nlohmann::json& params) {
    const OpCall call{op, input, weight, Tensor(), params};
    const ShapeInfo shape = infer_shape(call);
    return {title, input, evaluate(call).output,
            shape.formulas.empty() ? QString() : QString::fromStdString(shape.formulas.front())};
}

Tensor ramp(int64_t side) {
    Tensor t({1, 1, side, side});
    for (int64_t i = 0; i < t.numel(); ++i) {
        t.data()[i] = static_cast<float>(i % 7);
    }
    return t;
}

}  // namespace

std::vector<ComparedOp> compare_transpose(const Tensor& small, const Tensor& kernel) {
    require(small.shape() == Shape{1, 1, 3, 3}, "the comparison starts from a 3×3 input");
    require(kernel.shape() == Shape{1, 1, 3, 3}, "the comparison uses a 3×3 kernel");
    const nlohmann::json conv = {{"stride", 2}, {"padding", 1}};
    return {
        run("conv2d 5×5, k = 3, s = 2, p = 1", "conv2d", ramp(5), kernel, conv),
        run("conv2d 6×6, k = 3, s = 2, p = 1", "conv2d", ramp(6), kernel, conv),
        run("conv_transpose2d, output_padding = 0", "conv_transpose2d", small, kernel,
            {{"stride", 2}, {"padding", 1}, {"output_padding", 0}}),
        run("conv_transpose2d, output_padding = 1", "conv_transpose2d", small, kernel,
            {{"stride", 2}, {"padding", 1}, {"output_padding", 1}}),
        run("interpolate nearest ×2", "interpolate", small, Tensor(),
            {{"scale_factor", 2}, {"mode", "nearest"}}),
        run("interpolate bilinear ×2", "interpolate", small, Tensor(),
            {{"scale_factor", 2}, {"mode", "bilinear"}, {"align_corners", false}}),
    };
}

}  // namespace cs::core
