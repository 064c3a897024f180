#include "app/core/page_activation.hpp"

#include <algorithm>
#include <cmath>

#include "app/core/page_maps.hpp"
#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/image_arith.hpp"

namespace cs::core {

const std::vector<std::string>& activation_ops() {
    static const std::vector<std::string> ops = {"relu", "leaky_relu", "sigmoid", "tanh"};
    return ops;
}

bool is_activation_op(const std::string& op) {
    const auto& ops = activation_ops();
    return std::find(ops.begin(), ops.end(), op) != ops.end();
}

Tensor signed_feature_map(const Tensor& input) {
    input.require_rank(4, "the page's input");
    require(input.numel() > 0, "the input is empty");
    const auto [low, high] = value_range(input);
    (void)high;
    if (low < 0.0f) {
        return channel_plane(input, 0);
    }
    return filter_same(gray_image(input), sobel_x_kernel());
}

ActivationMaps apply_activation(const Tensor& feature, const std::string& op,
                                const nlohmann::json& params, int bins) {
    require(is_activation_op(op),
            "the activation page shows relu, leaky_relu, sigmoid or tanh, "
            "not " +
                op);
    ActivationMaps maps;
    maps.before = feature;
    maps.after = evaluate(OpCall{op, feature, Tensor(), Tensor(), params}).output;
    maps.before_signs = count_signs(maps.before);
    maps.after_signs = count_signs(maps.after);
    const auto [low, high] = value_range(maps.before);
    const float m = std::max({std::abs(low), std::abs(high), 1e-6f});
    maps.before_histogram = histogram(maps.before, bins, -m, m);
    maps.after_histogram = histogram(maps.after, bins, -m, m);
    return maps;
}

std::vector<QPointF> activation_curve(const std::string& op, const nlohmann::json& params,
                                      float low, float high, int samples) {
    require(samples >= 2 && low < high, "a curve needs two samples and low < high");
    std::vector<float> xs(static_cast<size_t>(samples));
    for (int i = 0; i < samples; ++i) {
        xs[static_cast<size_t>(i)] =
            low + (high - low) * static_cast<float>(i) / static_cast<float>(samples - 1);
    }
    const Tensor x({1, 1, 1, samples}, xs);
    const Tensor y = evaluate(OpCall{op, x, Tensor(), Tensor(), params}).output;
    std::vector<QPointF> points;
    for (int i = 0; i < samples; ++i) {
        points.emplace_back(xs[static_cast<size_t>(i)], y.data()[i]);
    }
    return points;
}

}  // namespace cs::core
