#pragma once
// Playback of a lesson's steps: play/pause, speed, and a smooth phase between two steps so that
// the kernel window glides at 60 frames per second instead of jumping.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace cs::core {

class LessonController;

class Playback : public QObject {
    Q_OBJECT
  public:
    explicit Playback(LessonController* controller, QObject* parent = nullptr);

    bool playing() const { return timer_.isActive(); }
    double phase() const { return phase_; }  // 0..1 between the current step and the next
    int speed() const { return steps_per_second_; }

  public slots:
    void play();
    void pause();
    void toggle();
    void set_speed(int steps_per_second);
    void step_forward();
    void step_back();
    void to_start();
    void to_end();

  signals:
    void playing_changed(bool playing);
    void frame();  // repaint: the phase or the step moved

  private:
    void tick();

    LessonController* controller_;
    QTimer timer_;
    QElapsedTimer clock_;
    double phase_ = 0.0;
    int steps_per_second_ = 2;
};

}  // namespace cs::core
