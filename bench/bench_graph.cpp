// Training speed of a network graph: one ResNet basic block (two 3×3 convolutions with batch
// norm, 64 channels, 56×56, the identity shortcut added back), a complete step — forward in
// training mode, backward of Σ output ⊙ g, SGD update — on a batch of 8. Compare with PyTorch
// on the same machine and threads:
//   build/bench/bench_graph --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//   /usr/bin/python3 bench/torch_resnet_block.py --threads 2
#include <benchmark/benchmark.h>

#include "engine/graph/graph.hpp"
#include "engine/parallel.hpp"
#include "engine/train/optimizer.hpp"
#include "engine/train/random.hpp"

namespace {

constexpr int64_t kChannels = 64, kSize = 56, kBatch = 8;

// Freed feature maps are kept for the next step, as a cs::GraphLearner does for its whole life
// (here: the whole program, so that each timed run does not start from fresh pages).
const cs::TensorBufferReuse keep_buffers;

cs::Tensor uniform(cs::Shape shape, float bound, cs::Pcg32& rng) {
    cs::Tensor t(std::move(shape));
    for (float& v : t.values()) {
        v = rng.uniform(-bound, bound);
    }
    return t;
}

cs::Graph resnet_block(cs::Pcg32& rng) {
    const float bound = 1.0f / std::sqrt(static_cast<float>(kChannels * 9));
    auto conv = [&](std::string name, std::string input) {
        cs::GraphNode n{std::move(name), "conv2d", {std::move(input)}, {{"padding", 1}}, {}};
        n.tensors["weight"] = uniform({kChannels, kChannels, 3, 3}, bound, rng);
        return n;
    };
    auto bn = [](std::string name, std::string input) {
        cs::GraphNode n{std::move(name), "batch_norm2d", {std::move(input)}, {}, {}};
        n.tensors = {{"weight", cs::Tensor({kChannels}, 1.0f)},
                     {"bias", cs::Tensor({kChannels})},
                     {"running_mean", cs::Tensor({kChannels})},
                     {"running_var", cs::Tensor({kChannels}, 1.0f)}};
        return n;
    };
    std::vector<cs::GraphNode> nodes{conv("conv1", "input"),
                                     bn("bn1", "conv1"),
                                     {"relu1", "relu", {"bn1"}, {}, {}},
                                     conv("conv2", "relu1"),
                                     bn("bn2", "conv2"),
                                     {"sum", "add", {"bn2", "input"}, {}, {}},
                                     {"out", "relu", {"sum"}, {}, {}}};
    return cs::Graph({kChannels, kSize, kSize}, std::move(nodes));
}

void resnet_block_train_step(benchmark::State& state) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    cs::Pcg32 rng(1);
    cs::Graph graph = resnet_block(rng);
    const cs::Tensor x = uniform({kBatch, kChannels, kSize, kSize}, 1.0f, rng);
    const cs::Tensor g = uniform(x.shape(), 1.0f, rng);
    auto optimizer = cs::make_optimizer(cs::SgdConfig{.lr = 0.01, .momentum = 0.9});
    std::vector<cs::Parameter> params;
    for (const std::string& name : graph.parameter_names()) {
        params.push_back({name, graph.parameter(name), cs::Tensor()});
    }
    for (auto _ : state) {
        const cs::GraphRun run = graph.run(x, true);
        cs::GraphGrads grads = graph.backward(run, g);
        for (cs::Parameter& p : params) {
            p.grad = std::move(grads.parameters.at(p.name));
        }
        optimizer->step(params);
        for (const cs::Parameter& p : params) {
            graph.parameter(p.name) = p.value;
        }
        graph.update_state(run);
        benchmark::DoNotOptimize(run.output().data());
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
    cs::set_thread_count(0);
}

void resnet_block_forward_eval(benchmark::State& state) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    cs::Pcg32 rng(1);
    const cs::Graph graph = resnet_block(rng);
    const cs::Tensor x = uniform({kBatch, kChannels, kSize, kSize}, 1.0f, rng);
    for (auto _ : state) {
        const cs::GraphRun run = graph.run(x, false);
        benchmark::DoNotOptimize(run.output().data());
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
    cs::set_thread_count(0);
}

}  // namespace

BENCHMARK(resnet_block_train_step)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(resnet_block_forward_eval)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
