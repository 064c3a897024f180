#pragma once
// Play/pause, step forward/back, to start/end, speed and a scrub bar over all steps.
#include <QWidget>

class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;

namespace cs::core {
class LessonController;
class Playback;
}  // namespace cs::core

namespace cs::gui {

// A lesson page whose drawing follows the steps sets this property to true (the canvas, the
// pooling backward page). On other pages the window hides the play bar and its keys: stepping
// there would change nothing on screen.
inline constexpr char follows_steps_property[] = "follows_steps";

class PlaybackBar : public QWidget {
    Q_OBJECT
  public:
    PlaybackBar(core::LessonController* controller, core::Playback* playback,
                QWidget* parent = nullptr);

    QSlider* scrub() const { return scrub_; }
    QToolButton* play_button() const { return play_; }
    QSpinBox* speed() const { return speed_; }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void sync();

    core::LessonController* controller_;
    core::Playback* playback_;
    QToolButton* start_ = nullptr;
    QToolButton* back_ = nullptr;
    QToolButton* play_ = nullptr;
    QToolButton* forward_ = nullptr;
    QToolButton* end_ = nullptr;
    QSlider* scrub_ = nullptr;
    QSpinBox* speed_ = nullptr;
    QLabel* step_label_ = nullptr;
    QLabel* speed_label_ = nullptr;
};

}  // namespace cs::gui
