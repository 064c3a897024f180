// The shipped lessons' examples show their concept, and the canvas keeps its drawing legible.
#include <catch2/catch.hpp>

#include <QImage>
#include <QPainter>
#include <QPainterPathStroker>
#include <QTest>

#include <fstream>
#include <nlohmann/json.hpp>

#include <set>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/gui/lesson_canvas.hpp"
#include "app/gui/lesson_list.hpp"
#include "app/gui/mainwindow.hpp"
#include "gui_helpers.hpp"

using cs::Tensor;
using cs::core::LessonController;

namespace {

LessonController& open(LessonController& controller, const QString& name) {
    controller.set_lesson(cs::core::read_lesson(
        cs::test::resource_path(QString("resources/lessons/%1.json").arg(name))));
    REQUIRE(controller.valid());
    return controller;
}

}  // namespace

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
                    const cs::core::FrameLayout layout =
                        cs::core::paint_frame(painter, QRectF(QPointF(0, 0), size),
                                              cs::core::frame_state(controller), theme);
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
                        INFO("size " << size.width() << "x" << size.height() << ", scale " << scale
                                     << ", step " << step << ", box at " << box.x() << ", "
                                     << box.y());
                        CHECK_FALSE(line.intersects(box));
                    }
                }
            }
        }
    }
    CHECK(links > 100);
}

TEST_CASE("dilation lesson: the output varies, so dilation visibly changes the result") {
    LessonController controller;
    open(controller, "conv_7x7_dilation2");
    const auto dilated = controller.output().values();
    CHECK(std::set<float>(dilated.begin(), dilated.end()).size() > 3);
    // Without dilation the same kernel gives other numbers on the cells both read.
    controller.set_param("dilation", 1);
    REQUIRE(controller.valid());
    const Tensor& plain = controller.output();
    CHECK(plain(0, 0, 2, 2) != dilated[4]);
}

TEST_CASE("lessons: every matrix lesson shows PyTorch's numbers") {
    // tests/golden/gen_lessons.py: F.conv2d, F.conv_transpose2d, F.lp_pool2d … of each lesson.
    std::ifstream file(cs::test::resource_path("tests/golden/lessons.json").toStdString());
    REQUIRE(file.good());
    const nlohmann::json fixture = nlohmann::json::parse(file);
    REQUIRE(fixture["cases"].size() >= 15);
    for (const auto& c : fixture["cases"]) {
        const QString name = QString::fromStdString(c["name"].get<std::string>());
        INFO(name.toStdString());
        LessonController controller;
        open(controller, name);
        const auto got = controller.output().values();
        const auto want = c["expected"]["data"].get<std::vector<double>>();
        REQUIRE(got.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            CHECK(got[i] == Approx(want[i]).epsilon(1e-6).margin(1e-6));
        }
    }
}

TEST_CASE("RGB lesson: the three channels hold different pictures") {
    LessonController controller;
    const Tensor& x = open(controller, "conv_rgb_3x3x3").lesson().input;
    REQUIRE(x.size(1) == 3);
    const int64_t plane = x.size(2) * x.size(3);
    const auto v = x.values();
    for (int64_t c = 0; c < 3; ++c) {
        // Rows differ within a channel (not one row repeated) …
        CHECK(std::set<float>(v.begin() + c * plane, v.begin() + (c + 1) * plane).size() > 2);
        CHECK_FALSE(std::equal(v.begin() + c * plane, v.begin() + c * plane + x.size(3),
                               v.begin() + c * plane + x.size(3)));
        // … and from the other channels.
        for (int64_t d = c + 1; d < 3; ++d) {
            CHECK_FALSE(std::equal(v.begin() + c * plane, v.begin() + (c + 1) * plane,
                                   v.begin() + d * plane));
        }
    }
}

TEST_CASE("transposed lessons: the kernel is not symmetric, so its 180 degree turn shows") {
    for (const QString name :
         {"transpose_3x3_s2_p1", "transpose_3x3_s2_p1_op1", "transpose_compare"}) {
        INFO(name.toStdString());
        LessonController controller;
        const Tensor& w = open(controller, name).lesson().weight;
        const auto v = w.values();
        CHECK_FALSE(std::equal(v.begin(), v.end(), v.rbegin()));
    }
}

TEST_CASE("L2 pooling lesson: the panel writes out every square before the root") {
    LessonController controller;
    open(controller, "pool_lp2");
    REQUIRE(controller.current_trace().has_value());
    // The first window holds 1, 3, 5, 6.
    CHECK(cs::core::arithmetic_text(*controller.current_trace(), 2.0) ==
          QString("1² + 3² + 5² + 6² = 1 + 9 + 25 + 36 = 71  →  √71 = 8.426"));
    const cs::core::FrameState state = cs::core::frame_state(controller);
    CHECK(cs::core::arithmetic_text(*state.trace, 3.0).startsWith("1³ + 3³"));
}

TEST_CASE("ceil-mode pooling lesson: the window's cells off the grid are marked") {
    LessonController controller;
    open(controller, "pool_avg_3x3_ceil");
    const auto off_grid = [&](int64_t step) {
        controller.set_step(step);
        QImage image(1280, 720, QImage::Format_RGB32);
        QPainter painter(&image);
        return cs::core::paint_frame(painter, QRectF(0, 0, 1280, 720),
                                     cs::core::frame_state(controller), {})
            .off_grid_cells;
    };
    CHECK(off_grid(0) == 0);  // the first window lies on the padded grid
    // The last window (3, 3) starts at padded (6, 6): its row 8 and column 8 are off the 8×8
    // grid, 5 of its 9 cells.
    CHECK(off_grid(controller.total_steps() - 1) == 5);
    CHECK(off_grid(3) == 3);  // window (0, 3): its column 8
}

TEST_CASE(
    "canvas: presenter mode at 1280x800 draws grid digits at least 18 px and no text overlaps") {
    for (const QString language : {"en", "zh_CN"}) {
        cs::gui::MainWindow window;
        window.resize(1280, 800);
        window.show();
        window.set_language(language);
        window.set_presenter_mode(true);
        window.showNormal();  // the offscreen screen is 800×800: the projector's size instead
        window.resize(1280, 800);
        QTest::qWait(100);
        int grids = 0;
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
            INFO(path.toStdString() << " in " << language.toStdString());
            REQUIRE(window.open_lesson(path));
            window.controller()->set_step(
                std::min<int64_t>(4, std::max<int64_t>(0, window.controller()->total_steps() - 1)));
            QTest::qWait(20);
            const QSize size = window.canvas()->size();
            window.canvas()->grab();  // paints, and so lays out
            const cs::core::FrameLayout& layout = window.canvas()->layout();
            CHECK(size.width() >= 1000);
            if (lesson.image_path.isEmpty() && lesson.view.show_values) {
                ++grids;
                CHECK(layout.digit_px >= 18);
            }
            std::vector<QRectF> texts = layout.text_boxes;
            texts.insert(texts.end(), layout.sign_boxes.begin(), layout.sign_boxes.end());
            const QRectF canvas(QPointF(0, 0), QSizeF(size));
            for (size_t i = 0; i < texts.size(); ++i) {
                INFO("text box at " << texts[i].x() << ", " << texts[i].y() << " size "
                                    << texts[i].width() << "x" << texts[i].height());
                CHECK(canvas.contains(texts[i]));
                for (size_t j = i + 1; j < texts.size(); ++j) {
                    CHECK_FALSE(texts[i].intersects(texts[j]));
                }
                for (const auto* cells :
                     {&layout.input_cells, &layout.kernel_cells, &layout.output_cells}) {
                    for (const auto& cell : *cells) {
                        CHECK_FALSE(texts[i].intersects(cell.rect.adjusted(1, 1, -1, -1)));
                    }
                }
            }
        }
        CHECK(grids > 10);
    }
}

TEST_CASE("canvas: zoomed text never overlaps or leaves the canvas") {
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
        LessonController controller;
        controller.set_lesson(lesson);
        controller.set_step(
            std::min<int64_t>(4, std::max<int64_t>(0, controller.total_steps() - 1)));
        // The canvas of a 1280×800 and a 1600×1000 window; Ctrl + in presenter mode.
        for (const QSizeF size : {QSizeF(1280, 690), QSizeF(1600, 880)}) {
            for (const double scale : {1.0, 1.6, 2.6}) {
                INFO(path.toStdString()
                     << " at " << size.width() << "x" << size.height() << ", scale " << scale);
                cs::core::Theme theme;
                theme.font_scale = scale;
                QImage image(size.toSize(), QImage::Format_RGB32);
                QPainter painter(&image);
                const cs::core::FrameLayout layout = cs::core::paint_frame(
                    painter, QRectF(QPointF(0, 0), size), cs::core::frame_state(controller), theme);
                std::vector<QRectF> texts = layout.text_boxes;
                texts.insert(texts.end(), layout.sign_boxes.begin(), layout.sign_boxes.end());
                CHECK(texts.size() >= 3);  // title, formula, step
                for (size_t i = 0; i < texts.size(); ++i) {
                    INFO("text box at " << texts[i].x() << ", " << texts[i].y() << " size "
                                        << texts[i].width() << "x" << texts[i].height());
                    CHECK(QRectF(QPointF(0, 0), size).contains(texts[i]));
                    for (size_t j = i + 1; j < texts.size(); ++j) {
                        CHECK_FALSE(texts[i].intersects(texts[j]));
                    }
                }
            }
        }
    }
}
