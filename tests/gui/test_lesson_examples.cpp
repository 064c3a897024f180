// The shipped lessons' examples show their concept, and the canvas keeps its drawing legible.
#include <catch2/catch.hpp>

#include <QImage>
#include <QPainter>
#include <QPainterPathStroker>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/gui/lesson_list.hpp"
#include "gui_helpers.hpp"

using cs::core::LessonController;

TEST_CASE("canvas: the link from the window to its output cell crosses no number or sign") {
    int links = 0;
    for (const QString& path : cs::gui::LessonList::lesson_paths()) {
        cs::core::Lesson lesson;
        try {
            lesson = cs::core::read_lesson(path);
        } catch (const std::exception&) {
            continue;  // a training lesson
        }
        if (!lesson.view.page.empty()) {
            continue;  // pages draw no canvas
        }
        INFO(path.toStdString());
        LessonController controller;
        controller.set_lesson(lesson);
        for (const QSizeF size : {QSizeF(760, 560), QSizeF(1200, 700), QSizeF(1900, 1000)}) {
            for (const double scale : {1.0, 1.6}) {
                cs::core::Theme theme;
                theme.font_scale = scale;
                const int64_t steps = controller.total_steps();
                for (int64_t step = 0; step < steps; step += std::max<int64_t>(1, steps / 12)) {
                    controller.set_step(step);
                    QImage image(size.toSize(), QImage::Format_RGB32);
                    QPainter painter(&image);
                    const cs::core::FrameLayout layout = cs::core::paint_frame(
                        painter, QRectF(QPointF(0, 0), size), cs::core::frame_state(controller),
                        theme);
                    if (layout.connector.isEmpty()) {
                        continue;
                    }
                    ++links;
                    QPainterPathStroker stroker;
                    stroker.setWidth(2);
                    const QPainterPath line = stroker.createStroke(layout.connector);
                    std::vector<QRectF> boxes = layout.sign_boxes;
                    for (const auto* cells :
                         {&layout.input_cells, &layout.kernel_cells, &layout.output_cells}) {
                        for (const auto& cell : *cells) {
                            // Touching a grid's border where the link ends is fine.
                            boxes.push_back(cell.rect.adjusted(2, 2, -2, -2));
                        }
                    }
                    for (const QRectF& box : boxes) {
                        INFO("size " << size.width() << "x" << size.height() << ", scale "
                                     << scale << ", step " << step << ", box at " << box.x()
                                     << ", " << box.y());
                        CHECK_FALSE(line.intersects(box));
                    }
                }
            }
        }
    }
    CHECK(links > 100);
}
