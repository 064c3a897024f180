// Fuzz target: the `eval` case reader (engine/case_file.hpp) and the op the case describes —
// its shape inference, its evaluation when the output is small, and one step trace.
#include <nlohmann/json.hpp>

#include "engine/case_file.hpp"
#include "engine/op_call.hpp"
#include "tests/fuzz/fuzz_helpers.hpp"

namespace cs::fuzz {
namespace {

// Outputs larger than this are legal but too slow to evaluate at every execution under the
// sanitizers; those above the engine's own limit are still evaluated, as they must be refused
// before anything is allocated.
constexpr int64_t max_evaluated_values = 1 << 16;

bool names_only_safe_images(const nlohmann::json& doc) {
    if (!doc.is_object() || !doc.contains("input")) {
        return true;
    }
    const nlohmann::json& input = doc["input"];
    return !(input.is_object() && input.contains("image") && input["image"].is_string()) ||
           is_safe_image_path(input["image"].get<std::string>());
}

}  // namespace

void fuzz_case(Input input) {
    const nlohmann::json doc = nlohmann::json::parse(input.begin(), input.end(), nullptr, false);
    if (doc.is_discarded() || !names_only_safe_images(doc)) {
        return;
    }
    OpCall call;
    try {
        call = op_call_from_json(doc, scratch_dir());
    } catch (const nlohmann::json::exception& e) {
        throw Error(e.what());  // as read_case_file does
    }
    const ShapeInfo shape = infer_shape(call);
    const int64_t count = shape_numel(shape.shape);
    if (count <= max_evaluated_values || count > max_op_output_values) {
        evaluate(call);
    }
    if (count > 0 && count <= max_evaluated_values && op_handler(call.op).trace) {
        const std::array<int64_t, 4> grid = trace_grid(call);
        trace_step(call, {0, 0, 0, 0});
        trace_step(call, {grid[0] - 1, grid[1] - 1, grid[2] - 1, grid[3] - 1});
    }
}

}  // namespace cs::fuzz

CONVSCOPE_FUZZ_TARGET(cs::fuzz::fuzz_case)
