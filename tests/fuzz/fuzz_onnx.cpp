// Fuzz target: the ONNX importer (engine/model/onnx_import.hpp), protobuf decoding, the ONNX
// checker, the mapping of nodes and the shape arithmetic worked out at import; then, when the
// graph is small, one forward pass.
#include "engine/model/onnx_import.hpp"
#include "tests/fuzz/fuzz_helpers.hpp"

namespace cs::fuzz {
namespace {

// Larger models are legal but too slow to run at every execution.
constexpr int64_t max_input_values = 1 << 14;
constexpr int64_t max_forward_work = 1 << 20;

}  // namespace

void fuzz_onnx(Input input) {
    const OnnxModel model = parse_onnx(text_of(input), "fuzz input");
    Shape batch = model.graph.input_shape();
    batch.insert(batch.begin(), 1);
    if (shape_numel(batch) > max_input_values) {
        return;
    }
    int64_t work = 0;
    for (const NodeInfo& info : model.graph.infos()) {
        work += info.multiply_adds + shape_numel(info.output_shape);
        if (work > max_forward_work) {
            return;
        }
    }
    model.graph.run(Tensor(batch, 0.5f));
}

}  // namespace cs::fuzz

CONVSCOPE_FUZZ_TARGET(cs::fuzz::fuzz_onnx)
