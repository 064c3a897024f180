#include "app/gui/page_image_picker.hpp"

#include <QCoreApplication>
#include <QFileDialog>
#include <QLabel>

#include "app/core/background.hpp"
#include "app/core/lesson.hpp"
#include "app/core/lesson_controller.hpp"

namespace cs::gui {

void pick_page_image(QWidget* page, core::LessonController* controller, QLabel* status,
                     const std::function<void(const QString&)>& on_error) {
    const QString path = QFileDialog::getOpenFileName(
        page, QCoreApplication::translate("PageImagePicker", "Open Image"), QString(),
        QCoreApplication::translate(
            "PageImagePicker",
            "Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    status->setText(QCoreApplication::translate("PageImagePicker", "Loading %1…").arg(path));
    core::run_in_background(
        page, [path] { return core::read_image(path); },
        [controller, path, on_error](std::optional<Tensor> image, const QString& error) {
            if (!image) {
                on_error(error);
                return;
            }
            controller->set_image(std::move(*image), path);
        });
}

}  // namespace cs::gui
