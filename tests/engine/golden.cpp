#include "golden.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "engine/case_file.hpp"
#include "engine/error.hpp"

namespace cs::test {

std::string golden_dir() {
    return CONVSCOPE_GOLDEN_DIR;
}

std::vector<nlohmann::json> golden_cases(const std::string& file) {
    std::ifstream in(golden_dir() + "/" + file);
    require(in.good(), "missing golden fixture " + file);
    const nlohmann::json doc = nlohmann::json::parse(in);
    return doc.at("cases").get<std::vector<nlohmann::json>>();
}

Tensor tensor_from_json(const nlohmann::json& j) {
    return cs::tensor_from_json(j, "fixture");
}

OpCall op_call_from_case(const nlohmann::json& c) {
    return op_call_from_json(c, golden_dir());
}

double worst_excess(const Tensor& got, const Tensor& want, double atol, double rtol) {
    require(got.shape() == want.shape(),
            "shape " + shape_string(got.shape()) + " differs from " + shape_string(want.shape()));
    double worst = -1.0;
    for (int64_t i = 0; i < got.numel(); ++i) {
        const double a = got.data()[i];
        const double b = want.data()[i];
        worst = std::max(worst, std::abs(a - b) - (atol + rtol * std::abs(b)));
    }
    return worst;
}

}  // namespace cs::test
