#pragma once
// Stochastic gradient descent with optional momentum, dampening, Nesterov look-ahead and weight
// decay, as torch.optim.SGD.
#include "engine/train/optimizer.hpp"

namespace cs {

class Sgd : public Optimizer {
  public:
    explicit Sgd(const SgdConfig& config) : config_(config) {}
    void step(std::vector<Parameter>& params) override;
    std::vector<std::string> buffer_names() const override;
    const SgdConfig& config() const { return config_; }

  private:
    SgdConfig config_;
};

}  // namespace cs
