#pragma once
// The lesson's description beside the canvas, in the window's language: what the lesson
// shows and what to try ("tick flip kernel", "hover a pixel"). Hidden when the lesson has none
// and on pages whose own header already shows it.
#include <QLabel>

#include "app/core/theme.hpp"

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class Language;

// A lesson page whose own header shows the lesson's description sets this property to true
// (the Laplacian, channels and activation pages); the window then shows no second copy.
inline constexpr char shows_description_property[] = "shows_description";

class LessonDescription : public QLabel {
    Q_OBJECT
  public:
    LessonDescription(core::LessonController* controller, const Language* language,
                      QWidget* parent = nullptr);

    void set_theme(const core::Theme& theme);
    // Whether the page on screen shows the description itself.
    void set_page_shows_it(bool shows);
    void refresh();

  protected:
    void changeEvent(QEvent* event) override;

  private:
    core::LessonController* controller_;
    const Language* language_;
    core::Theme theme_;
    bool page_shows_it_ = false;
};

}  // namespace cs::gui
