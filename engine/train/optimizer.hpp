#pragma once
// Optimisers update parameters from their gradients. Each follows torch.optim's update rule
// exactly (same order of operations, same first step), so that a training step gives the
// numbers PyTorch gives. Their state (momentum, moment estimates, step count) is kept per
// parameter and can be saved and restored to resume training.
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/train/parameter.hpp"

namespace cs {

// torch.optim.SGD.
struct SgdConfig {
    double lr = 0.01;
    double momentum = 0.0;   // 0 = plain gradient descent
    double dampening = 0.0;  // scales the new gradient in the momentum buffer by (1 − dampening)
    double weight_decay = 0.0;  // L2 penalty: adds weight_decay·p to the gradient
    bool nesterov = false;      // look ahead along the momentum (needs momentum > 0, dampening 0)
};

// torch.optim.Adam (Kingma & Ba 2015) with bias correction; amsgrad is not offered.
struct AdamConfig {
    double lr = 0.001;
    double beta1 = 0.9;         // decay of the running mean of gradients
    double beta2 = 0.999;       // decay of the running mean of squared gradients
    double eps = 1e-8;          // added to the denominator so that it is never zero
    double weight_decay = 0.0;  // L2 penalty added to the gradient (not AdamW's decoupled form)
};

using OptimizerConfig = std::variant<SgdConfig, AdamConfig>;

// Lesson-file form: {"type": "sgd", "lr": 0.9, "momentum": 0, ...} or
// {"type": "adam", "lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0}.
// Missing fields take torch's defaults (lr has none in torch.optim.SGD, so it is required).
// Throws cs::Error for an unknown type or a value torch would reject.
OptimizerConfig optimizer_config_from_json(const nlohmann::json& j);
nlohmann::json optimizer_config_to_json(const OptimizerConfig& config);
// "SGD (lr 0.9)" — for display.
std::string optimizer_summary(const OptimizerConfig& config);

class Optimizer {
  public:
    virtual ~Optimizer() = default;

    // Applies one update to every parameter from its grad. The parameter list must be the
    // same (names and shapes) at every call.
    virtual void step(std::vector<Parameter>& params) = 0;

    // Names of the per-parameter state buffers, e.g. {"momentum_buffer"} or
    // {"exp_avg", "exp_avg_sq"} as in torch's optimizer.state_dict().
    virtual std::vector<std::string> buffer_names() const = 0;

    // Number of step() calls so far (Adam's bias correction depends on it).
    int64_t steps() const { return steps_; }
    // buffers()[p][k]: buffer k of parameter p; empty until the first step.
    const std::vector<std::vector<Tensor>>& buffers() const { return buffers_; }

    // Restores saved state. Throws cs::Error if the buffers do not fit `params`.
    void load_state(int64_t steps, std::vector<std::vector<Tensor>> buffers,
                    const std::vector<Parameter>& params);

  protected:
    // Creates zero buffers on the first step and checks the parameters on later ones.
    void prepare(const std::vector<Parameter>& params);

    int64_t steps_ = 0;
    std::vector<std::vector<Tensor>> buffers_;
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config);

}  // namespace cs
