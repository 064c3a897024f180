#pragma once
// Opening a model exported to ONNX (by torch.onnx.export, or any other tool) as a network graph
// of the engine's own ops (engine/graph/graph.hpp), so that the engine computes it exactly as it
// computes everything else. The file is read with the ONNX project's protobuf definitions and
// checked with its checker; each node is mapped onto an op of the registry with torch's
// parameter names (Conv → conv2d, Gemm → linear, BatchNormalization → batch_norm2d in eval mode,
// GlobalAveragePool → adaptive_avg_pool2d(1), …; docs/onnx-import.md lists them all).
//
// A node the engine cannot run is not an error of the whole model: it is named in `problems`
// (node name, op type, opset, why), and every node that depends on it is left out too, so the
// rest of the graph still opens as far as it can.
#include <optional>
#include <string>
#include <vector>

#include "engine/graph/graph.hpp"

namespace cs {

struct OnnxModel {
    Graph graph;
    std::string input_name;             // the model's input, as the file names it
    std::string output_name;            // the output the graph ends at, as the file names it
    std::vector<std::string> problems;  // one sentence per node not imported
    int64_t opset = 0;                  // of the default ("ai.onnx") domain
    std::string producer;               // "pytorch 1.13.0"
    int64_t onnx_nodes = 0;             // nodes in the file (Constant nodes included)
};

// A model file larger than this is not one a student brings to class (resnet50 is 100 MB).
inline constexpr int64_t max_onnx_file_bytes = int64_t{512} << 20;

// `input_shape`: one example's shape (C, H, W), for models whose input size is left open;
// otherwise the file's. Throws cs::Error when the file cannot be read or is not a valid ONNX
// model, or when no node at all can be imported.
OnnxModel read_onnx_file(const std::string& path,
                         const std::optional<Shape>& input_shape = std::nullopt);
OnnxModel parse_onnx(const std::string& bytes, const std::string& name,
                     const std::optional<Shape>& input_shape = std::nullopt);

}  // namespace cs
