#pragma once
// Reads the PyTorch fixtures written by tests/golden/generate.py (committed JSON; the tests
// never need torch).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/op_call.hpp"
#include "engine/tensor.hpp"

namespace cs::test {

std::string golden_dir();
// All fixture cases in tests/golden/<file>.json ("cases": [...]).
std::vector<nlohmann::json> golden_cases(const std::string& file);
Tensor tensor_from_json(const nlohmann::json& j);  // {"shape": [...], "data": [...]}
// An OpCall from an eval-format case (op, input, weight, bias, params).
OpCall op_call_from_case(const nlohmann::json& c);
// Largest |a − b| − (atol + rtol·|b|) over all elements; ≤ 0 means close. Shapes must match.
double worst_excess(const Tensor& got, const Tensor& want, double atol = 1e-5, double rtol = 1e-4);

}  // namespace cs::test
