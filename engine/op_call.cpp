#include "engine/op_call.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"

namespace cs {
namespace {

const std::map<std::string, OpHandler>& table() {
    static const std::map<std::string, OpHandler> handlers = [] {
        std::map<std::string, OpHandler> t;
        register_conv_ops(t);
        register_pool_ops(t);
        register_pointwise_ops(t);
        register_batch_norm2d(t);
        register_dropout(t);
        register_adaptive_avg_pool2d(t);
        register_adaptive_max_pool2d(t);
        register_add(t);
        register_cat(t);
        register_clamp_ops(t);
        register_local_response_norm(t);
        register_mul(t);
        register_pad(t);
        return t;
    }();
    return handlers;
}

int64_t as_integer(const nlohmann::json& v, const std::string& op, const std::string& name) {
    if (v.is_number_integer()) {
        return v.get<int64_t>();
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        require(std::floor(d) == d && std::abs(d) < 1e15,
                op + ": " + name + " must be a whole number, got " + v.dump());
        return static_cast<int64_t>(d);
    }
    throw Error(op + ": " + name + " must be a whole number, got " + v.dump());
}

}  // namespace

const Tensor& OpCall::tensor(const std::string& name) const {
    static const Tensor none;
    const auto it = tensors.find(name);
    return it == tensors.end() ? none : it->second;
}

const OpHandler& op_handler(const std::string& op) {
    const auto& t = table();
    auto it = t.find(op);
    if (it == t.end()) {
        std::string known;
        for (const auto& [name, handler] : t) {
            known += (known.empty() ? "" : ", ") + name;
        }
        throw Error("unknown op \"" + op + "\"; known ops: " + known);
    }
    return it->second;
}

std::vector<std::string> op_names() {
    std::vector<std::string> names;
    for (const auto& [name, handler] : table()) {
        names.push_back(name);
    }
    return names;
}

OpResult evaluate(const OpCall& call) {
    const OpHandler& handler = op_handler(call.op);
    const Shape out = handler.shape(call).shape;
    const int64_t count = shape_numel(out);
    require(count <= max_op_output_values,
            call.op + ": the output " + shape_string(out) + " would hold " + std::to_string(count) +
                " values, more than the limit of " +
                std::to_string(max_op_output_values / 1'000'000) +
                " million; check the stride, padding and scale parameters");
    return handler.forward(call);
}

Tensor evaluate_values(const OpCall& call) {
    const OpHandler& handler = op_handler(call.op);
    if (!handler.values) {
        return evaluate(call).output;
    }
    const Shape out = handler.shape(call).shape;
    require(shape_numel(out) <= max_op_output_values,
            call.op + ": the output " + shape_string(out) + " is larger than the limit");
    return handler.values(call);
}

ShapeInfo infer_shape(const OpCall& call) {
    return op_handler(call.op).shape(call);
}

OpGrads backward(const OpCall& call, const OpResult& forward, const Tensor& grad_output) {
    const OpHandler& handler = op_handler(call.op);
    require(static_cast<bool>(handler.backward), call.op + " has no backward pass");
    require(grad_output.shape() == forward.output.shape(),
            call.op + " backward: the output gradient " + shape_string(grad_output.shape()) +
                " must have the output's shape " + shape_string(forward.output.shape()));
    return handler.backward(call, forward, grad_output);
}

std::array<int64_t, 4> step_grid(const Shape& out) {
    require(!out.empty() && out.size() <= 4,
            "steps are defined for outputs of 1 to 4 dimensions, got " + shape_string(out));
    std::array<int64_t, 4> grid = {1, 1, 1, 1};
    std::copy(out.begin(), out.end(), grid.begin());
    return grid;
}

std::array<int64_t, 4> trace_grid(const OpCall& call) {
    const OpHandler& handler = op_handler(call.op);
    return handler.grid ? handler.grid(call) : step_grid(infer_shape(call).shape);
}

Step trace_step(const OpCall& call, const Index4& at, const std::string& view) {
    const OpHandler& handler = op_handler(call.op);
    require(static_cast<bool>(handler.trace), call.op + " has no step trace");
    const std::array<int64_t, 4> grid = trace_grid(call);
    const int64_t index = step_index(at, grid);  // also checks that `at` is inside the output
    Step step = handler.trace(call, at, view);
    step.op = call.op;
    step.step = index;
    step.at = at;
    return step;
}

bool param_present(const nlohmann::json& params, const std::string& name) {
    return params.is_object() && params.contains(name) && !params.at(name).is_null();
}

Pair param_pair(const nlohmann::json& params, const std::string& op, const std::string& name,
                Pair fallback) {
    if (!param_present(params, name)) {
        return fallback;
    }
    const nlohmann::json& v = params.at(name);
    if (v.is_array()) {
        require(v.size() == 2, op + ": " + name + " must be one number or a pair, got " + v.dump());
        return {as_integer(v[0], op, name), as_integer(v[1], op, name)};
    }
    const int64_t both = as_integer(v, op, name);
    return {both, both};
}

int64_t param_int(const nlohmann::json& params, const std::string& op, const std::string& name,
                  int64_t fallback) {
    return param_present(params, name) ? as_integer(params.at(name), op, name) : fallback;
}

double param_number(const nlohmann::json& params, const std::string& op, const std::string& name,
                    double fallback) {
    if (!param_present(params, name)) {
        return fallback;
    }
    const nlohmann::json& v = params.at(name);
    require(v.is_number(), op + ": " + name + " must be a number, got " + v.dump());
    return v.get<double>();
}

bool param_bool(const nlohmann::json& params, const std::string& op, const std::string& name,
                bool fallback) {
    if (!param_present(params, name)) {
        return fallback;
    }
    const nlohmann::json& v = params.at(name);
    require(v.is_boolean(), op + ": " + name + " must be true or false, got " + v.dump());
    return v.get<bool>();
}

std::string param_string(const nlohmann::json& params, const std::string& op,
                         const std::string& name, const std::string& fallback) {
    if (!param_present(params, name)) {
        return fallback;
    }
    const nlohmann::json& v = params.at(name);
    require(v.is_string(), op + ": " + name + " must be text, got " + v.dump());
    return v.get<std::string>();
}

}  // namespace cs
