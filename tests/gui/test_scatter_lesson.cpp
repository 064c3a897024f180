// "Transposed convolution as scatter": each step is one input cell stamping value × kernel
// onto the output, whose running sums the frame shows, as d2l 14.10 draws it.
#include <catch2/catch.hpp>

#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/stamp_painter.hpp"
#include "app/gui/lesson_canvas.hpp"
#include "app/gui/mainwindow.hpp"
#include "gui_helpers.hpp"

using cs::Tensor;
using cs::core::LessonController;

namespace {

// out[iy + ky, ix + kx] += x[iy, ix] · k[ky, kx] for the first `count` input cells (stride 1,
// no padding): the partial sums, written out as a test may.
std::vector<float> partial_sums(const Tensor& x, const Tensor& k, int64_t count) {
    const int64_t H = x.size(2), W = x.size(3), KH = k.size(2), KW = k.size(3);
    const int64_t OW = W + KW - 1;
    std::vector<float> out(static_cast<size_t>((H + KH - 1) * OW), 0.0f);
    for (int64_t i = 0; i < count; ++i) {
        for (int64_t ky = 0; ky < KH; ++ky) {
            for (int64_t kx = 0; kx < KW; ++kx) {
                out[static_cast<size_t>((i / W + ky) * OW + i % W + kx)] +=
                    x(0, 0, i / W, i % W) * k(0, 0, ky, kx);
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE("scatter lesson: step k shows input cells 0 to k stamped with their running sums") {
    LessonController controller;
    controller.set_lesson(cs::core::read_lesson(
        cs::test::resource_path("resources/lessons/transpose_scatter_2x2.json")));
    REQUIRE(controller.valid());
    REQUIRE(controller.steps_by_stamps());
    const Tensor& x = controller.animation_call().input;
    const Tensor& k = controller.animation_call().weight;
    REQUIRE(controller.total_steps() == x.numel());  // one step per input cell
    for (int64_t step = 0; step < controller.total_steps(); ++step) {
        INFO("step " << step);
        controller.set_step(step);
        const cs::core::FrameState state = cs::core::frame_state(controller);
        REQUIRE(state.stamp.has_value());
        CHECK(state.stamp->index == step);
        CHECK(state.stamp->value == x.data()[step]);
        CHECK(state.stamped_before.values() == partial_sums(x, k, step));
        CHECK(state.stamped_after.values() == partial_sums(x, k, step + 1));
        // A cell shows its running sum once a stamp 0 … k has reached it.
        const int64_t OW = x.size(3) + k.size(3) - 1;
        for (size_t cell = 0; cell < state.stamped_cells.size(); ++cell) {
            const int64_t y = static_cast<int64_t>(cell) / OW, c = static_cast<int64_t>(cell) % OW;
            bool reached = false;
            for (int64_t i = 0; i <= step; ++i) {
                const int64_t dy = y - i / x.size(3), dx = c - i % x.size(3);
                reached = reached || (dy >= 0 && dy < k.size(2) && dx >= 0 && dx < k.size(3));
            }
            CHECK((state.stamped_cells[cell] == 1) == reached);
        }
        CHECK(cs::core::stamp_text(state).startsWith(
            QString("Stamp %1 of %2").arg(step + 1).arg(x.numel())));
        // The frame draws the input, kernel and running sums, and no sliding window's output.
        QImage image(1280, 720, QImage::Format_RGB32);
        QPainter painter(&image);
        const cs::core::FrameLayout layout =
            cs::core::paint_frame(painter, QRectF(0, 0, 1280, 720), state, {});
        CHECK(layout.input_cells.size() == static_cast<size_t>(x.numel()));
        CHECK(layout.output_cells.size() == controller.output().values().size());
    }
    // After the last stamp the running sums are F.conv_transpose2d's output (d2l: Y =
    // [[0, 0, 1], [0, 4, 6], [4, 12, 9]]).
    CHECK(controller.stamped_after().values() == controller.output().values());
    CHECK(controller.output().values() == std::vector<float>{0, 0, 1, 0, 4, 6, 4, 12, 9});
}

TEST_CASE("scatter lesson: the insert view steps through the output again") {
    LessonController controller;
    controller.set_lesson(cs::core::read_lesson(
        cs::test::resource_path("resources/lessons/transpose_scatter_2x2.json")));
    controller.set_step(3);
    controller.set_trace_view("insert");
    CHECK_FALSE(controller.steps_by_stamps());
    CHECK(controller.total_steps() == controller.output().numel());
    CHECK(controller.current_trace().has_value());
    CHECK_FALSE(controller.current_stamp().has_value());
    controller.set_trace_view("scatter");
    CHECK(controller.total_steps() == 4);
    CHECK(controller.step() <= 3);
    CHECK(controller.current_stamp().has_value());
}

TEST_CASE("scatter lesson: hovering an output cell names its running sum") {
    cs::gui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    REQUIRE(window.open_lesson(
        cs::test::resource_path("resources/lessons/transpose_scatter_2x2.json")));
    window.controller()->set_step(1);  // x[0, 1] = 1 has stamped: y[1, 1] holds 2 (final: 4)
    cs::gui::LessonCanvas* canvas = window.canvas();
    QTest::qWait(50);
    // The canvas lays out as the shared painter does for its size.
    QImage image(canvas->size(), QImage::Format_RGB32);
    QPainter painter(&image);
    const cs::core::FrameLayout layout =
        cs::core::paint_frame(painter, QRectF(QPointF(0, 0), QSizeF(canvas->size())),
                              cs::core::frame_state(*window.controller()), canvas->theme());
    QRectF cell;
    for (const auto& c : layout.output_cells) {
        if (c.row == 1 && c.col == 1) {
            cell = c.rect;
        }
    }
    REQUIRE_FALSE(cell.isNull());
    QSignalSpy said(canvas, &cs::gui::LessonCanvas::hover_text);
    QTest::mouseMove(canvas, cell.center().toPoint());
    REQUIRE(cs::test::wait_until([&] { return !said.isEmpty(); }, 1000));
    CHECK(said.last().first().toString() == "output (1, 1) = 2");
}
