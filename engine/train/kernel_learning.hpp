#pragma once
// Learning a convolution kernel from an image and its filtered version (d2l 6.2.4, "Learning a
// Kernel"): start from a random kernel K, and repeat
//   Ŷ = conv2d(X, K),  loss = Σ (Ŷ − Y)²,  K ← K − lr · ∂loss/∂K
// until K has become the kernel that made Y. d2l's example is a vertical-edge detector: X is
// 6×8 ones with columns 2–5 zero, Y = conv2d(X, [[1, −1]]), and a 1×2 kernel started at random
// reaches about [1, −1] in 10 steps with lr 3·10⁻². The same works for any kernel, e.g. a 3×3
// Sobel or Laplacian filter learned from a photo and its filtered version.
//
// One "epoch" is one gradient step over the whole image, as in d2l. The GUI calls step() on a
// timer and animates the kernel and the loss.
#include <cstdint>
#include <optional>

#include "engine/ops/common.hpp"
#include "engine/tensor.hpp"

namespace cs {

enum class LossReduction {
    sum,   // Σ (Ŷ − Y)², as d2l; the step size then grows with the image, so lr must shrink
    mean,  // the mean: the same lr works for an image of any size
};

struct KernelLearningParams {
    Pair kernel_size{1, 2};
    Pair padding{0, 0};
    double lr = 3e-2;
    LossReduction reduction = LossReduction::sum;
    // The starting kernel (KH, KW); absent: drawn from Pcg32(seed) like torch's default for a
    // conv layer, U(−1/√(KH·KW), 1/√(KH·KW)).
    std::optional<Tensor> initial_kernel{};
    uint64_t seed = 0;
};

struct KernelEpoch {
    int64_t epoch = 0;  // from 1
    double loss = 0.0;  // of the kernel before this step, as d2l prints it
    Tensor kernel;      // (KH, KW) after the step
};

class KernelLearner {
  public:
    // input (H, W) and target (OH, OW) = conv2d(input, some kernel of kernel_size) with the
    // given padding. Throws cs::Error when the target's shape does not fit.
    KernelLearner(Tensor input, Tensor target, KernelLearningParams params);

    // One gradient-descent step over the whole image.
    KernelEpoch step();

    const Tensor& kernel() const { return kernel_; }  // (KH, KW)
    int64_t epochs_done() const { return epochs_; }
    // conv2d(input, kernel) with the current kernel, (OH, OW).
    Tensor prediction() const;
    // The loss of the current kernel.
    double loss() const;

  private:
    Tensor input_;   // (1, 1, H, W)
    Tensor target_;  // (1, 1, OH, OW)
    KernelLearningParams params_;
    Tensor kernel_;  // (KH, KW)
    int64_t epochs_ = 0;
};

// d2l's example: X (6, 8) ones with columns 2–5 zero, the kernel [[1, −1]], Y = conv2d(X, K)
// (6, 7): 1 where X steps from 1 to 0, −1 where it steps back, 0 elsewhere.
struct KernelExample {
    Tensor input;
    Tensor kernel;
    Tensor target;
};
KernelExample d2l_edge_example();
// Y = conv2d(image, kernel) for an (H, W) image and a (KH, KW) kernel, e.g. a Sobel filter.
KernelExample make_kernel_example(const Tensor& image, const Tensor& kernel, Pair padding = {});

// A learning rate that converges for this input: 1 / λmax, where λmax is the largest eigenvalue
// of the loss's Hessian (2·Σ patch·patchᵀ, divided by the number of output cells for the
// mean). Gradient descent on a quadratic loss converges for lr < 2 / λmax, so this is half the
// limit: fast, and safely stable.
double suggested_learning_rate(const Tensor& input, Pair kernel_size, Pair padding,
                               LossReduction reduction);

}  // namespace cs
