#include <catch2/catch.hpp>

#include <filesystem>

#include "engine/parallel.hpp"
#include "engine/train/predict.hpp"
#include "engine/train/trainer.hpp"

using namespace cs;

namespace {

// 120 8×8 images in 3 classes a small network can tell apart: a bright top row, a bright
// left column, or a bright centre, with noise.
ImageDataset toy_dataset(int64_t count, uint64_t seed) {
    ImageDataset set;
    set.count = count;
    set.height = 8;
    set.width = 8;
    set.class_count = 3;
    Pcg32 rng(seed);
    for (int64_t i = 0; i < count; ++i) {
        const auto label = static_cast<uint8_t>(i % 3);
        set.labels.push_back(label);
        for (int64_t y = 0; y < 8; ++y) {
            for (int64_t x = 0; x < 8; ++x) {
                const bool lit = (label == 0 && y < 2) || (label == 1 && x < 2) ||
                                 (label == 2 && y >= 3 && y < 5 && x >= 3 && x < 5);
                set.pixels.push_back(static_cast<uint8_t>((lit ? 180 : 0) + rng.below(60)));
            }
        }
    }
    return set;
}

Lesson toy_lesson(const OptimizerConfig& optimizer) {
    Lesson lesson;
    lesson.name = "toy";
    lesson.network.input = {1, 8, 8};
    lesson.network.layers = {
        {.kind = LayerKind::conv2d,
         .out_channels = 4,
         .kernel_size = {3, 3},
         .stride = {1, 1},
         .padding = {1, 1}},
        {.kind = LayerKind::relu},
        {.kind = LayerKind::max_pool2d, .kernel_size = {2, 2}, .stride = {2, 2}},
        {.kind = LayerKind::flatten},
        {.kind = LayerKind::linear, .out_features = 3},
    };
    lesson.init = {.weight = WeightInit::kaiming_uniform, .seed = 4};
    lesson.optimizer = optimizer;
    return lesson;
}

std::vector<std::vector<float>> weights_of(const Trainer& t) {
    std::vector<std::vector<float>> out;
    for (const Parameter& p : t.network().parameters()) {
        out.push_back(p.value.to_vector());
    }
    return out;
}

}  // namespace

TEST_CASE("trainer: a small network learns a toy task") {
    const ImageDataset train = toy_dataset(120, 1);
    const ImageDataset test = toy_dataset(60, 2);
    Trainer trainer(toy_lesson(AdamConfig{.lr = 0.01}));
    EpochReport last;
    for (int e = 0; e < 8; ++e) {
        last = trainer.train_epoch(train, &test, {.batch_size = 16});
    }
    CHECK(last.epoch == 8);
    CHECK(trainer.epochs_done() == 8);
    CHECK(trainer.history().size() == 8);
    CHECK(last.test_accuracy > 0.9);
    CHECK(last.loss < trainer.history().front().loss);
}

TEST_CASE("trainer: the same seed gives the same weights, with any thread count") {
    const ImageDataset train = toy_dataset(100, 1);
    std::vector<std::vector<float>> first;
    for (int threads : {1, 2}) {
        set_thread_count(threads);
        Trainer trainer(toy_lesson(SgdConfig{.lr = 0.1, .momentum = 0.9}));
        trainer.train_epoch(train, nullptr, {.batch_size = 40});  // chunks of 32 + 8
        if (first.empty()) {
            first = weights_of(trainer);
        } else {
            CHECK(weights_of(trainer) == first);
        }
    }
    set_thread_count(0);
}

TEST_CASE("trainer: resuming from a weights file continues exactly") {
    const ImageDataset train = toy_dataset(90, 3);
    for (const OptimizerConfig& config :
         {OptimizerConfig{SgdConfig{.lr = 0.05, .momentum = 0.9}}, OptimizerConfig{AdamConfig{}}}) {
        Trainer straight(toy_lesson(config));
        straight.train_epoch(train, nullptr, {.batch_size = 32});
        straight.train_epoch(train, nullptr, {.batch_size = 32});

        Trainer first_half(toy_lesson(config));
        first_half.train_epoch(train, nullptr, {.batch_size = 32});
        const std::string path =
            (std::filesystem::temp_directory_path() / "convscope_test_resume.csw").string();
        write_weights_file(path, first_half.to_weights_file());
        Trainer resumed(read_weights_file(path));
        std::filesystem::remove(path);
        CHECK(resumed.epochs_done() == 1);
        CHECK(resumed.history().size() == 1);
        resumed.train_epoch(train, nullptr, {.batch_size = 32});
        CHECK(weights_of(resumed) == weights_of(straight));
        CHECK(resumed.optimizer().steps() == straight.optimizer().steps());
    }
}

TEST_CASE("trainer: progress after every batch, and a stop request ends the epoch") {
    const ImageDataset train = toy_dataset(100, 1);
    Trainer trainer(toy_lesson(SgdConfig{.lr = 0.1}));
    std::vector<BatchProgress> seen;
    TrainCallbacks callbacks;
    callbacks.on_batch = [&](const BatchProgress& p) { seen.push_back(p); };
    callbacks.stop_requested = [&] { return seen.size() == 2; };
    const EpochReport r = trainer.train_epoch(train, &train, {.batch_size = 30}, callbacks);
    CHECK_FALSE(r.completed);
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].batch == 2);
    CHECK(seen[1].batches == 4);
    CHECK(seen[1].examples == 60);
    CHECK(trainer.epochs_done() == 0);
    CHECK(trainer.history().empty());
}

TEST_CASE("trainer: --limit trains on the first examples only") {
    const ImageDataset train = toy_dataset(100, 1);
    Trainer trainer(toy_lesson(SgdConfig{.lr = 0.1}));
    std::vector<BatchProgress> seen;
    TrainCallbacks callbacks;
    callbacks.on_batch = [&](const BatchProgress& p) { seen.push_back(p); };
    trainer.train_epoch(train, nullptr, {.batch_size = 16, .limit = 20}, callbacks);
    REQUIRE(seen.size() == 2);
    CHECK(seen.back().examples == 20);
}

TEST_CASE("trainer: each epoch visits every example once, in a seeded order") {
    const auto a = epoch_order(5, 0, 50);
    CHECK(a == epoch_order(5, 0, 50));
    CHECK(a != epoch_order(5, 1, 50));
    auto sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (int64_t i = 0; i < 50; ++i) {
        CHECK(sorted[static_cast<size_t>(i)] == i);
    }
}

TEST_CASE("predict: area resize averages the covered pixels") {
    // clang-format off
    const Tensor plane({4, 4}, {1, 1, 0, 0,
                                1, 1, 0, 0,
                                0, 0, 0, 0,
                                0, 0, 4, 8});
    // clang-format on
    const Tensor half = area_resize(plane, 2, 2);
    CHECK(half.values() == std::vector<float>{1, 0, 0, 3});
    const Tensor third = area_resize(Tensor({1, 3}, {3, 6, 9}), 1, 2);
    // Output cell 0 covers input 0 and half of input 1: (3 + 0.5·6) / 1.5 = 4.
    CHECK(third.values()[0] == Approx(4.0f));
    CHECK(third.values()[1] == Approx(8.0f));
}

TEST_CASE("predict: a dark object on a light background is inverted to match Fashion-MNIST") {
    Tensor photo({1, 1, 56, 40}, 0.9f);  // light background, not square
    for (int64_t y = 10; y < 46; ++y) {
        for (int64_t x = 10; x < 30; ++x) {
            photo(0, 0, y, x) = 0.1f;
        }
    }
    const PreparedImage p = prepare_image(photo, 28, 28, InvertMode::automatic);
    CHECK(p.inverted);
    CHECK(p.background == Approx(0.9f));
    CHECK(p.input.shape() == Shape{1, 1, 28, 28});
    CHECK(p.input(0, 0, 0, 0) == Approx(0.1f));    // background → dark
    CHECK(p.input(0, 0, 14, 14) == Approx(0.9f));  // object → light
    const PreparedImage kept = prepare_image(photo, 28, 28, InvertMode::never);
    CHECK_FALSE(kept.inverted);
    CHECK(kept.input(0, 0, 14, 14) == Approx(0.1f));
}
