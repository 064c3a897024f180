#pragma once
// Conv parameters from JSON with torch.nn.functional's names and defaults, as in eval case
// files and lesson files. Throws cs::Error naming the parameter on a wrong type.
#include <nlohmann/json.hpp>

#include "engine/ops/conv1d.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/ops/conv_transpose2d.hpp"

namespace cs {

// stride, padding (number, pair, "same" or "valid"), dilation, groups, padding_mode, flip.
Conv2dParams conv2d_params_from_json(const nlohmann::json& params);
// The same names, one number each (or a list of one).
Conv1dParams conv1d_params_from_json(const nlohmann::json& params);
// stride, padding, output_padding, dilation, groups.
ConvTranspose2dParams conv_transpose2d_params_from_json(const nlohmann::json& params);

}  // namespace cs
