// The playground's pipeline on a 1920×1080 RGB photo: resources/pipelines/two_blocks.json,
// [conv 3×3 (8 channels) → ReLU → max-pool 2×2] × 2, at 1 and 2 threads (the argument).
// bench/torch_pipeline.py times the same pipeline with PyTorch.
//
//   pipeline_playground  what the playground runs: the banded forward, keeping thumbnails and
//                        ranges of every layer and the focused map (layer 1, channel 0) at
//                        full resolution
//   pipeline_thumbnails  the same without any full-resolution map
//   pipeline_banded      keeping all 8 maps of layer 1 at full resolution (66 MB)
//   pipeline_banded_all  the banded forward assembling every layer's full output (the CLI)
//   pipeline_op_by_op    forward_reference: one op at a time on whole tensors
//   pipeline_preview     the banded forward on the screen-resolution preview (longer side 960)
#include <benchmark/benchmark.h>

#include <random>

#include "engine/ops/conv_kernel.hpp"
#include "engine/parallel.hpp"
#include "engine/pipeline/input_image.hpp"
#include "engine/pipeline/map_collector.hpp"
#include "engine/pipeline/pipeline_forward.hpp"

namespace {

using namespace cs::pipeline;

// A photo-like 8-bit image: values k/255.
cs::Tensor photo(int64_t h, int64_t w) {
    std::mt19937 rng(1);
    std::uniform_int_distribution<int> pick(0, 255);
    cs::Tensor t({1, 3, h, w});
    for (float& v : t.values()) {
        v = static_cast<float>(pick(rng)) / 255.0f;
    }
    return t;
}

const PipelineSpec& spec() {
    static const PipelineSpec s =
        read_pipeline_file(std::string(CONVSCOPE_PIPELINE_DIR) + "/two_blocks.json");
    return s;
}

void pipeline_playground(benchmark::State& state) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    const InputImage input(photo(1080, 1920));
    const Plan plan = plan_pipeline(spec(), input.shape());
    for (auto _ : state) {
        MapCollector collector(plan, 160, {0});
        forward_streamed(plan, input, collector.sink());
        benchmark::DoNotOptimize(collector.take());
    }
    state.SetLabel(cs::conv_kernel::instruction_set());
}

void pipeline_banded(benchmark::State& state) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    const InputImage input(photo(1080, 1920));
    const Plan plan = plan_pipeline(spec(), input.shape());
    for (auto _ : state) {
        MapCollector collector(plan, 160, {Keep::all});
        forward_streamed(plan, input, collector.sink());
        benchmark::DoNotOptimize(collector.take());
    }
    state.SetLabel(cs::conv_kernel::instruction_set());
}

// The same without keeping any map at full resolution: thumbnails and ranges only.
void pipeline_thumbnails(benchmark::State& state) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    const InputImage input(photo(1080, 1920));
    const Plan plan = plan_pipeline(spec(), input.shape());
    for (auto _ : state) {
        MapCollector collector(plan, 160, {});
        forward_streamed(plan, input, collector.sink());
        benchmark::DoNotOptimize(collector.take());
    }
}

void pipeline_banded_all(benchmark::State& state) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    const cs::Tensor input = photo(1080, 1920);
    const Plan plan = plan_pipeline(spec(), input.shape());
    for (auto _ : state) {
        benchmark::DoNotOptimize(forward(plan, input));
    }
}

void pipeline_op_by_op(benchmark::State& state) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    const cs::Tensor input = photo(1080, 1920);
    const Plan plan = plan_pipeline(spec(), input.shape());
    for (auto _ : state) {
        benchmark::DoNotOptimize(forward_reference(plan, input));
    }
}

void pipeline_preview(benchmark::State& state) {
    cs::set_thread_count(static_cast<int>(state.range(0)));
    const cs::Tensor full = photo(1080, 1920);
    for (auto _ : state) {
        const InputImage input(resize_area(full, fit_size(1080, 1920, 960)));
        const Plan plan = plan_pipeline(spec(), input.shape());
        MapCollector collector(plan, 160, {0});
        forward_streamed(plan, input, collector.sink());
        benchmark::DoNotOptimize(collector.take());
    }
}

}  // namespace

BENCHMARK(pipeline_playground)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(pipeline_banded)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(pipeline_thumbnails)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(pipeline_banded_all)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(pipeline_op_by_op)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(pipeline_preview)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
