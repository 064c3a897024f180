#pragma once
// The `eval` case format of shared/oracle/README.md: {"op", "input", "weight", "bias",
// "params"}. The input may also be an image: {"image": "PATH", "grayscale": true}.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/op_call.hpp"

namespace cs {

// {"shape": [...], "data": [...]} → Tensor, with clear errors for wrong types or counts.
Tensor tensor_from_json(const nlohmann::json& j, const std::string& what);
nlohmann::json tensor_to_json(const Tensor& t);

// A step in the JSON format of shared/oracle/README.md ("trace output format").
nlohmann::json step_to_json(const Step& step);

// `base_dir` resolves a relative image path.
OpCall op_call_from_json(const nlohmann::json& doc, const std::string& base_dir = ".");
OpCall read_case_file(const std::string& path);

}  // namespace cs
