#pragma once
// "Open Image…" on a lesson page: asks for a file, decodes it off the UI thread and gives it
// to the lesson controller, reporting progress on `status` and failures through `on_error`.
#include <QString>
#include <functional>

class QLabel;
class QWidget;

namespace cs::core {
class LessonController;
}

namespace cs::gui {

void pick_page_image(QWidget* page, core::LessonController* controller, QLabel* status,
                     const std::function<void(const QString&)>& on_error);

}  // namespace cs::gui
