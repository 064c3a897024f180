#pragma once
// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization") as torch.optim.Adam:
// running means of the gradient and of its square, both corrected for their start at zero.
#include "engine/train/optimizer.hpp"

namespace cs {

class Adam : public Optimizer {
  public:
    explicit Adam(const AdamConfig& config) : config_(config) {}
    void step(std::vector<Parameter>& params) override;
    std::vector<std::string> buffer_names() const override { return {"exp_avg", "exp_avg_sq"}; }
    const AdamConfig& config() const { return config_; }

  private:
    AdamConfig config_;
};

}  // namespace cs
