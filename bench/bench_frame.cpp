// Paints one animation frame of the convolution lesson offscreen — a 32×32 input, a 3×3
// kernel, the arithmetic panel and the output grid — as the canvas does at 60 frames per second.
// Target: at most 8 ms a frame.
#include <benchmark/benchmark.h>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson_controller.hpp"

namespace {

cs::core::Lesson lesson_32x32() {
    cs::core::Lesson lesson;
    lesson.input = cs::Tensor({1, 1, 32, 32});
    for (int64_t i = 0; i < lesson.input.numel(); ++i) {
        lesson.input.data()[i] = static_cast<float>(i % 9);
    }
    lesson.weight = cs::Tensor({1, 1, 3, 3}, std::vector<float>{1, 0, -1, 2, 0, -2, 1, 0, -1});
    lesson.params = {{"padding", 1}};
    lesson.title_en = "Convolution 32×32";
    return lesson;
}

void BM_paint_frame_32x32(benchmark::State& state) {
    cs::core::LessonController controller;
    controller.set_lesson(lesson_32x32());
    controller.set_step(500);
    QImage image(1600, 1000, QImage::Format_ARGB32_Premultiplied);
    const cs::core::Theme theme;
    double phase = 0.0;
    for (auto _ : state) {
        // A mid-glide frame: the state includes the trace of the next step as well.
        phase = phase > 0.9 ? 0.1 : phase + 0.1;
        const cs::core::FrameState frame = cs::core::frame_state(controller, phase);
        QPainter painter(&image);
        cs::core::paint_frame(painter, QRectF(0, 0, 1600, 1000), frame, theme);
        painter.end();
        benchmark::DoNotOptimize(image.constBits());
    }
}
BENCHMARK(BM_paint_frame_32x32)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
