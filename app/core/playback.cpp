#include "app/core/playback.hpp"

#include <algorithm>

#include "app/core/lesson_controller.hpp"

namespace cs::core {

Playback::Playback(LessonController* controller, QObject* parent)
    : QObject(parent), controller_(controller) {
    timer_.setInterval(16);  // about 60 frames per second
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, &Playback::tick);
    connect(controller_, &LessonController::lesson_changed, this, [this] {
        if (!controller_->valid()) {
            pause();
        }
    });
}

void Playback::play() {
    if (!controller_->valid() || controller_->total_steps() == 0) {
        return;
    }
    if (controller_->step() + 1 >= controller_->total_steps()) {
        controller_->set_step(0);  // play from the start again after the end
    }
    phase_ = 0.0;
    clock_.start();
    timer_.start();
    emit playing_changed(true);
}

void Playback::pause() {
    if (!timer_.isActive()) {
        return;
    }
    timer_.stop();
    phase_ = 0.0;
    emit playing_changed(false);
    emit frame();
}

void Playback::toggle() {
    playing() ? pause() : play();
}

void Playback::set_speed(int steps_per_second) {
    steps_per_second_ = std::clamp(steps_per_second, 1, 60);
}

void Playback::step_forward() {
    phase_ = 0.0;
    controller_->set_step(controller_->step() + 1);
    emit frame();
}

void Playback::step_back() {
    phase_ = 0.0;
    controller_->set_step(controller_->step() - 1);
    emit frame();
}

void Playback::to_start() {
    pause();
    controller_->set_step(0);
    emit frame();
}

void Playback::to_end() {
    pause();
    controller_->set_step(controller_->total_steps() - 1);
    emit frame();
}

// Advances by real elapsed time, so the speed holds even when a frame is late.
void Playback::tick() {
    const double seconds = static_cast<double>(clock_.restart()) / 1000.0;
    phase_ += seconds * steps_per_second_;
    while (phase_ >= 1.0) {
        phase_ -= 1.0;
        if (controller_->step() + 1 >= controller_->total_steps()) {
            pause();
            return;
        }
        controller_->set_step(controller_->step() + 1);
    }
    // The last step has nowhere to glide to.
    if (controller_->step() + 1 >= controller_->total_steps()) {
        phase_ = 0.0;
    }
    emit frame();
}

}  // namespace cs::core
