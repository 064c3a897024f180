#pragma once
// Saving a network graph (a trained network, a playground pipeline, an imported model) as an
// ONNX model, so that the student's work opens in Netron, OpenCV's DNN module, ONNX Runtime or
// PyTorch. Each engine op becomes the ONNX operators that compute exactly what it computes, at
// opset 11 (what OpenCV 4.6 reads best); the model is checked with the ONNX project's checker
// before it is written. An op ONNX cannot express exactly (a circular pad, avg_pool2d's
// divisor_override, an even local_response_norm size) is refused with a message naming the
// node, never written approximately.
#include <string>

#include "engine/graph/graph.hpp"

namespace cs {

struct OnnxExportOptions {
    std::string model_name = "convscope";
    std::string input_name = "input";
    std::string output_name = "output";
    // The batch the model is declared for: torch.onnx.export's default, one example.
    int64_t batch = 1;
};

inline constexpr int64_t onnx_export_opset = 11;

// The model's bytes (a serialized, checked ModelProto). Throws cs::Error naming the node that
// cannot be written.
std::string onnx_model_bytes(const Graph& graph, const OnnxExportOptions& options = {});
// Written atomically: a failed write (a full disk) leaves an existing file as it was.
void write_onnx_file(const Graph& graph, const std::string& path,
                     const OnnxExportOptions& options = {});

}  // namespace cs
