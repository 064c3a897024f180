#pragma once
// The activation lesson page's maths through the engine: a signed feature map (a Sobel
// response), an activation applied to it, how many values it clipped, histograms of the
// values before and after, and the curve of the function.
#include <QPointF>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/ops/value_stats.hpp"
#include "engine/tensor.hpp"

namespace cs::core {

// The activation ops the page offers, in its order.
const std::vector<std::string>& activation_ops();
bool is_activation_op(const std::string& op);

// The map the page activates: a matrix input that already has negative values as it is
// (first channel), otherwise the Sobel x response of the gray image — negative on dark-to-
// light edges going left, positive the other way.
Tensor signed_feature_map(const Tensor& input);

struct ActivationMaps {
    Tensor before;
    Tensor after;
    SignCounts before_signs;
    SignCounts after_signs;
    Histogram before_histogram;  // both over the same range ±max|before|
    Histogram after_histogram;
};

// `op` one of activation_ops(); params as torch (leaky_relu: negative_slope).
ActivationMaps apply_activation(const Tensor& feature, const std::string& op,
                                const nlohmann::json& params, int bins = 40);

// The function f(x) at `samples` points over [low, high], evaluated by the engine's op.
std::vector<QPointF> activation_curve(const std::string& op, const nlohmann::json& params,
                                      float low, float high, int samples = 161);

}  // namespace cs::core
