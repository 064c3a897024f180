// Fuzz target: the pipeline reader (engine/pipeline/pipeline_spec.hpp), then the plan of the
// pipeline for the input its file asks for (shape inference and weight building of every
// layer) and, when the plan is small, the reference forward pass.
#include "engine/pipeline/pipeline.hpp"
#include "engine/pipeline/pipeline_spec.hpp"
#include "tests/fuzz/fuzz_helpers.hpp"

namespace cs::fuzz {
namespace {

// Larger inputs and plans are legal but too slow to run at every execution.
constexpr int64_t max_input_values = 1 << 14;
constexpr int64_t max_forward_work = 1 << 20;

}  // namespace

void fuzz_pipeline(Input input) {
    const pipeline::PipelineSpec spec = pipeline::parse_pipeline(text_of(input), "fuzz input");
    const int64_t channels = spec.input.channels == 0 ? 3 : spec.input.channels;
    const Pair size = spec.input.size.value_or(Pair{28, 28});
    const Shape input_shape = {1, channels, size.h, size.w};
    if (shape_numel(input_shape) > max_input_values) {
        return;
    }
    const pipeline::Plan plan = pipeline::plan_pipeline(spec, input_shape);
    int64_t work = 0;
    for (const pipeline::PlannedLayer& layer : plan.layers) {
        work += layer.multiply_adds + shape_numel(layer.output.shape);
        if (work > max_forward_work) {
            return;
        }
    }
    pipeline::forward_reference(plan, Tensor(input_shape, 0.5f));
}

}  // namespace cs::fuzz

CONVSCOPE_FUZZ_TARGET(cs::fuzz::fuzz_pipeline)
