// The Training tab: training off the UI thread with pause/resume/cancel, the inspect view's
// probabilities, learning a kernel, and a missing data set.
#include <catch2/catch.hpp>

#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>

#include <cmath>

#include "app/core/inspect_model.hpp"
#include "app/core/kernel_learning_controller.hpp"
#include "app/core/training_controller.hpp"
#include "app/core/training_data.hpp"
#include "app/core/training_shipped.hpp"
#include "app/gui/inspect_page.hpp"
#include "app/gui/inspect_probabilities.hpp"
#include "app/gui/language.hpp"
#include "app/gui/training_page.hpp"
#include "app/gui/training_tab.hpp"
#include "engine/model/onnx_import.hpp"
#include "engine/train/graph_learner.hpp"
#include "engine/train/predict.hpp"
#include "fashion_mnist_data.hpp"
#include "gui_helpers.hpp"

using cs::core::TrainingController;

TEST_CASE("training controller: trains off the UI thread, pauses, resumes and cancels") {
    auto& data = cs::test::fashion_mnist_data();
    TrainingController controller;
    controller.set_snapshot_interval_ms(0);
    controller.set_lesson(cs::core::shipped_lesson("lenet_modern"));
    int progress_count = 0;
    int snapshots = 0;
    std::vector<cs::EpochReport> epochs;
    QObject::connect(&controller, &TrainingController::progress,
                     [&](const cs::core::TrainingProgress&) { ++progress_count; });
    QObject::connect(&controller, &TrainingController::snapshot_changed, [&] { ++snapshots; });
    QObject::connect(&controller, &TrainingController::epoch_finished,
                     [&](const cs::EpochReport& r) { epochs.push_back(r); });
    // A timer on the UI thread keeps firing while training runs: the window stays responsive.
    int ticks = 0;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] { ++ticks; });
    timer.start(10);

    cs::EpochOptions options;
    options.batch_size = 64;
    options.limit = 1024;
    options.test_limit = 500;
    controller.start(data.train(), data.test(), 2, options);
    CHECK(controller.state() == TrainingController::State::running);
    REQUIRE(cs::test::wait_until(
        [&] { return controller.state() == TrainingController::State::idle; }, 15000));
    CHECK(epochs.size() == 2);
    CHECK(controller.epochs_done() == 2);
    CHECK(progress_count >= 2 * 16);
    CHECK(snapshots >= 2);
    CHECK(ticks > 0);
    CHECK(epochs.back().test_accuracy > 0.3);

    // Pause stops between batches; resume continues; cancel ends the run without counting it.
    options.limit = 60000;
    controller.start(data.train(), data.test(), 1, options);
    REQUIRE(cs::test::wait_until([&] { return progress_count > 2 * 16 + 3; }));
    controller.pause();
    QElapsedTimer clock;
    clock.start();
    // The batch in flight finishes (slowly under sanitizers), then the worker waits.
    REQUIRE(cs::test::wait_until([&] { return controller.worker_parked(); }, 30000));
    cs::test::wait_until([] { return false; }, 50);  // deliver the last batch's progress
    const int paused_at = progress_count;
    cs::test::wait_until([] { return false; }, 300);
    CHECK(progress_count == paused_at);
    controller.resume();
    REQUIRE(cs::test::wait_until([&] { return progress_count > paused_at; }));
    clock.restart();
    controller.cancel();
    REQUIRE(cs::test::wait_until([&] { return !controller.busy(); }, 2000));
#ifndef CONVSCOPE_SANITIZED
    CHECK(clock.elapsed() < 1000);  // one batch in flight at most
#endif
    CHECK(controller.epochs_done() == 2);
}

TEST_CASE("training controller: a run resumes from a saved weights file") {
    auto& data = cs::test::fashion_mnist_data();
    TrainingController controller;
    controller.set_weights(cs::core::shipped_weights("lenet_d2l"));
    CHECK(controller.epochs_done() == 10);
    CHECK(controller.history().size() == 10);
    cs::EpochOptions options;
    options.limit = 512;
    options.test_limit = 200;
    controller.start(data.train(), data.test(), 1, options);
    REQUIRE(cs::test::wait_until([&] { return !controller.busy(); }, 15000));
    CHECK(controller.epochs_done() == 11);
}

TEST_CASE("training controller: the network exports as ONNX that computes the same scores") {
    TrainingController controller;
    controller.set_weights(cs::core::shipped_weights("lenet_modern"));
    QTemporaryDir dir;
    const QString path = dir.filePath("lenet.onnx");
    controller.export_onnx(path);
    const cs::OnnxModel model = cs::read_onnx_file(path.toStdString());
    CHECK(model.problems.empty());
    const cs::Graph graph = cs::graph_of(*controller.snapshot());
    const cs::Tensor x({1, 1, 28, 28}, 0.5f);
    const cs::Tensor want = graph.run(x).output();
    const cs::Tensor got = model.graph.run(x).output();
    REQUIRE(got.shape() == want.shape());
    for (int64_t i = 0; i < want.numel(); ++i) {
        CHECK(got.data()[i] == Approx(want.data()[i]).margin(1e-5));
    }
}

TEST_CASE("training data: a missing data set gives a clear message, not a crash") {
    cs::core::TrainingData data;
    data.load("/nonexistent/fashion-mnist");
    REQUIRE(cs::test::wait_until([&] { return !data.loading(); }));
    CHECK_FALSE(data.ready());
    CHECK(data.error().contains("fashion-mnist", Qt::CaseInsensitive));

    cs::gui::Language language;
    cs::gui::TrainingTab tab(&language, "/nonexistent/fashion-mnist");
    tab.show();
    REQUIRE(cs::test::wait_until([&] { return !tab.data()->loading(); }));
    CHECK(tab.train_page()->status_label()->text().contains("dataset-fashion-mnist"));
    CHECK_FALSE(tab.train_page()->start_button()->isEnabled());
    // Looking inside still works with the shipped weights and a drawing.
    CHECK(tab.inspect_page()->network() != nullptr);
    CHECK(tab.inspect_page()->inspection().probabilities.size() == 10);

    // Loading a weights file: the Network box names the network it holds.
    QComboBox* network = tab.train_page()->network_box();
    const auto names = cs::core::shipped_lesson_names();
    tab.controller()->set_weights(cs::core::shipped_weights("lenet_d2l"));
    CHECK(network->currentIndex() == names.indexOf("lenet_d2l"));
    tab.controller()->set_weights(cs::core::shipped_weights("lenet_modern"));
    CHECK(network->currentIndex() == names.indexOf("lenet_modern"));
}

TEST_CASE("inspect page: the probabilities equal classify on the same input") {
    cs::gui::Language language;
    cs::gui::TrainingTab tab(&language, "/nonexistent/fashion-mnist");
    auto* page = tab.inspect_page();
    // A drawing: a filled rectangle, like a bag.
    cs::Tensor input({1, 1, 28, 28});
    for (int y = 8; y < 24; ++y) {
        for (int x = 5; x < 23; ++x) {
            input(0, 0, y, x) = 0.8f;
        }
    }
    page->show_input(input);
    const std::vector<cs::ClassScore> scores = cs::classify(*page->network(), input);
    const auto& shown = page->probabilities()->probabilities();
    REQUIRE(shown.size() == 10);
    for (const cs::ClassScore& s : scores) {
        CHECK(shown[static_cast<size_t>(s.label)] == Approx(s.probability).margin(1e-6));
    }
    CHECK(page->inspection().predicted == scores.front().label);
    CHECK(page->inspection().outputs.size() == page->network()->layers().size());
    CHECK(page->prediction_label()->text().contains(
        cs::core::class_names(false)[static_cast<int>(scores.front().label)]));
}

TEST_CASE("inspect page: the confusion matrix is computed off the UI thread") {
    auto& data = cs::test::fashion_mnist_data();
    auto network = std::make_shared<cs::Network>(cs::core::shipped_lesson("lenet_modern").network);
    network->load_parameters(cs::core::shipped_weights("lenet_modern").parameters);
    cs::core::ConfusionJob job;
    bool done = false;
    cs::core::ConfusionMatrix matrix;
    QObject::connect(&job, &cs::core::ConfusionJob::finished,
                     [&](const cs::core::ConfusionMatrix& m) {
                         matrix = m;
                         done = true;
                     });
    job.start(network, data.test(), 2000);
    REQUIRE(cs::test::wait_until([&] { return done; }, 10000));
    CHECK(matrix.total == 2000);
    int64_t sum = 0;
    for (int64_t c : matrix.counts) {
        sum += c;
    }
    CHECK(sum == 2000);
    CHECK(static_cast<double>(matrix.correct) / 2000.0 > 0.85);
    REQUIRE_FALSE(matrix.mistakes.empty());
    CHECK(matrix.mistakes.front().confidence >= matrix.mistakes.back().confidence);
}

TEST_CASE("kernel learning controller: d2l's 1x2 kernel converges to about [1, -1]") {
    cs::core::KernelLearningController controller;
    controller.use_d2l_example();
    for (int i = 0; i < 10; ++i) {
        controller.step();
    }
    CHECK(controller.losses().size() == 10);
    CHECK(controller.losses().back() < controller.losses().front());
    const cs::Tensor& k = controller.learner().kernel();
    CHECK(k.at({0, 0}) == Approx(1.0).margin(0.1));
    CHECK(k.at({0, 1}) == Approx(-1.0).margin(0.1));

    // Playing on the timer stops by itself once converged.
    controller.reset();
    controller.set_interval_ms(1);
    controller.play();
    REQUIRE(cs::test::wait_until([&] { return !controller.playing(); }, 10000));
    CHECK(controller.learner().kernel().at({0, 0}) == Approx(1.0).margin(0.01));
}

TEST_CASE("kernel learning controller: a 3x3 Sobel kernel is learned from a photo") {
    cs::core::KernelLearningController controller;
    const cs::Tensor sobel({3, 3}, {-1, 0, 1, -2, 0, 2, -1, 0, 1});
    controller.use_kernel_on_image(cs::core::load_gray_plane(":/sample_images/camera.png", 48),
                                   sobel);
    const double start = controller.learner().loss();
    for (int i = 0; i < 400; ++i) {
        controller.step();
    }
    // A photo's neighbouring pixels are strongly correlated, so the last digits converge
    // slowly; the loss falls by orders of magnitude and the kernel's shape is already Sobel's.
    CHECK(controller.learner().loss() < start / 100.0);
    const cs::Tensor& k = controller.learner().kernel();
    CHECK(k.at({1, 2}) > 1.0);
    CHECK(k.at({1, 0}) < -1.0);
}
