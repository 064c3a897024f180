// max_pool2d 2x2 stride 2 on a 1920x1080 map (1 and 16 channels): the engine's kernel at 1 and
// 2 threads (the benchmark argument), its serial reference, a plain single-thread loop and
// OpenCV DNN's Pooling layer; avg_pool2d against cv::resize(INTER_AREA), which averages 2x2
// blocks when halving. bench/torch_pool.py times the same shapes with PyTorch.
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <limits>
#include <random>
#include <vector>

#include "bench/bench_helpers.hpp"
#include "engine/ops/avg_pool2d.hpp"
#include "engine/ops/max_pool2d.hpp"
#include "engine/parallel.hpp"

namespace {

using cs::bench::random_tensor;
using cs::bench::use_threads;

constexpr int64_t kH = 1080;
constexpr int64_t kW = 1920;

const cs::MaxPool2dParams kMax{.kernel_size = {2, 2}, .stride = cs::Pair{2, 2}};
const cs::AvgPool2dParams kAvg{.kernel_size = {2, 2}, .stride = cs::Pair{2, 2}};

void report_bytes(benchmark::State& state, int64_t channels) {
    // input read once, output and indices written once
    const int64_t in = channels * kH * kW * 4;
    state.SetBytesProcessed(state.iterations() * (in + in / 4 + in / 2));
}

// ---- engine ----

void engine_max_pool(benchmark::State& state, int64_t channels) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, channels, kH, kW}, 1);
    for (auto _ : state) {
        benchmark::DoNotOptimize(cs::max_pool2d_forward(x, kMax));
    }
    report_bytes(state, channels);
}

// The same with the output buffers of the previous run reused (max_pool2d_forward_into): the
// kernel alone, without allocating and zero-filling the output and indices.
void engine_max_pool_reuse(benchmark::State& state, int64_t channels) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, channels, kH, kW}, 1);
    cs::MaxPool2dResult result;
    cs::max_pool2d_forward_into(x, kMax, result);
    for (auto _ : state) {
        cs::max_pool2d_forward_into(x, kMax, result);
        benchmark::DoNotOptimize(result.output.data());
    }
    report_bytes(state, channels);
}

// torch's default return_indices=False (what the playground pipeline asks for): the output
// alone, freshly allocated each time.
void engine_max_pool_values(benchmark::State& state, int64_t channels) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, channels, kH, kW}, 1);
    for (auto _ : state) {
        benchmark::DoNotOptimize(cs::max_pool2d_values(x, kMax));
    }
    const int64_t in = channels * kH * kW * 4;
    state.SetBytesProcessed(state.iterations() * (in + in / 4));
}

void engine_max_pool_reference(benchmark::State& state, int64_t channels) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, channels, kH, kW}, 1);
    for (auto _ : state) {
        benchmark::DoNotOptimize(cs::max_pool2d_forward_reference(x, kMax));
    }
    report_bytes(state, channels);
}

void engine_avg_pool(benchmark::State& state, int64_t channels) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, channels, kH, kW}, 1);
    for (auto _ : state) {
        benchmark::DoNotOptimize(cs::avg_pool2d_forward(x, kAvg));
    }
}

// ---- a plain single-thread loop: 2x2 windows, maximum and index, nothing else ----

void plain_loop_max_pool(benchmark::State& state, int64_t channels) {
    const cs::Tensor x = random_tensor({1, channels, kH, kW}, 1);
    const int64_t oh = kH / 2, ow = kW / 2;
    for (auto _ : state) {
        std::vector<float> out(static_cast<size_t>(channels * oh * ow));
        std::vector<int64_t> idx(out.size());
        for (int64_t c = 0; c < channels; ++c) {
            const float* plane = x.data() + c * kH * kW;
            for (int64_t y = 0; y < oh; ++y) {
                for (int64_t xx = 0; xx < ow; ++xx) {
                    float best = -std::numeric_limits<float>::infinity();
                    int64_t at = 0;
                    for (int64_t ky = 0; ky < 2; ++ky) {
                        for (int64_t kx = 0; kx < 2; ++kx) {
                            const int64_t i = (2 * y + ky) * kW + 2 * xx + kx;
                            if (plane[i] > best) {
                                best = plane[i];
                                at = i;
                            }
                        }
                    }
                    out[static_cast<size_t>((c * oh + y) * ow + xx)] = best;
                    idx[static_cast<size_t>((c * oh + y) * ow + xx)] = at;
                }
            }
        }
        benchmark::DoNotOptimize(out.data());
        benchmark::DoNotOptimize(idx.data());
    }
    report_bytes(state, channels);
}

// ---- OpenCV ----

cv::dnn::Net pooling_net(const char* kind) {
    cv::dnn::LayerParams lp;
    lp.set("pool", kind);
    lp.set("kernel_size", 2);
    lp.set("stride", 2);
    lp.type = "Pooling";
    lp.name = "pool";
    cv::dnn::Net net;
    net.addLayerToPrev(lp.name, lp.type, lp);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return net;
}

void opencv_dnn_pool(benchmark::State& state, int64_t channels, const char* kind) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, channels, kH, kW}, 1);
    const int sizes[] = {1, static_cast<int>(channels), static_cast<int>(kH), static_cast<int>(kW)};
    const cv::Mat blob(4, sizes, CV_32F, const_cast<float*>(x.data()));
    cv::dnn::Net net = pooling_net(kind);
    net.setInput(blob);
    net.forward();  // warm-up: the first call sets the network up
    for (auto _ : state) {
        net.setInput(blob);
        benchmark::DoNotOptimize(net.forward());
    }
}

void opencv_resize_area(benchmark::State& state, int64_t channels) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, channels, kH, kW}, 1);
    for (auto _ : state) {
        for (int64_t c = 0; c < channels; ++c) {
            const cv::Mat src(static_cast<int>(kH), static_cast<int>(kW), CV_32F,
                              const_cast<float*>(x.data() + c * kH * kW));
            cv::Mat dst;
            cv::resize(src, dst, cv::Size(static_cast<int>(kW / 2), static_cast<int>(kH / 2)), 0, 0,
                       cv::INTER_AREA);
            benchmark::DoNotOptimize(dst.data);
        }
    }
}

}  // namespace

// Argument: thread count.
BENCHMARK_CAPTURE(engine_max_pool, 1ch, 1)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(engine_max_pool_reuse, 1ch, 1)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(engine_max_pool_values, 1ch, 1)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(engine_max_pool_reference, 1ch, 1)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(plain_loop_max_pool, 1ch, 1)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(opencv_dnn_pool, max_1ch, 1, "max")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(engine_max_pool, 16ch, 16)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(engine_max_pool_reuse, 16ch, 16)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(engine_max_pool_values, 16ch, 16)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(engine_max_pool_reference, 16ch, 16)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(plain_loop_max_pool, 16ch, 16)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(opencv_dnn_pool, max_16ch, 16, "max")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(engine_avg_pool, 16ch, 16)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(opencv_dnn_pool, avg_16ch, 16, "ave")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(opencv_resize_area, 16ch, 16)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
