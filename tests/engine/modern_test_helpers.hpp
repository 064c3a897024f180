#pragma once
// Helpers of the tests of the modern-CNN ops: backward fixtures and traces that must agree with
// the forward pass.
#include "engine/case_file.hpp"
#include "engine/op_call.hpp"
#include "pool_test_helpers.hpp"

namespace cs::test {

// The backward cases of `op` in modern_backward.json.
inline std::vector<nlohmann::json> backward_cases(const std::string& op) {
    auto cases = fixture_cases("modern_backward.json", op);
    REQUIRE(!cases.empty());
    return cases;
}

inline Tensor fixture_tensor(const nlohmann::json& c, const std::string& field) {
    return tensor_from_json(c.at(field));
}

// Every valid forward case of `op`: the trace of up to `samples` output elements (spread over
// the output) gives the forward pass's value.
inline void check_traces_match_forward(const std::string& op, int samples = 12) {
    for (const auto& c : fixture_cases("modern.json", op)) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c.at("name").get<std::string>());
        const OpCall call = op_call_from_case(c);
        const Tensor out = evaluate(call).output;
        if (out.numel() == 0 || out.dim() > 4) {
            continue;
        }
        const std::array<int64_t, 4> grid = trace_grid(call);
        const int64_t count = grid[0] * grid[1] * grid[2] * grid[3];
        for (int64_t k = 0; k < samples; ++k) {
            const int64_t index = k * count / samples;
            const Step step = trace_step(call, step_position(index, grid));
            INFO("step " << index);
            CHECK(step.output == Approx(out.data()[index]).margin(1e-6).epsilon(1e-5));
        }
    }
}

}  // namespace cs::test
