#include "app/core/kernel_learning_controller.hpp"

#include "app/core/lesson.hpp"
#include "engine/error.hpp"
#include "engine/image_io.hpp"

namespace cs::core {

KernelLearningController::KernelLearningController(QObject* parent)
    : QObject(parent), timer_(new QTimer(this)) {
    timer_->setInterval(120);
    connect(timer_, &QTimer::timeout, this, [this] {
        step();
        if (learner_->epochs_done() >= max_epochs || losses_.back() < converged_loss) {
            pause();
        }
    });
    use_d2l_example();
}

void KernelLearningController::use_d2l_example() {
    example_ = d2l_edge_example();
    params_ = KernelLearningParams{};  // 1×2 kernel, lr 3e-2, summed squared error, as d2l
    restart();
}

void KernelLearningController::use_kernel_on_image(const Tensor& image, const Tensor& kernel) {
    require(kernel.dim() == 2, "the kernel to learn must be 2-D");
    example_ = make_kernel_example(image, kernel);
    params_ = KernelLearningParams{};
    params_.kernel_size = {kernel.size(0), kernel.size(1)};
    params_.reduction = LossReduction::mean;
    params_.lr = suggested_learning_rate(image, params_.kernel_size, {0, 0}, params_.reduction);
    restart();
}

void KernelLearningController::restart() {
    pause();
    learner_ = std::make_unique<KernelLearner>(example_.input, example_.target, params_);
    losses_.clear();
    emit example_changed();
}

void KernelLearningController::reset() {
    restart();
}

KernelEpoch KernelLearningController::step() {
    KernelEpoch epoch = learner_->step();
    losses_.push_back(epoch.loss);
    emit stepped();
    return epoch;
}

void KernelLearningController::play() {
    if (!timer_->isActive()) {
        timer_->start();
        emit playing_changed(true);
    }
}

void KernelLearningController::pause() {
    if (timer_->isActive()) {
        timer_->stop();
        emit playing_changed(false);
    }
}

Tensor load_gray_plane(const QString& path, int max_side) {
    LoadOptions options;
    options.grayscale = true;
    options.max_side = max_side;
    const Tensor image = read_image(path, options);  // (1, 1, H, W); a file or a resource
    return image.reshaped({image.size(2), image.size(3)});
}

}  // namespace cs::core
