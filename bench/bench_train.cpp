// Training speed: complete training steps (forward, loss, backward, optimiser update) of the
// lesson LeNets on batches of Fashion-MNIST already in memory, in examples per second.
// Compare with PyTorch on the same machine:
//   build/bench/bench_train --benchmark_filter=modern
//   /usr/bin/python3 bench/torch_lenet.py --threads 2
// Without the Fashion-MNIST package the images are random (the speed is the same).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/data/fashion_mnist.hpp"
#include "engine/parallel.hpp"
#include "engine/train/graph_learner.hpp"
#include "engine/train/random.hpp"
#include "engine/train/trainer.hpp"

namespace {

constexpr int64_t batches_in_memory = 20;

struct Batches {
    std::vector<cs::Tensor> images;
    std::vector<std::vector<int64_t>> labels;
};

Batches load_batches(int64_t batch_size) {
    Batches b;
    const bool have_data =
        std::filesystem::exists(cs::default_fashion_mnist_dir + "/train-images-idx3-ubyte.gz");
    cs::ImageDataset data;
    if (have_data) {
        data = cs::load_fashion_mnist(cs::Split::train);
    }
    cs::Pcg32 rng(1);
    for (int64_t k = 0; k < batches_in_memory; ++k) {
        std::vector<int64_t> indices;
        for (int64_t i = 0; i < batch_size; ++i) {
            indices.push_back((k * batch_size + i) % 60000);
        }
        if (have_data) {
            b.images.push_back(data.images(indices));
            b.labels.push_back(data.labels_of(indices));
            continue;
        }
        cs::Tensor images({batch_size, 1, 28, 28});
        for (float& v : images.values()) {
            v = rng.uniform01();
        }
        std::vector<int64_t> labels;
        for (int64_t i = 0; i < batch_size; ++i) {
            labels.push_back(rng.below(10));
        }
        b.images.push_back(std::move(images));
        b.labels.push_back(std::move(labels));
    }
    return b;
}

// Arguments: threads, batch size.
void train_steps(benchmark::State& state, const std::string& lesson_file) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    const int64_t batch_size = state.range(1);
    static const Batches batches = load_batches(256);
    const Batches own = batch_size == 256 ? Batches{} : load_batches(batch_size);
    const Batches& use = batch_size == 256 ? batches : own;
    cs::Trainer trainer(
        cs::read_lesson_file(std::string(CONVSCOPE_RESOURCE_DIR) + "/lessons/" + lesson_file));
    trainer.step(use.images[0], use.labels[0]);  // warm-up: allocates the work space
    int64_t k = 0;
    for (auto _ : state) {
        const cs::BatchResult r =
            trainer.step(use.images[static_cast<size_t>(k)], use.labels[static_cast<size_t>(k)]);
        benchmark::DoNotOptimize(r.loss);
        k = (k + 1) % batches_in_memory;
    }
    state.SetItemsProcessed(state.iterations() * batch_size);
    state.counters["threads"] = static_cast<double>(cs::thread_count());
    cs::set_thread_count(0);
}

// The same steps through the network graph (GraphLearner on graph_of the layer stack): the
// registry's ops, each parallel inside, instead of the layer stack's parallel chunks.
void graph_steps(benchmark::State& state, const std::string& lesson_file) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    static const Batches batches = load_batches(256);
    const cs::Lesson lesson =
        cs::read_lesson_file(std::string(CONVSCOPE_RESOURCE_DIR) + "/lessons/" + lesson_file);
    cs::Trainer trainer(lesson);
    cs::GraphLearner learner(cs::graph_of(trainer.network()), lesson.optimizer);
    learner.step(batches.images[0], batches.labels[0]);
    int64_t k = 0;
    for (auto _ : state) {
        const cs::BatchResult r = learner.step(batches.images[static_cast<size_t>(k)],
                                               batches.labels[static_cast<size_t>(k)]);
        benchmark::DoNotOptimize(r.loss);
        k = (k + 1) % batches_in_memory;
    }
    state.SetItemsProcessed(state.iterations() * 256);
    cs::set_thread_count(0);
}

void BM_graph_lenet_modern(benchmark::State& state) {
    graph_steps(state, "lenet_modern.json");
}
void BM_graph_lenet_d2l(benchmark::State& state) {
    graph_steps(state, "lenet_d2l.json");
}

void BM_train_lenet_modern(benchmark::State& state) {
    train_steps(state, "lenet_modern.json");
}
void BM_train_lenet_d2l(benchmark::State& state) {
    train_steps(state, "lenet_d2l.json");
}

}  // namespace

// items_per_second is examples per second.
BENCHMARK(BM_train_lenet_modern)
    ->ArgsProduct({{1, 2}, {256}})
    ->ArgNames({"threads", "batch"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);
BENCHMARK(BM_train_lenet_d2l)
    ->ArgsProduct({{1, 2}, {256}})
    ->ArgNames({"threads", "batch"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);

BENCHMARK(BM_graph_lenet_modern)
    ->ArgsProduct({{1, 2}})
    ->ArgNames({"threads"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);
BENCHMARK(BM_graph_lenet_d2l)
    ->ArgsProduct({{1, 2}})
    ->ArgNames({"threads"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);

BENCHMARK_MAIN();
