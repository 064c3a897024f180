#pragma once
// An op named by string with JSON parameters, as in `convscope-cli eval` case files, lesson
// files and pipelines. Parameter names and meanings are those of torch.nn.functional.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/ops/common.hpp"
#include "engine/ops/op_schema.hpp"
#include "engine/tensor.hpp"
#include "engine/trace.hpp"

namespace cs {

struct OpCall {
    std::string op;
    Tensor input;
    Tensor weight;  // empty when the op has none
    Tensor bias;    // empty when absent or null
    nlohmann::json params = nlohmann::json::object();
    // Further tensors named as torch names them ("other" of add, "running_mean" and
    // "running_var" of batch_norm2d), and the list of a join (cat's "inputs").
    std::map<std::string, Tensor> tensors{};
    std::vector<Tensor> inputs{};

    // The tensor `name`, or an empty tensor when the call has none.
    const Tensor& tensor(const std::string& name) const;
};

struct OpResult {
    Tensor output;
    std::optional<Tensor> indices;  // max_pool2d: flat argmax per output, as return_indices
    // State the call moves forward, by name: batch_norm2d in training gives the new
    // "running_mean" and "running_var".
    std::map<std::string, Tensor> updated{};
    // What the backward pass needs besides the call and the output (batch_norm2d's batch
    // mean and 1/std).
    std::map<std::string, Tensor> saved{};
};

// Gradients of Σ output ⊙ grad_output with respect to what the op read.
struct OpGrads {
    // One per operand, in order: the input (or each tensor of a join's list), then the
    // operand tensors named in OpHandler::operand_args (add's "other").
    std::vector<Tensor> operands;
    // The op's parameters by torch's names ("weight", "bias"), those the call has.
    std::map<std::string, Tensor> parameters;
};

// What one op can do. `trace` is empty for ops without step traces.
struct OpHandler {
    std::function<ShapeInfo(const OpCall&)> shape;
    std::function<OpResult(const OpCall&)> forward;
    std::function<Step(const OpCall&, const Index4& at, const std::string& view)> trace;
    // Optional: the (N, C, H, W) grid that steps walk, when it is not the output shape padded
    // with trailing 1s (conv1d walks its (N, C, L) output as (N, C, 1, L)).
    std::function<std::array<int64_t, 4>(const OpCall&)> grid{};
    // Tensors the op reads besides input, weight and bias, by torch's names (OpCall::tensors).
    std::vector<std::string> tensor_args{};
    // The op joins a list of tensors (OpCall::inputs, "inputs" in JSON) instead of one input.
    bool takes_input_list = false;
    // Which of tensor_args are operands — values flowing through a network, like add's
    // "other" — rather than state of the op (batch_norm2d's running statistics).
    std::vector<std::string> operand_args{};
    // The op reads params.training (batch_norm2d, dropout): a network sets it from its mode.
    bool has_training_mode = false;
    // Multiply-adds of one call with output shape `output` (0 for ops without weights).
    std::function<int64_t(const OpCall&, const Shape& output)> multiply_adds{};
    // Gradients from the call, its forward result and the gradient of its output.
    std::function<OpGrads(const OpCall&, const OpResult&, const Tensor& grad_output)> backward{};

    // What the op is, for everything besides its arithmetic (engine/ops/op_schema.hpp).
    OpFamily family = OpFamily::activation;
    int spatial_dims = 2;  // conv1d: 1, and its sizes are single numbers
    WeightLayout weight_layout = WeightLayout::none;
    // The parameter that says how wide a layer with weights is ("out_channels",
    // "out_features"); empty for ops without weights.
    std::string width_param{};
    WindowReduce reduce = WindowReduce::none;
    std::vector<ParamSpec> params{};
    // Named step views besides the default one (conv_transpose2d: "insert", "scatter").
    std::vector<std::string> trace_views{};
    // Which input cells an output cell reads; empty for ops without one window per output
    // (adaptive pooling's windows differ in size). nullopt when the call lacks its weight.
    std::function<std::optional<OpWindow>(const OpCall&)> window{};
    // The same call in PyTorch, reading x (the input), w, b and the other tensors by name:
    // "F.max_pool2d(x, kernel_size=2)". Empty: written from `params` (torch_call below).
    std::function<std::string(const OpCall&)> torch_text{};
    // Ops that map every value on its own (activations): apply the op to `count` values.
    // `source` may equal `target`. The playground runs these on bands of rows, in place.
    std::function<void(const OpCall&, const float* source, float* target, int64_t count)>
        elementwise{};
    // The output alone, where that is cheaper than `forward` (max_pool2d without its indices).
    std::function<Tensor(const OpCall&)> values{};
    std::string torch_function{};  // empty: F.<op>; "torch.add", "torch.cat"
    std::string torch_module{};    // the torch.nn module of a layer: "Conv2d", "MaxPool2d"
};

using OpTable = std::map<std::string, OpHandler>;

// Throws cs::Error("unknown op ...") listing the known ones.
const OpHandler& op_handler(const std::string& op);
std::vector<std::string> op_names();

// Throws cs::Error for an output larger than max_op_output_values (engine/ops/common.hpp).
OpResult evaluate(const OpCall& call);
ShapeInfo infer_shape(const OpCall& call);
// The output alone (OpHandler::values, else evaluate(call).output).
Tensor evaluate_values(const OpCall& call);
// Throws cs::Error when the op has no backward pass.
OpGrads backward(const OpCall& call, const OpResult& forward, const Tensor& grad_output);
// The output shape padded with trailing 1s to (N, C, H, W): the grid that steps walk.
std::array<int64_t, 4> step_grid(const Shape& output_shape);
// The grid the steps of `call` walk: the handler's own, else step_grid of the output shape.
std::array<int64_t, 4> trace_grid(const OpCall& call);
// One step of the op at output element `at`, numbered in lesson order (batch, channel, row,
// column). `view`: "" for the op's default; conv_transpose2d also takes "insert" or "scatter".
// Handlers fill the taps, sums and output; this fills op, step and at.
Step trace_step(const OpCall& call, const Index4& at, const std::string& view = "");

// The parameter `name` of `op`, or nullptr.
const ParamSpec* find_param(const std::string& op, const std::string& name);
// The parameters a new layer or lesson of `op` starts from: each call parameter whose
// initial value is not null (ParamSpec::initial), without those sizing the weight.
nlohmann::json start_params(const std::string& op);
// Which input cells an output cell of `call` reads, when the op has one window per output.
std::optional<OpWindow> op_window(const OpCall& call);
// The equivalent PyTorch expression (OpHandler::torch_text), e.g.
// "F.conv2d(x, w, bias=b, stride=2, padding=1)". Parameters at torch's default are left out.
std::string torch_call(const OpCall& call);
// A JSON value as Python writes it: True, None, 'reflect', (2, 3).
std::string python_literal(const nlohmann::json& value);
// Ops a step-by-step lesson can show on its own: a traced op of one 2-D input and at most a
// weight and bias (conv2d, pooling, activations), in menu order.
std::vector<std::string> lesson_ops();

// Parameter readers shared by the handlers. Each throws cs::Error naming the parameter when
// the JSON has the wrong type. `op` prefixes the message.
Pair param_pair(const nlohmann::json& params, const std::string& op, const std::string& name,
                Pair fallback);
int64_t param_int(const nlohmann::json& params, const std::string& op, const std::string& name,
                  int64_t fallback);
double param_number(const nlohmann::json& params, const std::string& op, const std::string& name,
                    double fallback);
bool param_bool(const nlohmann::json& params, const std::string& op, const std::string& name,
                bool fallback);
std::string param_string(const nlohmann::json& params, const std::string& op,
                         const std::string& name, const std::string& fallback);
bool param_present(const nlohmann::json& params, const std::string& name);  // present, not null

// Each op family adds its handlers here (explicit calls: static registration would be dropped
// by the linker from a static library).
void register_conv_ops(OpTable& table);
void register_pool_ops(OpTable& table);
void register_pointwise_ops(OpTable& table);
// One function per op file of the layers of modern CNNs.
void register_batch_norm2d(OpTable& table);
void register_dropout(OpTable& table);
void register_adaptive_avg_pool2d(OpTable& table);
void register_adaptive_max_pool2d(OpTable& table);
void register_add(OpTable& table);
void register_cat(OpTable& table);
void register_clamp_ops(OpTable& table);  // relu6, hardtanh, clamp
void register_local_response_norm(OpTable& table);
void register_mul(OpTable& table);
void register_pad(OpTable& table);  // in padding.cpp

}  // namespace cs
