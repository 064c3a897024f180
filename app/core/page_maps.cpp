#include "app/core/page_maps.hpp"

#include "engine/error.hpp"
#include "engine/op_call.hpp"

namespace cs::core {

Tensor kernel3x3(const std::array<float, 9>& rows) {
    return Tensor({1, 1, 3, 3}, std::vector<float>(rows.begin(), rows.end()));
}

Tensor sobel_x_kernel() {
    return kernel3x3({-1, 0, 1, -2, 0, 2, -1, 0, 1});
}
Tensor sobel_y_kernel() {
    return kernel3x3({-1, -2, -1, 0, 0, 0, 1, 2, 1});
}

Tensor gray_image(const Tensor& image) {
    image.require_rank(4, "the page's image");
    require(image.numel() > 0, "the image is empty");
    if (image.size(1) == 1) {
        return image;
    }
    require(image.size(1) == 3, "a photo needs 1 (gray) or 3 (RGB) channels, this one has " +
                                    std::to_string(image.size(1)));
    const Tensor weights({1, 3, 1, 1}, {0.299f, 0.587f, 0.114f});
    return evaluate(OpCall{"conv2d", image, weights, Tensor(), nlohmann::json::object()}).output;
}

Tensor filter_same(const Tensor& gray, const Tensor& kernel) {
    kernel.require_rank(4, "the page's kernel");
    const int64_t pad_h = (kernel.size(2) - 1) / 2;
    const int64_t pad_w = (kernel.size(3) - 1) / 2;
    require(gray.dim() == 4 && gray.size(2) > pad_h && gray.size(3) > pad_w,
            "the image (" + shape_string(gray.shape()) + ") is too small for a " +
                std::to_string(kernel.size(2)) + "×" + std::to_string(kernel.size(3)) +
                " kernel with reflected borders");
    const nlohmann::json params = {
        {"padding", {pad_h, pad_w}}, {"padding_mode", "reflect"}, {"stride", 1}};
    return evaluate(OpCall{"conv2d", gray, kernel, Tensor(), params}).output;
}

}  // namespace cs::core
