#pragma once
// Plays d2l 6.2.4 "Learning a kernel": one gradient step per tick of a timer, keeping the loss
// of every epoch for the curve. A step over a small image costs microseconds, so it runs on the
// UI thread; images are shrunk to at most 64×64 so that this stays true.
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

#include "engine/train/kernel_learning.hpp"

namespace cs::core {

class KernelLearningController : public QObject {
    Q_OBJECT
  public:
    explicit KernelLearningController(QObject* parent = nullptr);

    // d2l's example: X 6×8 with a zero band, Y = X ⋆ [1, −1], lr 3·10⁻², squared error.
    void use_d2l_example();
    // Y = image ⋆ kernel (e.g. Sobel or a kernel the student drew), learned from a random
    // kernel of the same size with the mean squared error and a learning rate that converges.
    // `image` is (H, W) in [0, 1].
    void use_kernel_on_image(const Tensor& image, const Tensor& kernel);
    // Starts again from the same random kernel.
    void reset();

    KernelEpoch step();
    void play();
    void pause();
    bool playing() const { return timer_->isActive(); }
    void set_interval_ms(int ms) { timer_->setInterval(ms); }
    // Playing stops by itself after this many epochs or when the loss is this small.
    static constexpr int64_t max_epochs = 400;
    static constexpr double converged_loss = 1e-8;

    const KernelExample& example() const { return example_; }
    const KernelLearner& learner() const { return *learner_; }
    double learning_rate() const { return params_.lr; }
    const std::vector<double>& losses() const { return losses_; }  // losses_[e]: before step e+1

  signals:
    void example_changed();
    void stepped();
    void playing_changed(bool playing);

  private:
    void restart();

    KernelExample example_;
    KernelLearningParams params_;
    std::unique_ptr<KernelLearner> learner_;
    std::vector<double> losses_;
    QTimer* timer_;
};

// A grayscale picture (H, W) in [0, 1] from a file or a Qt resource, shrunk to at most
// `max_side` pixels. Throws cs::Error when it cannot be decoded.
Tensor load_gray_plane(const QString& path, int max_side = 64);

}  // namespace cs::core
